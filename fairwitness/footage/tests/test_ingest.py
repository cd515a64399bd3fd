"""The device ingestion API: the protocol of docs/agent.md, idempotency, and bad uploads.

Every bad upload of acceptance point 6 gets a clear 4xx in the error shape and
leaves nothing stored: no Upload, no Clip, no scratch file, no blob.
"""

from __future__ import annotations

import hashlib
import mmap
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.cameras.services import device_revoke
from fairwitness.footage import ingest, scratch
from fairwitness.footage.models import Clip, ClipJob, ClipState, Upload
from fairwitness.footage.tests.fixtures import (
    FootageEnv,
    camera_paired,
    chunk_put,
    device_headers,
    upload_all,
    upload_finish,
    upload_start,
)
from fairwitness.footage.tests.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clip_bytes(tmp_path: Path) -> bytes:
    return make_video(tmp_path / "clip.mp4", frames=30, faststart=True).read_bytes()


def assert_nothing_stored(env: FootageEnv) -> None:
    assert not Upload.objects.exists()
    assert not Clip.objects.exists()
    assert env.scratch_files() == []
    assert env.stored_bytes() == {}


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] == code
    assert body["message"]


def test_a_device_uploads_a_clip_in_chunks_and_it_is_processed(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    camera, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    created = upload_start(client, token, clip_bytes, upload_id=upload_id)
    assert created.status_code == 201
    assert created.json() == {"upload_id": upload_id, "received": 0, "state": "receiving"}
    half = len(clip_bytes) // 2
    assert chunk_put(client, token, upload_id, 0, clip_bytes[:half]).json() == {"received": half}
    status = client.get(f"/api/ingest/uploads/{upload_id}", headers=device_headers(token))
    assert status.json()["received"] == half and status.json()["state"] == "receiving"
    chunk_put(client, token, upload_id, half, clip_bytes[half:])
    done = upload_finish(client, token, upload_id)
    assert done.status_code == 202
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    assert clip.camera == camera and clip.state == ClipState.READY
    assert clip.job.state == "done" and clip.blob_name and clip.thumbnail_name
    assert env_scratch_empty(footage_env)


def env_scratch_empty(env: FootageEnv) -> bool:
    return env.scratch_files() == []


def test_retries_never_duplicate_a_clip(footage_env: FootageEnv, clip_bytes: bytes) -> None:
    """GIVEN a delivered upload WHEN the device repeats create and complete THEN it gets
    the same clip back, the server reports every byte held, and one clip exists."""
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    first = upload_all(client, token, clip_bytes, upload_id=upload_id)
    again = upload_start(client, token, clip_bytes, upload_id=upload_id)
    assert again.status_code == 200
    assert again.json()["received"] == len(clip_bytes) and again.json()["state"] == "ready"
    repeat = upload_finish(client, token, upload_id)
    assert repeat.status_code == 202 and repeat.json()["clip_id"] == first.json()["clip_id"]
    assert Clip.objects.count() == 1 and ClipJob.objects.count() == 1


def test_a_resumed_upload_continues_from_the_servers_offset(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, clip_bytes[:1000])
    resumed = upload_start(client, token, clip_bytes, upload_id=upload_id)
    assert resumed.status_code == 200 and resumed.json()["received"] == 1000
    wrong = chunk_put(client, token, upload_id, 0, clip_bytes[:1000])
    assert_error(wrong, 409, "offset_mismatch")
    assert wrong.json()["detail"] == {"received": 1000}
    early = upload_finish(client, token, upload_id)
    assert_error(early, 409, "upload_incomplete")
    chunk_put(client, token, upload_id, 1000, clip_bytes[1000:])
    assert upload_finish(client, token, upload_id).status_code == 202


def test_non_video_bytes_are_refused_and_nothing_is_stored(footage_env: FootageEnv) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    response = upload_all(Client(), token, b"this is a shopping list, not a video\n" * 200)
    assert_error(response, 422, "clip_not_video")
    assert_nothing_stored(footage_env)


def test_a_truncated_mp4_is_refused_and_nothing_is_stored(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    response = upload_all(Client(), token, clip_bytes[: len(clip_bytes) // 2])
    assert_error(response, 422, "clip_truncated")
    assert_nothing_stored(footage_env)


def test_an_mp4_overwritten_in_the_middle_is_refused_and_nothing_is_stored(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    """GIVEN an MP4 whose headers and index are intact but 4 KiB in the middle of its
    media data are zeros THEN complete refuses it at once (the NAL framing of the
    packets there is broken) and nothing is kept."""
    data = bytearray(clip_bytes)
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(4096)
    _, token = camera_paired(person_create(Role.RESIDENT))
    response = upload_all(Client(), token, bytes(data))
    assert_error(response, 422, "clip_corrupt")
    assert_nothing_stored(footage_env)


def test_zero_bytes_are_refused_and_nothing_is_stored(footage_env: FootageEnv) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    assert_error(upload_start(Client(), token, b""), 422, "clip_empty")
    assert_nothing_stored(footage_env)


def test_an_oversized_upload_is_refused_and_nothing_is_stored(
    footage_env: FootageEnv, settings: SettingsWrapper, clip_bytes: bytes
) -> None:
    settings.FOOTAGE_CLIP_MAX_BYTES = len(clip_bytes) - 1
    _, token = camera_paired(person_create(Role.RESIDENT))
    response = upload_start(Client(), token, clip_bytes)
    assert_error(response, 413, "too_large")
    assert response.json()["detail"] == {"max_bytes": len(clip_bytes) - 1}
    assert_nothing_stored(footage_env)


def test_an_oversized_chunk_or_one_past_the_declared_size_is_refused(
    footage_env: FootageEnv, settings: SettingsWrapper, clip_bytes: bytes
) -> None:
    settings.FOOTAGE_CHUNK_MAX_BYTES = 1024
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes[:1500], upload_id=upload_id)
    assert_error(chunk_put(client, token, upload_id, 0, clip_bytes[:1025]), 413, "too_large")
    chunk_put(client, token, upload_id, 0, clip_bytes[:1000])
    assert_error(chunk_put(client, token, upload_id, 1000, clip_bytes[:600]), 413, "too_large")
    assert Upload.objects.get().received == 1000


@pytest.mark.parametrize("token", ["", "Device nope", "Bearer x", "Device "])
def test_a_wrong_token_is_refused_and_nothing_is_stored(
    footage_env: FootageEnv, clip_bytes: bytes, token: str
) -> None:
    camera_paired(person_create(Role.RESIDENT))
    headers = {"Authorization": token} if token else {}
    response = Client().post(
        "/api/ingest/uploads",
        {
            "upload_id": str(uuid.uuid4()),
            "started_at": "2025-01-02T03:04:05Z",
            "size": 10,
            "sha256": "0" * 64,
        },
        content_type="application/json",
        headers=headers,
    )
    assert_error(response, 401, "device_unauthorized")
    assert_nothing_stored(footage_env)


def test_a_revoked_token_is_refused_even_mid_upload(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    owner = person_create(Role.RESIDENT)
    camera, token = camera_paired(owner)
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    device_revoke(owner=owner, credential_id=camera.devices.get().pk)
    assert_error(chunk_put(client, token, upload_id, 0, clip_bytes), 401, "device_unauthorized")
    assert_error(upload_start(client, token, clip_bytes), 401, "device_unauthorized")
    assert not Clip.objects.exists()


def test_another_cameras_token_cannot_touch_an_upload(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token_a = camera_paired(person_create(Role.RESIDENT), "A")
    _, token_b = camera_paired(person_create(Role.RESIDENT), "B")
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token_a, clip_bytes, upload_id=upload_id)
    attempts: list[Callable[[], Any]] = [
        lambda: upload_start(client, token_b, clip_bytes, upload_id=upload_id),
        lambda: chunk_put(client, token_b, upload_id, 0, clip_bytes),
        lambda: upload_finish(client, token_b, upload_id),
        lambda: client.get(f"/api/ingest/uploads/{upload_id}", headers=device_headers(token_b)),
    ]
    for attempt in attempts:
        assert_error(attempt(), 403, "upload_other_camera")
    assert Upload.objects.get().received == 0 and not Clip.objects.exists()


def test_a_start_time_far_in_the_future_is_refused(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    response = upload_start(Client(), token, clip_bytes, started_at=future)
    assert_error(response, 422, "started_at_in_future")
    assert_nothing_stored(footage_env)


def test_a_replayed_id_with_different_content_is_refused(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    first = upload_all(client, token, clip_bytes, upload_id=upload_id)
    other = clip_bytes[:-1] + bytes([clip_bytes[-1] ^ 1])
    replay = upload_start(client, token, other, upload_id=upload_id)
    assert_error(replay, 409, "upload_id_reused")
    assert Clip.objects.get().pk == first.json()["clip_id"]


def test_bytes_that_do_not_match_the_sha256_are_refused_and_discarded(
    footage_env: FootageEnv, clip_bytes: bytes
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, bytes(len(clip_bytes)))
    assert_error(upload_finish(client, token, upload_id), 422, "sha256_mismatch")
    assert_nothing_stored(footage_env)


def test_a_resumed_upload_is_hashed_beside_its_probe_and_matches(
    footage_env: FootageEnv, clip_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN an upload sent in pieces, one of them twice after a refused offset WHEN it
    completes THEN the SHA-256 is computed on another thread (beside the probe) over
    the whole file, matches, and the clip is processed."""
    hashed: list[tuple[int, str]] = []
    real_sha256 = scratch.map_sha256

    def recorded(scratch: mmap.mmap) -> str:
        digest = real_sha256(scratch)
        hashed.append((threading.get_ident(), digest))
        return digest

    monkeypatch.setattr(scratch, "map_sha256", recorded)
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    third = len(clip_bytes) // 3
    chunk_put(client, token, upload_id, 0, clip_bytes[:third])
    assert chunk_put(client, token, upload_id, 0, clip_bytes[:third]).status_code == 409
    assert upload_start(client, token, clip_bytes, upload_id=upload_id).json()["received"] == third
    upload_all(client, token, clip_bytes, upload_id=upload_id, chunk=third)
    assert hashed == [(hashed[0][0], hashlib.sha256(clip_bytes).hexdigest())]
    assert hashed[0][0] != threading.get_ident()
    assert Clip.objects.get().state == ClipState.READY


@pytest.mark.parametrize("damage", ["byte-flipped", "file-missing"])
def test_a_scratch_file_changed_after_its_chunks_were_written_is_refused(
    footage_env: FootageEnv, clip_bytes: bytes, damage: str
) -> None:
    """The digest is taken from the bytes on disk at complete, not from what the chunk
    requests carried: a file changed behind their back is refused and discarded."""
    _, token = camera_paired(person_create(Role.RESIDENT))
    client, upload_id = Client(), str(uuid.uuid4())
    upload_start(client, token, clip_bytes, upload_id=upload_id)
    chunk_put(client, token, upload_id, 0, clip_bytes)
    [scratch] = footage_env.scratch_files()
    if damage == "file-missing":
        scratch.unlink()
    else:
        with scratch.open("r+b") as handle:
            handle.seek(len(clip_bytes) // 2)
            handle.write(bytes([clip_bytes[len(clip_bytes) // 2] ^ 1]))
    assert_error(upload_finish(client, token, upload_id), 422, "sha256_mismatch")
    assert_nothing_stored(footage_env)


def test_a_local_file_resumed_from_a_partial_upload_replaces_the_scratch_file(
    footage_env: FootageEnv, clip_bytes: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a bridge ingest cut off after part of its bytes WHEN it runs again THEN the
    whole file is renamed over the scratch file (a new file, never the old one truncated
    while complete may be hashing it), completes with the right sha256, and leaves no
    temporary copy behind."""
    monkeypatch.setattr(ingest, "_enqueue", lambda clip_id: None)  # keep the scratch file
    camera, _ = camera_paired(person_create(Role.RESIDENT))
    source = tmp_path / "event.mp4"
    source.write_bytes(clip_bytes)
    upload_id, started_at = uuid.uuid4(), datetime.now(UTC)
    ingest.upload_create(
        camera=camera,
        upload_id=upload_id,
        started_at=started_at,
        size=len(clip_bytes),
        sha256=hashlib.sha256(clip_bytes).hexdigest(),
    )
    [scratch] = footage_env.scratch_files()
    scratch.write_bytes(clip_bytes[:1000])
    old_inode = scratch.stat().st_ino
    keep_old_alive = scratch.open("rb")  # so its inode number cannot be reused
    try:
        clip = ingest.clip_ingest_file(
            camera=camera, upload_id=upload_id, started_at=started_at, source=source
        )
    finally:
        keep_old_alive.close()
    assert clip.upload_sha256 == hashlib.sha256(clip_bytes).hexdigest()
    assert footage_env.scratch_files() == [scratch]
    assert scratch.stat().st_ino != old_inode and scratch.read_bytes() == clip_bytes


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"upload_id": "nope"}, "upload_id"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"size": -1}, "size"),
        ({"sha256": "xyz"}, "sha256"),
    ],
)
def test_malformed_create_requests_get_the_error_shape(
    footage_env: FootageEnv, body: dict[str, Any], field: str
) -> None:
    _, token = camera_paired(person_create(Role.RESIDENT))
    payload = {
        "upload_id": str(uuid.uuid4()),
        "started_at": "2025-01-02T03:04:05Z",
        "size": 10,
        "sha256": "0" * 64,
        **body,
    }
    response = Client().post(
        "/api/ingest/uploads",
        payload,
        content_type="application/json",
        headers=device_headers(token),
    )
    assert response.status_code == 422 and field in response.json()["message"]
    assert_nothing_stored(footage_env)
