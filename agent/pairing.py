"""The `pair` command: exchange a one-time pairing code for this device's credential.

Contract with the server: `POST {server}/api/devices/pair` with `{"code", "name"}` answers
`201 {"token", "camera_id", "camera_name", "privacy_zones"}`; `400 pairing_code_invalid` for an
unknown, used or expired code; `429 pairing_throttled` (with Retry-After) after too many wrong
codes. The token is shown once by the server and never by the agent (only its fingerprint).

Exit status: 0 paired; 1 the server refused or could not be reached (nothing was stored);
2 a usage problem, or a credential already exists and `--force` was not given.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

import httpx

from agent.config import AgentConfig, ConfigError
from agent.credential import (
    DeviceCredential,
    credential_load,
    credential_store,
    token_fingerprint,
    zones_parse,
)
from agent.spool import iso_utc
from agent.uploader import USER_AGENT, response_error, response_retry_after

PAIR_PATH = "/api/devices/pair"


class PairingError(Exception):
    """The server refused the code or could not be reached; the message says what to do."""


@dataclass(frozen=True)
class PairRequest:
    server: str
    code: str
    name: str


def server_url_check(url: str) -> str:
    """The server's base URL without a trailing slash; ConfigError unless http(s) with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"--server {url!r} is not a web address: give the Fair Witness server's base URL, "
            "e.g. https://witness.example.org"
        )
    return url.strip().rstrip("/")


def device_pair_exchange(
    request: PairRequest, *, client: httpx.Client | None = None
) -> DeviceCredential:
    """Ask the server for a credential; raises PairingError with a message for a person."""
    own_client = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0))
    try:
        response = http.post(
            request.server + PAIR_PATH,
            json={"code": request.code, "name": request.name},
            headers={"User-Agent": USER_AGENT},
        )
    except httpx.ConnectError as exc:
        raise PairingError(
            f"cannot reach the server at {request.server} ({exc}). Check --server and the "
            "network; the code was not sent, so it still works until it expires."
        ) from exc
    except httpx.TransportError as exc:
        raise PairingError(
            f"the connection to {request.server} failed during pairing ({exc!r}). If the "
            "server received the code it is used up: make a new one on the camera's page."
        ) from exc
    finally:
        if own_client:
            http.close()
    return _answer_parse(request, response)


def _answer_parse(request: PairRequest, response: httpx.Response) -> DeviceCredential:
    status = response.status_code
    if status == 201:
        try:
            body = response.json()
            token, camera_id = body["token"], body["camera_id"]
            if not isinstance(token, str) or not token or not isinstance(camera_id, int):
                raise ValueError("no token or camera id")
            return DeviceCredential(
                server=request.server,
                token=token,
                camera_id=camera_id,
                camera_name=str(body.get("camera_name", "")),
                device_name=request.name,
                paired_at=iso_utc(time.time()),
                zones=zones_parse(body.get("privacy_zones", [])),
            )
        except (ValueError, KeyError, TypeError, ConfigError) as exc:
            raise PairingError(
                f"the server at {request.server} answered 201 but not with a device "
                f"credential ({exc}); is --server the Fair Witness address?"
            ) from exc
    code, message, _ = response_error(response)
    if status == 429:
        wait = response_retry_after(response)
        after = f" Try again in {wait:.0f} s." if wait is not None else ""
        raise PairingError(f"the server refuses pairing for now: {message}{after}")
    if status in (400, 422) and code in ("pairing_code_invalid", "invalid"):
        raise PairingError(f"the server refused the code: {message}")
    raise PairingError(
        f"the server at {request.server} answered {status} {code}: "
        f"{message or response.reason_phrase}. Is --server the Fair Witness address?"
    )


def _existing(config: AgentConfig) -> str:
    """Why a credential already exists ("" when none): the stored file or a configured token."""
    if config.token:
        return f"a device token is already set by {config.auth_source}"
    try:
        stored = credential_load(config.credential_path)
    except ConfigError as exc:
        return str(exc)
    if stored is None:
        return ""
    return (
        f"this device is already paired with camera {stored.camera_name!r} (id "
        f"{stored.camera_id}) at {stored.server}, token {token_fingerprint(stored.token)}, "
        f"stored in {config.credential_path}"
    )


def pair_command(
    config: AgentConfig, *, code: str | None, name: str | None, force: bool, out: TextIO
) -> int:
    """Pair, store the credential (mode 0600), and report without showing the token."""
    if not config.server_url:
        raise ConfigError("pair needs --server (or [server] url in the config file)")
    server = server_url_check(config.server_url)
    code = (code or "").strip()
    if not code:
        raise ConfigError("pair needs --code: the pairing code shown on the camera's page")
    existing = _existing(config)
    if existing and not force:
        raise ConfigError(f"{existing}. To replace it, run pair again with --force.")
    device = (name if name is not None else socket.gethostname()).strip()[:80]
    credential = device_pair_exchange(PairRequest(server=server, code=code, name=device))
    path: Path = config.credential_path
    credential_store(path, credential)
    print(
        f"paired with camera {credential.camera_name!r} (id {credential.camera_id}) at {server}",
        file=out,
    )
    print(
        f"device token {token_fingerprint(credential.token)} stored in {path} (mode 0600); "
        "the camera's page lists it under Devices",
        file=out,
    )
    zones = len(credential.zones)
    print(f"{zones} privacy zone(s) from the camera's settings will be blacked out", file=out)
    if config.token:
        print(
            f"note: {config.auth_source} still sets a token, and it takes precedence over "
            f"the stored credential; remove it so that `run` uses the new one",
            file=out,
        )
    return 0
