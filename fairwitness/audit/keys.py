"""The installation's log key, origin and witness list, read from settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fairwitness.audit.tlog.cosignature import CosignatureVerifier
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.keys import signer_from_skey, verifier_from_vkey, vkey_format
from fairwitness.audit.tlog.note import Ed25519NoteSigner


def log_origin() -> str:
    return str(settings.AUDIT_LOG_ORIGIN)


@cache
def _signer(skey: str, origin: str) -> Ed25519NoteSigner:
    try:
        signer = signer_from_skey(skey)
    except FormatError as exc:
        raise ImproperlyConfigured(f"FAIRWITNESS_LOG_KEY is not a signer key: {exc}") from exc
    if not isinstance(signer, Ed25519NoteSigner):
        raise ImproperlyConfigured("FAIRWITNESS_LOG_KEY must be an Ed25519 (type 0x01) key")
    if signer.name != origin:
        raise ImproperlyConfigured(
            f"the log key is named {signer.name!r} but the log origin is {origin!r}; "
            "set FAIRWITNESS_LOG_ORIGIN to the key's name or generate a key for the origin"
        )
    return signer


def log_signer() -> Ed25519NoteSigner:
    return _signer(str(settings.AUDIT_LOG_KEY), log_origin())


def log_vkey() -> str:
    """The verifier key people pass to the verifier and witnesses."""
    return vkey_format(log_signer())


@dataclass(frozen=True)
class WitnessConfig:
    name: str
    url: str
    verifier: CosignatureVerifier

    @property
    def vkey(self) -> str:
        return vkey_format(self.verifier)


@cache
def _witnesses(raw: str) -> tuple[WitnessConfig, ...]:
    out: list[WitnessConfig] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        name, sep, rest = item.partition("=")
        url, sep2, vkey = rest.rpartition("=")
        if not (sep and sep2 and name and url):
            raise ImproperlyConfigured(f"FAIRWITNESS_WITNESSES item {item!r} must be name=url=vkey")
        try:
            verifier = verifier_from_vkey(vkey)
        except FormatError as exc:
            raise ImproperlyConfigured(f"witness {name!r} has a bad vkey: {exc}") from exc
        if not isinstance(verifier, CosignatureVerifier):
            raise ImproperlyConfigured(f"witness {name!r} needs a cosignature (0x04) vkey")
        out.append(WitnessConfig(verifier.name, url.rstrip("/"), verifier))
    return tuple(out)


def witnesses_configured() -> tuple[WitnessConfig, ...]:
    return _witnesses(str(settings.AUDIT_WITNESSES))


def witness_quorum() -> int:
    """M of N: how many cosignatures make a checkpoint final."""
    configured = int(settings.AUDIT_WITNESS_QUORUM)
    count = len(witnesses_configured())
    return count if configured < 0 else min(configured, count)
