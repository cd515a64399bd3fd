"""The device credential that `pair` stores and `run` uses: a JSON file only its owner can read.

The file (by default `device.json` in the spool directory, or `[server] credential_file`):

    {"server": "https://witness.example.org", "token": "fwd_...", "camera_id": 3,
     "camera_name": "Porch", "device_name": "porch-pi", "paired_at": "2025-01-02T03:04:05.678Z",
     "privacy_zones": [{"name": "...", "points": [[x, y], ...]}]}

Invariants: the file is created with mode 0600 (never wider, whatever the umask) and replaced
atomically, so a reader sees the old credential or the whole new one. Nothing here prints or
logs a token; `token_fingerprint` is all of it that may be shown.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.config import ConfigError, Zone, zone_parse

log = logging.getLogger("agent.credential")

CREDENTIAL_NAME = "device.json"
FILE_MODE = 0o600
# The server shows the owner a token's first 10 characters ("Token starts" on the camera page).
FINGERPRINT_LENGTH = 10


def token_fingerprint(token: str) -> str:
    """What may be shown of a token. A server token (``fwd_`` + 43 characters) shows the same
    first characters the owner sees on the camera's page; a short token, whose prefix would
    give away too much of it, shows a hash instead."""
    if len(token) >= 32:
        return token[:FINGERPRINT_LENGTH] + "..."
    return "sha256:" + hashlib.sha256(token.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class DeviceCredential:
    server: str
    token: str
    camera_id: int
    camera_name: str
    device_name: str
    paired_at: str
    zones: tuple[Zone, ...] = ()

    def __repr__(self) -> str:  # never the token, even in a traceback
        return (
            f"DeviceCredential(server={self.server!r}, token={token_fingerprint(self.token)!r}, "
            f"camera_id={self.camera_id}, camera_name={self.camera_name!r})"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "token": self.token,
            "camera_id": self.camera_id,
            "camera_name": self.camera_name,
            "device_name": self.device_name,
            "paired_at": self.paired_at,
            "privacy_zones": [
                {"name": z.name, "points": [list(p) for p in z.points]} for z in self.zones
            ],
        }


def zones_parse(raw: Any) -> tuple[Zone, ...]:
    """Privacy zones in the server's format; raises ConfigError when malformed."""
    if not isinstance(raw, list):
        raise ConfigError("privacy_zones must be a list")
    zones = []
    for i, zone in enumerate(raw):
        if not isinstance(zone, dict):
            raise ConfigError(f"privacy zone {i} must be an object with name and points")
        zones.append(zone_parse(str(zone.get("name", f"zone-{i}")), zone.get("points")))
    return tuple(zones)


def credential_load(path: Path) -> DeviceCredential | None:
    """The stored credential, or None when there is no file. Raises ConfigError when the file
    cannot be read or is not a credential; warns when others may read it."""
    try:
        raw = path.read_text(encoding="utf-8")
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read the device credential {path}: {exc}") from exc
    if mode & 0o077:
        log.warning(
            "the device credential %s can be read by others (mode %o): run `chmod 600 %s`",
            path,
            mode,
            path,
        )
    try:
        data = json.loads(raw)
        token = data["token"]
        if not isinstance(token, str) or not token:
            raise ValueError("empty token")
        return DeviceCredential(
            server=str(data["server"]),
            token=token,
            camera_id=int(data["camera_id"]),
            camera_name=str(data.get("camera_name", "")),
            device_name=str(data.get("device_name", "")),
            paired_at=str(data.get("paired_at", "")),
            zones=zones_parse(data.get("privacy_zones", [])),
        )
    except (ValueError, KeyError, TypeError, ConfigError) as exc:
        raise ConfigError(
            f"the device credential {path} is damaged ({exc}); pair again with --force"
        ) from exc


def credential_store(path: Path, credential: DeviceCredential) -> None:
    """Write the credential with mode 0600: temp file, fsync, os.replace, fsync of the folder.
    A missing folder is created readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)  # O_CREAT's mode is masked by the umask
            json.dump(credential.as_json(), handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
