"""HTTP front end for the witness (stdlib ``http.server``, one thread per request).

Routes, under an optional path prefix:

- ``POST <prefix>/add-checkpoint``: tlog-witness add-checkpoint;
- ``GET <prefix>/<origin hash>/checkpoint``: the latest cosigned checkpoint.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fairwitness.audit.witness.protocol import (
    WitnessConfig,
    WitnessResponse,
    witness_add_checkpoint,
)
from fairwitness.audit.witness.store import WitnessStore

MAX_BODY = 64 * 1024


class WitnessServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], config: WitnessConfig, store: WitnessStore, prefix: str = ""
    ) -> None:
        super().__init__(address, WitnessHandler)
        self.config = config
        self.store = store
        self.prefix = prefix.rstrip("/")


class WitnessHandler(BaseHTTPRequestHandler):
    server: WitnessServer
    protocol_version = "HTTP/1.1"

    def _send(self, response: WitnessResponse) -> None:
        data = response.body.encode("utf-8")
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self) -> str | None:
        prefix = self.server.prefix
        if not self.path.startswith(prefix + "/"):
            return None
        return self.path[len(prefix) :]

    def do_POST(self) -> None:
        if self._route() != "/add-checkpoint":
            self._send(WitnessResponse(404, "not found\n"))
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(WitnessResponse(411, "Content-Length required\n"))
            return
        if not 0 <= length <= MAX_BODY:
            self._send(WitnessResponse(413, "request body too large\n"))
            return
        body = self.rfile.read(length)
        self._send(
            witness_add_checkpoint(body=body, config=self.server.config, store=self.server.store)
        )

    def do_GET(self) -> None:
        route = self._route() or ""
        parts = route.strip("/").split("/")
        text = None
        if len(parts) == 2 and parts[1] == "checkpoint":
            text = self.server.store.note_text_by_hash(parts[0])
        if text is None:
            self._send(WitnessResponse(404, "no cosigned checkpoint for that log\n"))
            return
        self._send(WitnessResponse(200, text))
