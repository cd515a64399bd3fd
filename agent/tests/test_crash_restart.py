"""Kill the agent mid-upload (SIGKILL, a real process), restart it: every clip arrives once.

The server is the loopback stand-in for the ingestion API (ingest_server.py) until the real API
exists.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from agent.spool import Spool
from agent.tests.conftest import random_bytes, spool_add
from agent.tests.ingest_server import TOKEN

REPO = Path(__file__).resolve().parents[2]
CHUNK = 64 * 1024


def _agent(server_url: str, spool: Spool, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAIRWITNESS_AGENT_TOKEN": TOKEN}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agent",
            *args,
            "--server",
            server_url,
            "--spool",
            str(spool.root),
            "--chunk-size",
            str(CHUNK),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_kill_mid_upload_then_restart_delivers_every_clip_exactly_once(server, spool):
    """GIVEN three queued clips and a server that stalls on the 5th chunk request
    WHEN the agent is SIGKILLed while that request is in flight, and then started again
    THEN all three clips arrive exactly once, byte for byte, the interrupted clip resumes from
    the server's offset instead of from zero, and the spool ends empty."""
    payloads = [random_bytes(300_000), random_bytes(150_000), random_bytes(90_000)]
    entries = [spool_add(spool, p, started_at=1_700_000_000.0 + i) for i, p in enumerate(payloads)]
    server.state.hold_after_chunks = 4  # first clip is 5 chunks: the 5th hangs

    first = _agent(server.url, spool, "upload-once")
    assert server.state.held.wait(30), first.communicate(timeout=5)[0].decode()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    server.state.hold_after_chunks = None
    server.state.release.set()
    held_offset = 4 * CHUNK
    assert len(server.state.uploads[entries[0].upload_id].data) == held_offset
    assert server.state.completions == []
    assert len(spool.pending()) == 3  # nothing was lost or removed by the kill

    second = _agent(server.url, spool, "upload-once")
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output
    assert "resuming at 262144 of 300000 bytes" in output
    assert sorted(server.state.completions) == sorted(e.upload_id for e in entries)
    for entry, payload in zip(entries, payloads, strict=True):
        assert server.state.clip_bytes(entry.upload_id) == payload
    first_clip_offsets = [
        o for a, uid, o in server.state.log if a == "chunk" and uid == entries[0].upload_id
    ]
    assert first_clip_offsets == [0, CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK, 4 * CHUNK]
    assert spool.pending() == [] and spool.failed() == []

    third = _agent(server.url, spool, "upload-once")
    assert third.wait(timeout=30) == 0
    assert len(server.state.completions) == 3  # a rerun sends nothing again
