"""The evidence verification procedure, step by step.

Each step raises ``EvidenceFailure`` with a kind and a one-line message:

1. unpack the ZIP and read ``manifest.json`` (``malformed package``);
2. the release copy's SHA-256 is the one ``manifest.json`` names (``hash mismatch``);
3. the package's checkpoint is signed by the given log key (``bad signature``);
4. every log entry is included under that checkpoint (``not in the log``);
5. the package's signing CA is the one whose fingerprint the log published in an
   ``evidence:certificate:issued`` entry of step 4 (``untrusted certificate``);
6. the video's C2PA manifest is valid, signed by a certificate of that CA, and
   its hard binding matches the video's bytes (``C2PA``);
7. ``manifest.json``'s claims are exactly the claims signed in the C2PA manifest,
   the ingredient is the original named by its SHA-256, and the grant and download
   entries name the package's grant (``manifest mismatch``);
8. with a log client: the live checkpoint verifies, its tiles hash to its root,
   and it extends the package's checkpoint (``inconsistent with the live log``).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fairwitness.audit.tlog.checkpoint import Checkpoint, checkpoint_open
from fairwitness.audit.tlog.errors import FormatError, ProofError, SignatureError, TlogError
from fairwitness.audit.tlog.merkle import leaf_hash, tree_root, verify_inclusion
from fairwitness.audit.tlog.note import NoteVerifier
from fairwitness.audit.tlog.tiles import TileHashReader
from fairwitness.audit.verifier.check import checkpoint_consistency_check
from fairwitness.audit.verifier.fetch import LogClient
from fairwitness.evidence.certificates import CredentialsError, certificate_sha256
from fairwitness.evidence.events import CERTIFICATE_SUBJECT, EvidenceEvent
from fairwitness.evidence.package import (
    GRANT_ROLES,
    ROLE_CERTIFICATE,
    PackageFormatError,
    file_sha256,
    package_open,
)
from fairwitness.evidence.provenance import ProvenanceError, release_read


class EvidenceFailure(Exception):
    """A check failed: ``kind`` names the check, the message says what was found."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind

    def line(self) -> str:
        return f"FAIL {self.kind}: {self}"


@dataclass(frozen=True)
class EvidenceReport:
    release_sha256: str
    origin: str
    checkpoint_size: int
    entries: int
    live_size: int | None
    edits: tuple[str, ...]


@dataclass(frozen=True)
class _Entry:
    role: str
    index: int
    body: dict[str, Any]


def _malformed(message: str) -> EvidenceFailure:
    return EvidenceFailure("malformed package", message)


def _field(mapping: Any, key: str, kind: type, where: str) -> Any:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _malformed(f"{where}.{key} is missing or not a {kind.__name__}")
    return value


def _subject_ids(body: dict[str, Any], kind: str) -> set[str]:
    """The ids an entry's subject gives for ``kind``, as strings, whatever its shape."""
    found: set[str] = set()

    def walk(subject: Any) -> None:
        if isinstance(subject, str):
            name, _, ref = subject.partition(":")
            if name == kind:
                found.add(ref)
        elif isinstance(subject, list):
            for item in subject:
                walk(item)
        elif isinstance(subject, dict):
            value = subject.get(kind)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    found.add(str(item))

    walk(body.get("subject"))
    return found


def _checkpoint(log: dict[str, Any], key: NoteVerifier) -> Checkpoint:
    note = _field(log, "checkpoint", str, "claims.log")
    try:
        return checkpoint_open(note, [key], origin=key.name).checkpoint
    except SignatureError as exc:
        raise EvidenceFailure(
            "bad signature", f"the package's checkpoint is not signed by the given log key: {exc}"
        ) from exc
    except FormatError as exc:
        raise EvidenceFailure("bad signature", f"the package's checkpoint: {exc}") from exc


def _entries_check(log: dict[str, Any], checkpoint: Checkpoint) -> list[_Entry]:
    raw_entries = _field(log, "entries", list, "claims.log")
    out: list[_Entry] = []
    for position, raw in enumerate(raw_entries):
        where = f"claims.log.entries[{position}]"
        role = _field(raw, "role", str, where)
        index = _field(raw, "index", int, where)
        text = _field(raw, "entry", str, where)
        try:
            path = [
                base64.b64decode(h, validate=True) for h in _field(raw, "audit_path", list, where)
            ]
            body = json.loads(text)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise _malformed(f"{where} is not a log entry with a base64 audit path") from exc
        try:
            verify_inclusion(
                index, checkpoint.size, leaf_hash(text.encode()), path, checkpoint.root_hash
            )
        except ProofError as exc:
            raise EvidenceFailure(
                "not in the log",
                f"the {role} entry at index {index} is not in the log signed at size "
                f"{checkpoint.size}: {exc}",
            ) from exc
        if not isinstance(body, dict):
            raise _malformed(f"{where}.entry is not a JSON object")
        out.append(_Entry(role, index, body))
    return out


