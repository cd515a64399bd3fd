"""The spool's atomicity and recovery rules."""

from __future__ import annotations

import hashlib
import json

from agent.spool import MANIFEST_NAME, Spool, json_write_atomic
from agent.tests.conftest import spool_add


def test_commit_writes_a_manifest_matching_the_clip(spool):
    entry = spool_add(spool, b"x" * 1234, started_at=1_700_000_000.25)
    manifest = json.loads((entry.directory / MANIFEST_NAME).read_text())
    assert manifest["upload_id"] == entry.upload_id == entry.directory.name
    assert manifest["size"] == 1234
    assert manifest["sha256"] == hashlib.sha256(b"x" * 1234).hexdigest()
    assert manifest["started_at"] == "2023-11-14T22:13:20.250Z"
    assert manifest["camera"] == "porch"
    assert entry.directory.parent == spool.queue and list(spool.incoming.iterdir()) == []


def test_a_clip_still_being_encoded_is_not_pending_and_is_discarded_on_recovery(spool):
    """GIVEN a crash left a half-written clip in incoming/ and a half-deleted entry in trash/
    THEN it was never visible as pending, and recovery removes both but keeps queued clips."""
    queued = spool_add(spool, b"done")
    pending = spool.clip_begin()
    pending.clip_path.write_bytes(b"half a clip")
    (spool.trash / "old").mkdir()
    assert [e.upload_id for e in spool.pending()] == [queued.upload_id]

    restarted = Spool(spool.root)
    restarted.recover()
    assert list(restarted.incoming.iterdir()) == [] and list(restarted.trash.iterdir()) == []
    assert [e.upload_id for e in restarted.pending()] == [queued.upload_id]


def test_upload_id_survives_a_restart_and_a_failure_round_trip(spool):
    entry = spool_add(spool, b"data")
    spool.entry_fail(entry, code="unauthorized", message="revoked", status=401)
    assert Spool(spool.root).pending() == []
    [failed] = Spool(spool.root).failed()
    assert failed.upload_id == entry.upload_id
    assert failed.failure is not None and failed.failure["message"] == "revoked"
    assert spool.failed_requeue() == 1
    [back] = Spool(spool.root).pending()
    assert back.upload_id == entry.upload_id and back.failure is None
    assert back.manifest == entry.manifest


def test_pending_is_ordered_oldest_first_and_skips_broken_entries(spool):
    late = spool_add(spool, b"b", started_at=1_700_000_100.0)
    early = spool_add(spool, b"a", started_at=1_700_000_000.0)
    broken = spool.queue / "not-a-manifest"
    broken.mkdir()
    (broken / MANIFEST_NAME).write_text("{truncated")
    assert [e.upload_id for e in spool.pending()] == [early.upload_id, late.upload_id]


def test_json_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "m.json"
    json_write_atomic(target, {"a": 1})
    json_write_atomic(target, {"a": 2, "b": [1, 2]})
    assert json.loads(target.read_text()) == {"a": 2, "b": [1, 2]}
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_delivered_entry_removal_leaves_nothing_behind(spool):
    entry = spool_add(spool, b"bytes")
    spool.entry_remove(entry)
    assert spool.pending() == [] and list(spool.trash.iterdir()) == []
    assert not entry.directory.exists()
