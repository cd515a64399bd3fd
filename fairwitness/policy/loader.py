"""Load and validate the published policy file.

Validation is strict: an unknown key, a missing key, a wrong type, a min above
its max, an id list naming an undefined id, or a rule description missing or
extra all raise PolicyInvalid naming the key. A policy that loads is one the
rule functions can apply without further checks.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from fairwitness.policy.document import (
    CommunityLimits,
    EmergencyLimits,
    GrantLimits,
    LegalRules,
    Policy,
    RetentionLimits,
)
from fairwitness.policy.public import PLACEHOLDERS, description_placeholders
from fairwitness.policy.rules import Rule

PACKAGED_POLICY = "policy.toml"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class PolicyInvalid(ValueError):
    """The policy file cannot be used; the message names the offending key."""


def policy_canonical_bytes(raw: bytes) -> bytes:
    """The bytes the policy hash covers: the file with CRLF line ends made LF.

    A checkout on Windows must not change the hash of the same policy.
    """
    return raw.replace(b"\r\n", b"\n")


def policy_hash(raw: bytes) -> str:
    """Lowercase hex SHA-256 of the canonical bytes of a policy file."""
    return hashlib.sha256(policy_canonical_bytes(raw)).hexdigest()


def policy_load(*, path: Path | str | None = None) -> Policy:
    """Read, validate and identify a policy file.

    Without ``path`` the policy shipped inside this package is read (through
    importlib.resources, so it also works from an installed wheel).
    Raises PolicyInvalid for a file that is not UTF-8 TOML or breaks a rule of
    the schema, and OSError if ``path`` cannot be read.
    """
    if path is None:
        raw = resources.files("fairwitness.policy").joinpath(PACKAGED_POLICY).read_bytes()
    else:
        raw = Path(path).read_bytes()
    return policy_parse(raw)


def policy_parse(raw: bytes) -> Policy:
    """Validate the bytes of a policy file and build the Policy; see policy_load."""
    canonical = policy_canonical_bytes(raw)
    try:
        text = canonical.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise PolicyInvalid(f"the policy file is not UTF-8: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyInvalid(f"the policy file is not valid TOML: {exc}") from exc
    return _policy_build(data, text=text, sha256=hashlib.sha256(canonical).hexdigest())


def _policy_build(data: dict[str, Any], *, text: str, sha256: str) -> Policy:
    top = _Table(data, "")
    top.keys(
        "version",
        "title",
        "community",
        "emergency",
        "grant",
        "retention",
        "legal",
        "offenses",
        "attestations",
        "channels",
        "agencies",
        "rules",
    )
    version = top.text("version")
    title = top.text("title")

    c = top.table("community")
    c.keys(
        "window_min_minutes",
        "window_max_minutes",
        "area_min_sq_mi",
        "area_max_sq_mi",
        "lookback_days",
        "requests_per_incident_max",
        "open_days",
    )
    community = CommunityLimits(
        window_min=timedelta(minutes=c.positive_int("window_min_minutes")),
        window_max=timedelta(minutes=c.positive_int("window_max_minutes")),
        area_min_sq_mi=c.positive_number("area_min_sq_mi"),
        area_max_sq_mi=c.positive_number("area_max_sq_mi"),
        lookback=timedelta(days=c.positive_int("lookback_days")),
        requests_per_incident_max=c.positive_int("requests_per_incident_max"),
        open_for=timedelta(days=c.positive_int("open_days")),
    )
    c.ordered("window_min_minutes", "window_max_minutes")
    c.ordered("area_min_sq_mi", "area_max_sq_mi")

    e = top.table("emergency")
    e.keys("window_max_minutes", "followup_legal_process_hours", "owner_notice_hours")
    emergency = EmergencyLimits(
        window_max=timedelta(minutes=e.positive_int("window_max_minutes")),
        followup=timedelta(hours=e.positive_int("followup_legal_process_hours")),
        owner_notice=timedelta(hours=e.positive_int("owner_notice_hours")),
    )

    g = top.table("grant")
    g.keys("length_days", "total_max_days")
    grant = GrantLimits(
        length=timedelta(days=g.positive_int("length_days")),
        total_max=timedelta(days=g.positive_int("total_max_days")),
    )
    g.ordered("length_days", "total_max_days")

    r = top.table("retention")
    r.keys("min_days", "max_days", "default_days")
    retention = RetentionLimits(
        min_days=r.positive_int("min_days"),
        max_days=r.positive_int("max_days"),
        default_days=r.positive_int("default_days"),
    )
    r.ordered("min_days", "max_days")
    r.ordered("min_days", "default_days")
    r.ordered("default_days", "max_days")

    lg = top.table("legal")
    lg.keys("kinds", "video_kinds", "owner_notice_days")
    legal_kinds = lg.table("kinds").labels()
    legal = LegalRules(
        kinds=legal_kinds,
        video_kinds=lg.id_set("video_kinds", within=legal_kinds, within_name="legal.kinds"),
        owner_notice=timedelta(days=lg.positive_int("owner_notice_days")),
    )

    o = top.table("offenses")
    o.keys("categories", "denied")
    categories = o.table("categories").labels()
    denied = o.id_set("denied", within=categories, within_name="offenses.categories")

    attestations = top.table("attestations").labels()

    channels = top.table("channels").labels()

    a = top.table("agencies")
    a.keys(
        "kinds",
        "community_denied_kinds",
        "emergency_denied_kinds",
        "view_only_kinds",
        "legal_video_kinds",
    )
    agency_kinds = a.table("kinds").labels()
    community_denied, emergency_denied, view_only = (
        a.id_set(key, within=agency_kinds, within_name="agencies.kinds")
        for key in ("community_denied_kinds", "emergency_denied_kinds", "view_only_kinds")
    )
    agency_video = _agency_legal_video_kinds(a.table("legal_video_kinds"), agency_kinds, legal)

    descriptions = _descriptions_validate(top.table("rules"))

    return Policy(
        version=version,
        title=title,
        sha256=sha256,
        source=text,
        community=community,
        emergency=emergency,
        grant=grant,
        retention=retention,
        legal=legal,
        offense_categories=categories,
        denied_offenses=denied,
        attestations=attestations,
        channels=channels,
        agency_kinds=agency_kinds,
        community_denied_agency_kinds=community_denied,
        emergency_denied_agency_kinds=emergency_denied,
        view_only_agency_kinds=view_only,
        agency_legal_video_kinds=agency_video,
        descriptions=descriptions,
    )


def _agency_legal_video_kinds(
    table: _Table, agency_kinds: Mapping[str, str], legal: LegalRules
) -> Mapping[str, frozenset[str]]:
    """agency kind = [legal kinds]: each a known agency kind, each list within legal.video_kinds
    (an agency kind can be held to fewer kinds of legal process, never to more)."""
    out: dict[str, frozenset[str]] = {}
    for kind in table.data:
        if kind not in agency_kinds:
            raise PolicyInvalid(f"{table.path}.{kind}: not defined in agencies.kinds")
        kinds = table.id_set(kind, within=legal.kinds, within_name="legal.kinds")
        wider = sorted(kinds - legal.video_kinds)
        if wider:
            raise PolicyInvalid(
                f"{table.path}.{kind}: {wider[0]!r} is not in legal.video_kinds; an agency kind "
                "may be held to fewer kinds of legal process, never to more"
            )
        out[kind] = kinds
    return MappingProxyType(out)


def _descriptions_validate(rules: _Table) -> Mapping[str, str]:
    expected = {rule.value for rule in Rule}
    present = set(rules.data)
    missing = sorted(expected - present)
    if missing:
        raise PolicyInvalid(f"rules: no description for rule {', '.join(missing)}")
    rules.keys(*sorted(expected))
    out: dict[str, str] = {}
    for rule_id in sorted(expected):
        template = rules.text(rule_id)
        try:
            names = description_placeholders(template)
        except ValueError as exc:
            raise PolicyInvalid(f"rules.{rule_id}: {exc}") from exc
        unknown = [n for n in names if n not in PLACEHOLDERS]
        if unknown:
            raise PolicyInvalid(
                f"rules.{rule_id}: unknown placeholder {{{unknown[0]}}}; "
                f"known are {', '.join(sorted(PLACEHOLDERS))}"
            )
        out[rule_id] = template
    return MappingProxyType(out)


class _Table:
    """One TOML table being validated, with its dotted path for messages."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise PolicyInvalid(f"{path or 'the file'} must be a table")
        self.data: dict[str, Any] = data
        self.path = path

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def keys(self, *allowed: str) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise PolicyInvalid(f"{self._name(unknown[0])}: unknown key")
        missing = [k for k in allowed if k not in self.data]
        if missing:
            raise PolicyInvalid(f"{self._name(missing[0])}: missing")

    def table(self, key: str) -> _Table:
        if key not in self.data:
            raise PolicyInvalid(f"{self._name(key)}: missing")
        return _Table(self.data[key], self._name(key))

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PolicyInvalid(f"{self._name(key)} must be a non-empty string, got {value!r}")
        return value

    def positive_int(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PolicyInvalid(f"{self._name(key)} must be an integer, got {value!r}")
        if value <= 0:
            raise PolicyInvalid(f"{self._name(key)} must be positive, got {value}")
        return value

    def positive_number(self, key: str) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PolicyInvalid(f"{self._name(key)} must be a number, got {value!r}")
        if not value > 0 or value == float("inf"):
            raise PolicyInvalid(f"{self._name(key)} must be a positive finite number, got {value}")
        return float(value)

    def ordered(self, low: str, high: str) -> None:
        if self.data[low] > self.data[high]:
            raise PolicyInvalid(
                f"{self._name(low)} ({self.data[low]}) must not exceed "
                f"{self._name(high)} ({self.data[high]})"
            )

    def labels(self) -> Mapping[str, str]:
        """A table of id = "text" pairs; at least one, ids in snake_case."""
        if not self.data:
            raise PolicyInvalid(f"{self.path} must not be empty")
        for key in self.data:
            if not _ID.match(key):
                raise PolicyInvalid(f"{self._name(key)}: ids are lowercase snake_case")
            self.text(key)
        return MappingProxyType(dict(self.data))

    def id_set(self, key: str, *, within: Mapping[str, str], within_name: str) -> frozenset[str]:
        value = self.data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PolicyInvalid(f"{self._name(key)} must be a list of ids, got {value!r}")
        if len(set(value)) != len(value):
            raise PolicyInvalid(f"{self._name(key)} lists an id twice")
        for item in value:
            if item not in within:
                raise PolicyInvalid(f"{self._name(key)}: {item!r} is not defined in {within_name}")
        return frozenset(value)
