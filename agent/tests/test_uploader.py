"""The upload protocol against the loopback stand-in for the ingestion API (see
ingest_server.py: it stands in for the real server's API until that exists)."""

from __future__ import annotations

import hashlib
import socket

import httpx
import pytest

from agent.backoff import Backoff
from agent.config import AgentConfig, UploadConfig
from agent.spool import Spool
from agent.tests.conftest import random_bytes, spool_add
from agent.tests.ingest_server import TOKEN, Fault, IngestServer
from agent.uploader import Uploader, UploadOutcome

CHUNK = 64 * 1024


def _uploader(url: str, spool: Spool, sleeps: list[float], token: str = TOKEN) -> Uploader:
    config = AgentConfig(server_url=url, token=token, upload=UploadConfig(chunk_size=CHUNK))
    return Uploader(
        config,
        spool,
        sleep=sleeps.append,
        client=httpx.Client(timeout=5),
        backoff=Backoff(base=1.0, cap=60.0),
    )


def test_clips_are_delivered_in_chunks_and_removed_from_the_spool(server, spool):
    data = [random_bytes(200_000), random_bytes(5)]
    entries = [spool_add(spool, d, started_at=1_700_000_000.0 + i) for i, d in enumerate(data)]
    result = _uploader(server.url, spool, []).drain()
    assert (result.delivered, result.failed, result.remaining) == (2, 0, 0)
    assert spool.pending() == [] and list(spool.trash.iterdir()) == []
    for entry, payload in zip(entries, data, strict=True):
        assert server.state.clip_bytes(entry.upload_id) == payload
        assert server.state.uploads[entry.upload_id].sha256 == hashlib.sha256(payload).hexdigest()
    offsets = [
        o
        for action, uid, o in server.state.log
        if uid == entries[0].upload_id and action == "chunk"
    ]
    assert offsets == [0, CHUNK, 2 * CHUNK, 3 * CHUNK]
    assert server.state.completions == [e.upload_id for e in entries]


def test_server_errors_and_429_are_retried_with_growing_jittered_waits(server, spool):
    entry = spool_add(spool, random_bytes(1000))
    server.state.faults["create"] = [
        Fault(503, {"error": "unavailable"}),
        Fault(500, {"error": "boom"}),
    ]
    server.state.faults["chunk"] = [Fault(429, {"error": "slow_down"}, {"Retry-After": "7"})]
    sleeps: list[float] = []
    result = _uploader(server.url, spool, sleeps).drain(retries=5)
    assert result.delivered == 1
    assert server.state.completions == [entry.upload_id]
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0
    assert sleeps[2] >= 7.0  # Retry-After wins over a shorter backoff


def test_network_loss_keeps_the_clip_queued_until_the_server_returns(spool):
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    entry = spool_add(spool, random_bytes(3000))
    sleeps: list[float] = []
    result = _uploader(dead_url, spool, sleeps).drain(retries=2)
    assert (result.delivered, result.remaining) == (0, 1)
    assert len(sleeps) == 2 and [e.upload_id for e in spool.pending()] == [entry.upload_id]

    server = IngestServer().start()
    try:
        assert _uploader(server.url, spool, sleeps).drain().delivered == 1
        assert server.state.completions == [entry.upload_id]
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("status", "code"), [(400, "invalid_start"), (401, "unauthorized"), (413, "too_large")]
)
def test_other_4xx_is_permanent_and_moves_the_clip_to_failed(server, spool, status, code):
    entry = spool_add(spool, random_bytes(1000))
    server.state.faults["create"] = [Fault(status, {"error": code, "message": "nope"})]
    sleeps: list[float] = []
    result = _uploader(server.url, spool, sleeps).drain(retries=3)
    assert (result.delivered, result.failed) == (0, 1) and sleeps == []
    [failed] = spool.failed()
    assert failed.upload_id == entry.upload_id and failed.clip_path.exists()
    assert failed.failure is not None
    assert (failed.failure["status"], failed.failure["code"]) == (status, code)


def test_wrong_token_is_refused_for_good(server, spool):
    spool_add(spool, random_bytes(10))
    result = _uploader(server.url, spool, [], token="revoked").drain()
    assert result.failed == 1 and spool.failed()[0].failure["code"] == "unauthorized"


def test_reused_upload_id_with_other_content_is_refused_and_kept(server, spool):
    """GIVEN the server already holds this upload id for different bytes
    THEN the agent does not overwrite it: the clip moves to failed/ and the server is unchanged."""
    entry = spool_add(spool, random_bytes(1000))
    uploader = _uploader(server.url, spool, [])
    with httpx.Client() as client:
        client.post(
            uploader.base,
            headers=uploader.headers,
            json={
                "upload_id": entry.upload_id,
                "started_at": "2024-01-01T00:00:00.000Z",
                "size": 5,
                "sha256": "0" * 64,
            },
        )
    assert uploader.deliver(entry)[0] is UploadOutcome.FAILED
    assert spool.failed()[0].failure["code"] == "upload_id_reused"
    assert server.state.uploads[entry.upload_id].size == 5 and server.state.completions == []


def test_offset_mismatch_resumes_from_the_servers_offset(server, spool):
    """GIVEN the server holds the first 100000 bytes but reports 0 on create
    WHEN the agent sends from 0 and gets 409 offset_mismatch
    THEN it continues from the server's offset and the clip arrives intact."""
    payload = random_bytes(250_000)
    entry = spool_add(spool, payload)
    uploader = _uploader(server.url, spool, [])
    uploader._create(entry)
    server.state.uploads[entry.upload_id].data.extend(payload[:100_000])
    server.state.lie_on_create = True
    assert uploader.deliver(entry)[0] is UploadOutcome.DELIVERED
    assert server.state.clip_bytes(entry.upload_id) == payload
    chunk_offsets = [o for a, _, o in server.state.log if a == "chunk"]
    assert chunk_offsets[:2] == [0, 100_000]


def test_corrupted_local_clip_is_refused_on_completion(server, spool):
    """A clip changed on disk after spooling fails the server's sha256 check (422): failed/."""
    entry = spool_add(spool, b"a" * 5000)
    entry.clip_path.write_bytes(b"b" * 5000)
    assert _uploader(server.url, spool, []).deliver(entry)[0] is UploadOutcome.FAILED
    assert spool.failed()[0].failure["code"] == "sha256_mismatch"
    assert server.state.completions == []


def test_crash_after_completion_before_deletion_delivers_once(server, spool):
    """GIVEN the server completed the upload but the agent died before deleting its entry
    WHEN a new agent uploads the queue
    THEN it gets the same clip id back and the server still has one clip."""
    entry = spool_add(spool, random_bytes(70_000))
    crashing = _uploader(server.url, spool, [])

    def crash(_entry: object) -> None:
        raise KeyboardInterrupt("killed")

    crashing.spool = Spool(spool.root)
    crashing.spool.entry_remove = crash  # type: ignore[method-assign,assignment]
    with pytest.raises(KeyboardInterrupt):
        crashing.deliver(entry)
    assert [e.upload_id for e in spool.pending()] == [entry.upload_id]

    chunks_before = sum(1 for a, _, _ in server.state.log if a == "chunk")
    assert _uploader(server.url, Spool(spool.root), []).drain().delivered == 1
    assert server.state.completions == [entry.upload_id]
    assert sum(1 for a, _, _ in server.state.log if a == "chunk") == chunks_before
    assert spool.pending() == []
