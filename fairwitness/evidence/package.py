"""The evidence package: a ZIP with the signed release copy, the CA and ``manifest.json``.

No Django here. Layout:

- ``release.mp4``: the release copy, with its C2PA manifest embedded;
- ``signing-ca.pem``: the CA of the instance's C2PA signing certificate;
- ``manifest.json``: ``{"format", "release": {"file", "sha256"}, "claims": {...}}``.

``claims`` is exactly the ``org.fairwitness.release`` assertion the C2PA
signature covers (the release copy's own hash cannot be inside its signature,
so it sits beside the claims). It holds:

- ``original``: ``{"sha256"}`` of the clip as its owner's vault holds it;
- ``redactions`` and ``watermark``: what was done to the original;
- ``grant`` (id, channel, agency, granted and expiry times), ``case``, ``policy_hash``;
- ``signing_ca_sha256``: the fingerprint of ``signing-ca.pem``;
- ``log``: the log's ``origin``, one signed ``checkpoint`` (C2SP signed note) and
  ``entries``, each ``{"role", "index", "entry", "audit_path"}``: the public entry
  text and its inclusion proof (base64 hashes) against that checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "fairwitness-evidence/v1"
RELEASE_FILE = "release.mp4"
CA_FILE = "signing-ca.pem"
MANIFEST_FILE = "manifest.json"
MAX_MEMBER = 64 * 1024 * 1024 * 1024

# Roles of the log entries a package carries.
ROLE_CERTIFICATE = "certificate"
ROLE_GRANT = "grant"
ROLE_DOWNLOAD = "download"
# Entries of these roles must name the package's grant in their subject.
GRANT_ROLES = frozenset({ROLE_GRANT, ROLE_DOWNLOAD})


class PackageFormatError(ValueError):
    """The ZIP or its manifest.json is not an evidence package; the message says why."""


@dataclass(frozen=True)
class LogEntry:
    """One log entry of a release with its inclusion proof."""

    role: str
    index: int
    entry: bytes
    audit_path: tuple[bytes, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "index": self.index,
            "entry": self.entry.decode("utf-8"),
            "audit_path": [base64.b64encode(h).decode() for h in self.audit_path],
        }


def log_section(*, origin: str, checkpoint: str, entries: list[LogEntry]) -> dict[str, Any]:
    return {
        "origin": origin,
        "checkpoint": checkpoint,
        "entries": [entry.as_json() for entry in entries],
    }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_write(*, target: Path, release: Path, ca_pem: bytes, claims: dict[str, Any]) -> str:
    """Write the ZIP to ``target``; return the release copy's SHA-256."""
    release_sha256 = file_sha256(release)
    manifest = {
        "format": FORMAT,
        "release": {"file": RELEASE_FILE, "sha256": release_sha256},
        "claims": claims,
    }
    with zipfile.ZipFile(target, "w") as archive:
        # The video is already compressed: store it as it is.
        archive.write(release, RELEASE_FILE, compress_type=zipfile.ZIP_STORED)
        archive.writestr(CA_FILE, ca_pem, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            MANIFEST_FILE,
            json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return release_sha256


@dataclass(frozen=True)
class OpenedPackage:
    """A package unpacked into a folder: the manifest and the paths of its files."""

    manifest: dict[str, Any]
    release: Path
    ca_pem: bytes


def package_open(*, path: Path, folder: Path) -> OpenedPackage:
    """Unpack the package's three known files into ``folder``; PackageFormatError if unfit."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = {RELEASE_FILE, CA_FILE, MANIFEST_FILE} - names
            if missing:
                raise PackageFormatError(f"the package lacks {', '.join(sorted(missing))}")
            for name in (RELEASE_FILE, CA_FILE, MANIFEST_FILE):
                if archive.getinfo(name).file_size > MAX_MEMBER:
                    raise PackageFormatError(f"{name} is too large")
            release = folder / RELEASE_FILE
            with archive.open(RELEASE_FILE) as src, release.open("wb") as dst:
                for block in iter(lambda: src.read(1 << 20), b""):
                    dst.write(block)
            ca_pem = archive.read(CA_FILE)
            raw = archive.read(MANIFEST_FILE)
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise PackageFormatError(f"not a readable ZIP: {exc}") from exc
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise PackageFormatError(f"manifest.json is not JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageFormatError(f"manifest.json is not in the {FORMAT} format")
    if not isinstance(manifest.get("claims"), dict) or not isinstance(
        manifest.get("release"), dict
    ):
        raise PackageFormatError("manifest.json needs 'release' and 'claims' objects")
    return OpenedPackage(manifest, release, ca_pem)
