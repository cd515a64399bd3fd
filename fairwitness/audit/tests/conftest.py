"""Fixtures: a small tile log on disk, served over HTTP on loopback."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fairwitness.audit.tlog.directory_log import DirectoryLog
from fairwitness.audit.tlog.keys import signer_generate, vkey_format
from fairwitness.audit.tlog.note import Ed25519NoteSigner

ORIGIN = "log.test/audit"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass
class ServedLog:
    log: DirectoryLog
    signer: Ed25519NoteSigner
    url: str

    @property
    def vkey(self) -> str:
        return vkey_format(self.signer)

    def publish(self) -> str:
        return self.log.checkpoint_publish([self.signer])


def log_entries(count: int, start: int = 0) -> list[bytes]:
    return [b'{"event":"test:entry:added","n":%d}' % i for i in range(start, start + count)]


def serve_directory(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def served_log(tmp_path: Path) -> Iterator[ServedLog]:
    """A 600-entry log (three level-0 tiles, a partial one) published and served."""
    root = tmp_path / "log"
    root.mkdir()
    signer = signer_generate(ORIGIN)
    assert isinstance(signer, Ed25519NoteSigner)
    log = DirectoryLog(root, ORIGIN)
    log.append(log_entries(300))
    log.append(log_entries(300, 300))
    server, url = serve_directory(root)
    served = ServedLog(log, signer, url)
    served.publish()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
