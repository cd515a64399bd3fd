"""Uploads of one id handled by several requests at once: a clear 4xx, never a 500 or a crash.

A complete hashes a memory map of the scratch file; a file that is mapped must never be
truncated (a reader of the map would get SIGBUS and take the worker down), and a request must
never remove a scratch file that another upload of the same id now owns.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.footage import ingest, scratch, services
from fairwitness.footage.models import Clip, Upload
from fairwitness.footage.processing import VideoProbe
from fairwitness.footage.tests.fixtures import (
    FootageEnv,
    camera_paired,
    chunk_put,
    upload_finish,
    upload_start,
)
from fairwitness.footage.tests.test_ingest import assert_error, assert_nothing_stored
from fairwitness.footage.tests.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clip_bytes(tmp_path: Path) -> bytes:
    return make_video(tmp_path / "clip.mp4", frames=30, faststart=True).read_bytes()


def test_a_complete_racing_another_complete_that_discards_the_upload_answers_422(
    footage_env: FootageEnv, clip_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN an upload whose bytes do not match its sha256
    WHEN two completes run at once and the other one discards the upload (row and scratch
    file) while this one is hashing and probing
    THEN this one answers 422 sha256_mismatch too, never a 500, and nothing is left."""
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, bytes(len(clip_bytes)))
    real_probe = scratch.probe
    other: list[Any] = []

    def probe_after_the_other_complete(path: Path) -> VideoProbe:
        if not other:  # the other request runs to its end in the middle of this one
            other.append(None)
            other[0] = upload_finish(client, token, upload_id)
        return real_probe(path)

    monkeypatch.setattr(scratch, "probe", probe_after_the_other_complete)
    response = upload_finish(client, token, upload_id)
    assert_error(other[0], 422, "sha256_mismatch")
    assert_error(response, 422, "sha256_mismatch")
    assert_nothing_stored(footage_env)


def test_a_complete_whose_scratch_file_is_replaced_while_probed_answers_for_the_new_upload(
    footage_env: FootageEnv, clip_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a fully received upload
    WHEN, while its complete probes it, the upload is discarded and a new upload of the same
    id (other content) is started
    THEN the complete creates no clip from bytes it did not hash: it answers for the new
    upload (409 upload_incomplete), whose row and empty scratch file are left alone."""
    camera, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, clip_bytes)
    real_probe, other = scratch.probe, b"another clip"

    def probe_after_a_new_upload(path: Path) -> VideoProbe:
        if not Upload.objects.filter(size=len(other)).exists():
            ingest._upload_discard(Upload.objects.get())
            ingest.upload_create(
                camera=camera,
                upload_id=uuid.UUID(upload_id),
                started_at=datetime.now(UTC),
                size=len(other),
                sha256=hashlib.sha256(other).hexdigest(),
            )
        return real_probe(path)

    monkeypatch.setattr(scratch, "probe", probe_after_a_new_upload)
    assert_error(upload_finish(client, token, upload_id), 409, "upload_incomplete")
    assert not Clip.objects.exists()
    assert Upload.objects.get().size == len(other)
    [left] = footage_env.scratch_files()
    assert left.read_bytes() == b""


def test_a_new_upload_never_truncates_the_scratch_file_of_a_discarded_one(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    """GIVEN an upload whose row was deleted while its scratch file is still on disk and
    open (as a concurrent complete's memory map holds it)
    WHEN an upload of the same id starts again
    THEN it gets a new, empty scratch file, and the open one keeps every byte (truncating a
    mapped file would crash the worker reading the map with SIGBUS)."""
    camera, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, clip_bytes)
    [scratch] = footage_env.scratch_files()
    with scratch.open("rb") as held:
        Upload.objects.all().delete()
        ingest.upload_create(
            camera=camera,
            upload_id=uuid.UUID(upload_id),
            started_at=datetime.now(UTC),
            size=len(clip_bytes),
            sha256=hashlib.sha256(clip_bytes).hexdigest(),
        )
        assert os.fstat(held.fileno()).st_size == len(clip_bytes)
        assert held.read() == clip_bytes
        assert scratch.stat().st_ino != os.fstat(held.fileno()).st_ino
    assert footage_env.scratch_files() == [scratch] and scratch.read_bytes() == b""


def test_a_late_discard_never_removes_the_scratch_file_of_a_new_upload_of_the_same_id(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    """GIVEN an upload already discarded by one request, and a new upload of the same id
    WHEN a second request, which read the old row before, discards it as well
    THEN the new upload's row and scratch file are untouched, so its chunks still land."""
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    stale = Upload.objects.get()
    ingest._upload_discard(stale)
    assert upload_start(client, token, clip_bytes, upload_id=upload_id).status_code == 201
    ingest._upload_discard(stale)
    assert Upload.objects.get().pk != stale.pk
    assert len(footage_env.scratch_files()) == 1
    assert chunk_put(client, token, upload_id, 0, clip_bytes).status_code == 200
    assert upload_finish(client, token, upload_id).status_code == 202
    assert Clip.objects.get().upload_sha256 == hashlib.sha256(clip_bytes).hexdigest()


def test_a_discard_removes_the_scratch_file_before_its_row_deletion_commits(
    footage_env: FootageEnv, clip_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scratch file is removed inside the transaction that deletes the row: no new upload
    of the same id can be created (and make its own file) until the old file is gone, so a
    discard never removes the new upload's file."""
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, clip_bytes)
    real_path, in_transaction = ingest.upload_scratch_path, []

    def path_noting_the_transaction(name: str) -> Path:
        in_transaction.append(transaction.get_connection().in_atomic_block)
        return real_path(name)

    monkeypatch.setattr(ingest, "upload_scratch_path", path_noting_the_transaction)
    ingest._upload_discard(Upload.objects.get())
    assert in_transaction == [True]
    assert not Upload.objects.exists() and footage_env.scratch_files() == []


def test_the_abandoned_upload_purge_never_removes_the_file_of_a_newer_upload_of_the_same_id(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    """GIVEN a stale upload the purge has listed, then discarded and replaced by a new upload
    of the same id before the purge reaches it
    THEN removing the listed one deletes nothing of the new upload."""
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    listed = Upload.objects.get()
    ingest._upload_discard(listed)
    assert upload_start(client, token, clip_bytes, upload_id=upload_id).status_code == 201
    assert not services.upload_abandoned_remove(pk=listed.pk, upload_id=upload_id)
    assert Upload.objects.get().pk != listed.pk
    assert len(footage_env.scratch_files()) == 1
    assert chunk_put(client, token, upload_id, 0, clip_bytes).status_code == 200


def test_the_abandoned_upload_purge_removes_stale_rows_with_their_files(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    client = Client()
    stale_id, fresh_id = str(uuid.uuid4()), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=stale_id)
    upload_start(client, token, clip_bytes, upload_id=fresh_id)
    Upload.objects.filter(upload_id=stale_id).update(updated_at=datetime(2000, 1, 1, tzinfo=UTC))
    assert services.uploads_abandoned_purge() == 1
    assert [str(u) for u in Upload.objects.values_list("upload_id", flat=True)] == [fresh_id]
    assert len(footage_env.scratch_files()) == 1
