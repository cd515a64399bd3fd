from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.spool import Spool, SpoolEntry
from agent.tests.ingest_server import IngestServer


@pytest.fixture
def server() -> Iterator[IngestServer]:
    srv = IngestServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path / "spool")


def spool_add(spool: Spool, data: bytes, *, started_at: float = 1_700_000_000.0) -> SpoolEntry:
    """Queue arbitrary bytes as a clip (the stand-in server does not validate video)."""
    pending = spool.clip_begin()
    pending.clip_path.write_bytes(data)
    return spool.clip_commit(pending, started_at=started_at, duration=1.0, camera="porch")


def random_bytes(size: int) -> bytes:
    return os.urandom(size)
