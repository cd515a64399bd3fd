"""A loopback stand-in for the server's device ingestion API, for the agent's tests.

It implements the contract in docs/agent.md in memory (no video validation), until the real
ingestion API exists; then tests against the real one belong with it. Faults are injected with
`faults` (canned error responses, consumed in order per action) and `hold_after_chunks`
(the next chunk request blocks and is dropped, so a test can kill the agent mid-upload).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "device-token-for-tests"
UPLOADS = "/api/ingest/uploads"
PAIR = "/api/devices/pair"


@dataclass
class Upload:
    size: int
    sha256: str
    started_at: str
    data: bytearray = field(default_factory=bytearray)
    clip_id: str | None = None


@dataclass
class Fault:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class IngestState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.uploads: dict[str, Upload] = {}
        self.completions: list[str] = []  # upload ids, once per newly created clip
        self.log: list[tuple[str, str, int | None]] = []  # (action, upload_id, offset)
        self.faults: dict[str, list[Fault]] = {}  # action ("create", "chunk", ...) -> queue
        self.hold_after_chunks: int | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.lie_on_create = False  # report received=0 to force an offset_mismatch
        self.token = TOKEN
        # POST /api/devices/pair: each code in pairing_codes works once and answers state.token.
        self.pairing_codes: set[str] = set()
        self.pair_requests: list[dict[str, Any]] = []
        self.pair_zones: list[dict[str, Any]] = []

    def clip_bytes(self, upload_id: str) -> bytes:
        return bytes(self.uploads[upload_id].data)


def _error(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": code, "message": message, "detail": detail}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def _route(self, method: str) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        body = self._body()
        if method == "POST" and url.path == PAIR:
            self._pair(state, body)
            return
        if self.headers.get("Authorization") != f"Device {state.token}":
            self._send(401, _error("unauthorized", "unknown or revoked device token"))
            return
        match = re.fullmatch(UPLOADS + r"(?:/([0-9a-f-]+)(?:/(chunk|complete))?)?", url.path)
        if match is None:
            self._send(404, _error("not_found", url.path))
            return
        upload_id, sub = match.groups()
        if upload_id is None:
            action = "create" if method == "POST" else None
        else:
            routes = {
                ("PUT", "chunk"): "chunk",
                ("POST", "complete"): "complete",
                ("GET", None): "get",
            }
            action = routes.get((method, sub))
        if action is None:
            self._send(405, _error("method_not_allowed", f"{method} {url.path}"))
            return
        with state.lock:
            faults = state.faults.get(action)
            fault = faults.pop(0) if faults else None
        if fault is not None:
            self._send(fault.status, fault.body, fault.headers)
            return
        getattr(self, f"_{action}")(state, upload_id, body, parse_qs(url.query))

    def _pair(self, state: IngestState, body: bytes) -> None:
        request = json.loads(body)
        with state.lock:
            state.pair_requests.append(request)
            faults = state.faults.get("pair")
            fault = faults.pop(0) if faults else None
            valid = fault is None and request.get("code") in state.pairing_codes
            state.pairing_codes.discard(request.get("code"))
        if fault is not None:
            self._send(fault.status, fault.body, fault.headers)
        elif not valid:
            self._send(400, _error("pairing_code_invalid", "This pairing code is unknown."))
        else:
            answer = {"token": state.token, "camera_id": 7, "camera_name": "Porch"}
            self._send(201, {**answer, "privacy_zones": state.pair_zones})

    def _create(self, state: IngestState, _: None, body: bytes, __: Any) -> None:
        request = json.loads(body)
        upload_id = request["upload_id"]
        with state.lock:
            state.log.append(("create", upload_id, None))
            existing = state.uploads.get(upload_id)
            if existing is None:
                state.uploads[upload_id] = Upload(
                    size=request["size"], sha256=request["sha256"], started_at=request["started_at"]
                )
                self._send(201, {"upload_id": upload_id, "received": 0, "state": "receiving"})
                return
            if (existing.size, existing.sha256) != (request["size"], request["sha256"]):
                self._send(
                    409,
                    _error(
                        "upload_id_reused",
                        "this upload id has other content",
                        {"upload_id": upload_id},
                    ),
                )
                return
            received = 0 if state.lie_on_create else len(existing.data)
            status = "processing" if existing.clip_id else "receiving"
            self._send(200, {"upload_id": upload_id, "received": received, "state": status})

    def _chunk(self, state: IngestState, upload_id: str, body: bytes, query: Any) -> None:
        offset = int(query["offset"][0])
        with state.lock:
            state.log.append(("chunk", upload_id, offset))
            upload = state.uploads.get(upload_id)
            chunks = sum(1 for action, _, _ in state.log if action == "chunk")
            hold = state.hold_after_chunks is not None and chunks > state.hold_after_chunks
        if hold:
            # Simulate a request cut off mid-upload: tell the test, wait, store nothing.
            state.held.set()
            state.release.wait(30)
            return
        if upload is None:
            self._send(404, _error("not_found", "no such upload"))
            return
        with state.lock:
            if offset != len(upload.data):
                self._send(
                    409, _error("offset_mismatch", "wrong offset", {"received": len(upload.data)})
                )
                return
            if offset + len(body) > upload.size:
                self._send(413, _error("too_large", "chunk goes past the declared size"))
                return
            upload.data.extend(body)
            self._send(200, {"received": len(upload.data)})

    def _complete(self, state: IngestState, upload_id: str, _: bytes, __: Any) -> None:
        with state.lock:
            state.log.append(("complete", upload_id, None))
            upload = state.uploads.get(upload_id)
            if upload is None:
                self._send(404, _error("not_found", "no such upload"))
                return
            if upload.clip_id is None:
                if len(upload.data) != upload.size:
                    self._send(
                        409,
                        _error(
                            "incomplete", "not all bytes received", {"received": len(upload.data)}
                        ),
                    )
                    return
                if hashlib.sha256(upload.data).hexdigest() != upload.sha256:
                    self._send(422, _error("sha256_mismatch", "the bytes do not match sha256"))
                    return
                upload.clip_id = f"clip-{len(state.completions) + 1}"
                state.completions.append(upload_id)
            self._send(202, {"clip_id": upload.clip_id, "state": "processing"})

    def _get(self, state: IngestState, upload_id: str, _: bytes, __: Any) -> None:
        with state.lock:
            upload = state.uploads.get(upload_id)
            if upload is None:
                self._send(404, _error("not_found", "no such upload"))
                return
            status = "processing" if upload.clip_id else "receiving"
            self._send(200, {"received": len(upload.data), "state": status})

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_GET(self) -> None:
        self._route("GET")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: IngestState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class IngestServer:
    """Start with `start()`; `url` is the base URL; `stop()` shuts it down."""

    def __init__(self, state: IngestState | None = None) -> None:
        self.state = state or IngestState()
        self._server = _Server(self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def start(self) -> IngestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.release.set()
        self._server.shutdown()
        self._server.server_close()
