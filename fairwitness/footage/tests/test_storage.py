"""Storage, playback and deletion, run against the local folder and a real S3 server
(moto's standalone server on loopback): acceptance points 4 and 5.
"""

from __future__ import annotations

import io
import json
import os
import uuid
import zipfile
from pathlib import Path
from typing import BinaryIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.footage.models import Clip, ClipKey, ClipState
from fairwitness.footage.services import clips_expired_purge
from fairwitness.footage.storage import blob_write, footage_storage
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired, upload_all
from fairwitness.footage.tests.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)


def clip_uploaded(tmp_path: Path, frames: int = 90) -> tuple[Client, Clip, bytes]:
    """A ready clip of a new owner, the owner's signed-in client, and the uploaded bytes."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / f"{uuid.uuid4()}.mp4", frames=frames, faststart=True).read_bytes()
    done = upload_all(Client(), token, data)
    assert done.status_code == 202, done.content
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    assert clip.state == ClipState.READY, clip.rejected_reason
    return client_sign_in(Client(), owner), clip, data


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_playback_serves_the_clip_and_any_range(any_storage: FootageEnv, tmp_path: Path) -> None:
    owner, clip, _ = clip_uploaded(tmp_path)
    whole = owner.get(f"/clips/{clip.pk}/video")
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    video = body(whole)
    assert len(video) == int(whole["Content-Length"]) == clip.blob_size
    assert video[4:8] == b"ftyp"
    size = len(video)
    for header, start, end in [
        ("bytes=0-0", 0, 1),
        (f"bytes={size // 2}-{size // 2 + 999}", size // 2, size // 2 + 1000),
        (f"bytes={size - 10}-", size - 10, size),
        ("bytes=-100", size - 100, size),
        (f"bytes=100-{size * 2}", 100, size),
    ]:
        part = owner.get(f"/clips/{clip.pk}/video", HTTP_RANGE=header)
        assert part.status_code == 206, header
        assert part["Content-Range"] == f"bytes {start}-{end - 1}/{size}"
        assert body(part) == video[start:end], header
    refused = owner.get(f"/clips/{clip.pk}/video", HTTP_RANGE=f"bytes={size}-")
    assert refused.status_code == 416 and refused["Content-Range"] == f"bytes */{size}"


def test_stored_bytes_never_contain_plaintext(any_storage: FootageEnv, tmp_path: Path) -> None:
    """GIVEN a processed clip WHEN every stored byte is scanned THEN no 32-byte piece of the
    uploaded file, the playable video or the thumbnail appears in it."""
    owner, clip, uploaded = clip_uploaded(tmp_path)
    video = body(owner.get(f"/clips/{clip.pk}/video"))
    thumb = body(owner.get(f"/clips/{clip.pk}/thumbnail"))
    assert thumb[:3] == b"\xff\xd8\xff"  # a JPEG
    stored = any_storage.stored_bytes()
    assert set(stored) == {clip.blob_name, clip.thumbnail_name}
    everything = b"".join(stored.values())
    for plain in (uploaded, video, thumb):
        for offset in range(0, len(plain) - 32, max(1, len(plain) // 200)):
            assert plain[offset : offset + 32] not in everything


def test_a_deleted_clip_cannot_be_recovered_even_with_its_blob_back(
    any_storage: FootageEnv, tmp_path: Path
) -> None:
    owner, clip, _ = clip_uploaded(tmp_path)
    saved = any_storage.stored_bytes()
    assert owner.post(f"/clips/{clip.pk}/delete/").status_code == 302
    deleted = AuditEntry.objects.get(event="footage:clip:deleted")
    # The public entry names neither clip nor camera; the private index does.
    assert json.loads(bytes(deleted.leaf))["subject"] == {}
    assert set(deleted.subjects.values_list("kind", "ref")) == {
        ("clip", clip.pk),
        ("camera", clip.camera_id),
    }
    clip.refresh_from_db()
    assert clip.state == ClipState.DELETED and not ClipKey.objects.filter(clip=clip).exists()
    assert any_storage.stored_bytes() == {}
    for name, data in saved.items():  # a backup puts the blobs back
        footage_storage().save(name, ContentFile(data))
    assert owner.get(f"/clips/{clip.pk}/video").status_code == 404
    assert owner.get(f"/clips/{clip.pk}/").status_code == 404
    Clip.objects.filter(pk=clip.pk).update(
        state=ClipState.READY, blob_name=min(saved), thumbnail_name=max(saved)
    )
    assert owner.get(f"/clips/{clip.pk}/video").status_code == 404  # no key, no footage


def test_retention_destroys_expired_clips_for_good(any_storage: FootageEnv, tmp_path: Path) -> None:
    owner, clip, _ = clip_uploaded(tmp_path)
    _, kept, _ = clip_uploaded(tmp_path)
    saved = {k: v for k, v in any_storage.stored_bytes().items() if f"/{clip.pk}." in k}
    Clip.objects.filter(pk=clip.pk).update(expires_at=timezone.now())
    assert clips_expired_purge() == 1
    assert AuditEntry.objects.filter(event="footage:clip:expired").count() == 1
    clip.refresh_from_db()
    assert clip.state == ClipState.DELETED and clip.deleted_at is not None
    assert not ClipKey.objects.filter(clip=clip).exists()
    assert ClipKey.objects.filter(clip=kept).exists()
    for name, data in saved.items():
        footage_storage().save(name, ContentFile(data))
    Clip.objects.filter(pk=clip.pk).update(
        state=ClipState.READY, blob_name=min(saved), thumbnail_name=max(saved)
    )
    assert owner.get(f"/clips/{clip.pk}/video").status_code == 404
    assert clips_expired_purge() == 1  # the resurrected row is found again and destroyed
    assert clips_expired_purge() == 0


def test_download_and_export_give_the_decrypted_videos(
    any_storage: FootageEnv, tmp_path: Path
) -> None:
    owner, clip, _ = clip_uploaded(tmp_path)
    video = body(owner.get(f"/clips/{clip.pk}/video"))
    download = owner.get(f"/clips/{clip.pk}/download")
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert body(download) == video
    export = owner.get("/clips/export/")
    assert export["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body(export))) as archive:
        names = archive.namelist()
        assert len(names) == 1 and names[0].endswith(f"clip{clip.pk}.mp4")
        assert archive.read(names[0]) == video


def test_a_local_blob_is_fsynced_with_its_folder_before_it_counts_as_stored(
    footage_env: FootageEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job deletes the upload once the blob is written, so the blob must survive
    a power cut by then: its file and the folder holding its name are fsynced."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)

    def write(sink: BinaryIO) -> int:
        sink.write(b"ciphertext")
        return 10

    assert blob_write("clips/1/2.video", write) == 10
    stored = footage_env.root / "vault" / "clips" / "1" / "2.video"
    assert stored.read_bytes() == b"ciphertext"
    assert len(synced) == 2
    assert Path(synced[0]).parent == stored.parent and Path(synced[0]).name.startswith(".tmp-")
    assert Path(synced[1]) == stored.parent