def _certificate_check(entries: list[_Entry], ca_pem: bytes, claims: dict[str, Any]) -> str:
    try:
        fingerprint = certificate_sha256(ca_pem)
    except CredentialsError as exc:
        raise _malformed(f"signing-ca.pem: {exc}") from exc
    published = {
        ref
        for entry in entries
        if entry.role == ROLE_CERTIFICATE
        and entry.body.get("event") == EvidenceEvent.CERTIFICATE_ISSUED
        for ref in _subject_ids(entry.body, CERTIFICATE_SUBJECT)
    }
    if fingerprint not in published:
        raise EvidenceFailure(
            "untrusted certificate",
            f"the package's signing CA (SHA-256 {fingerprint}) is not one the log published "
            f"({', '.join(sorted(published)) or 'no certificate entry'})",
        )
    if claims.get("signing_ca_sha256") != fingerprint:
        raise EvidenceFailure(
            "manifest mismatch", "claims.signing_ca_sha256 is not the package's signing CA"
        )
    return fingerprint


def _claims_check(claims: dict[str, Any], signed: Any, ingredients: tuple[str, ...]) -> None:
    if signed != claims:
        differing = sorted(
            key
            for key in set(claims) | set(signed if isinstance(signed, dict) else {})
            if not isinstance(signed, dict) or claims.get(key) != signed.get(key)
        )
        raise EvidenceFailure(
            "manifest mismatch",
            "manifest.json's claims differ from those signed in the video's C2PA manifest "
            f"({', '.join(differing)})",
        )
    original = _field(claims, "original", dict, "claims")
    sha = _field(original, "sha256", str, "claims.original")
    if f"sha256:{sha}" not in ingredients:
        raise EvidenceFailure(
            "manifest mismatch", f"the C2PA ingredient is not the original with SHA-256 {sha}"
        )


def _grant_check(entries: list[_Entry], claims: dict[str, Any]) -> None:
    grant = _field(claims, "grant", dict, "claims")
    grant_id = str(_field(grant, "id", int, "claims.grant"))
    for entry in entries:
        if entry.role in GRANT_ROLES and grant_id not in _subject_ids(entry.body, "grant"):
            raise EvidenceFailure(
                "manifest mismatch",
                f"the {entry.role} entry at index {entry.index} is not about grant {grant_id}",
            )


def _live_check(client: LogClient, key: NoteVerifier, checkpoint: Checkpoint) -> int:
    try:
        live = checkpoint_open(client.checkpoint(), [key], origin=key.name).checkpoint
        reader = TileHashReader(live.size, client.tile)
        if tree_root(live.size, reader) != live.root_hash:
            raise ProofError("the live log's tiles do not hash to its checkpoint's root")
        checkpoint_consistency_check(checkpoint, live, reader)
    except SignatureError as exc:
        raise EvidenceFailure("bad signature", f"the live checkpoint: {exc}") from exc
    except ProofError as exc:
        raise EvidenceFailure("inconsistent with the live log", str(exc)) from exc
    except TlogError as exc:
        raise EvidenceFailure("network error", f"reading the live log: {exc}") from exc
    if checkpoint.size == live.size and checkpoint.root_hash != live.root_hash:
        raise EvidenceFailure(
            "inconsistent with the live log",
            f"the live log at size {live.size} has another root than the package's checkpoint",
        )
    return live.size


def package_verify(
    *, path: Path, key: NoteVerifier, folder: Path, client: LogClient | None = None
) -> EvidenceReport:
    """Run every check on the package at ``path`` (unpacked into ``folder``)."""
    try:
        opened = package_open(path=path, folder=folder)
    except PackageFormatError as exc:
        raise _malformed(str(exc)) from exc
    release = opened.manifest["release"]
    claimed = _field(release, "sha256", str, "release")
    actual = file_sha256(opened.release)
    if actual != claimed:
        raise EvidenceFailure(
            "hash mismatch",
            f"release.mp4 has SHA-256 {actual}, but manifest.json names {claimed}",
        )
    claims = opened.manifest["claims"]
    log = _field(claims, "log", dict, "claims")
    checkpoint = _checkpoint(log, key)
    entries = _entries_check(log, checkpoint)
    _certificate_check(entries, opened.ca_pem, claims)
    try:
        signed = release_read(path=opened.release, trust_anchor_pem=opened.ca_pem)
    except ProvenanceError as exc:
        raise EvidenceFailure("C2PA", str(exc)) from exc
    _claims_check(claims, signed.claims, signed.ingredient_ids)
    _grant_check(entries, claims)
    live = _live_check(client, key, checkpoint) if client is not None else None
    edits = tuple(
        str((action.get("parameters") or {}).get("org.fairwitness.step"))
        for action in signed.actions
        if action.get("action") == "c2pa.edited"
    )
    return EvidenceReport(actual, checkpoint.origin, checkpoint.size, len(entries), live, edits)
