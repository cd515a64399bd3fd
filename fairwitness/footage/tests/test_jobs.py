"""The processing job: rejection with a reason, idempotent reruns after a killed worker,
and keys that never reach the logs."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import pytest
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.footage import ingest, jobs, scratch
from fairwitness.footage.models import Clip, ClipJob, ClipKey, ClipState, JobState, Upload
from fairwitness.footage.processing import VideoProbe, pipeline, probe
from fairwitness.footage.services import clip_delete
from fairwitness.footage.storage import key_provider
from fairwitness.footage.tasks import clip_process_task, jobs_resume_task
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired, upload_all
from fairwitness.footage.tests.videos import make_video, nal_units, video_packet_spans
from fairwitness.footage.vault import DataKey, FileBlobSource, VaultReader, clip_key_open

pytestmark = pytest.mark.django_db(transaction=True)


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing in the job catches it."""


def damaged_clip(tmp_path: Path) -> bytes:
    """An MP4 whose index and NAL framing are intact but whose last keyframe's slice
    headers are garbage: the upload's probe passes, the job's keyframe sample does not."""
    src = make_video(tmp_path / "clip.mp4", frames=60, gop=15, faststart=True)
    data = src.read_bytes()
    damaged = bytearray(data)
    last_key = [span for span in video_packet_spans(src) if span.keyframe][-1]
    for offset, _length in nal_units(data, last_key):
        if data[offset] & 0x1F == 5:
            damaged[offset + 1 : offset + 5] = b"\xff\xff\xff\xff"
    return bytes(damaged)


def test_a_clip_that_fails_decoding_is_rejected_with_a_reason_the_owner_sees(
    footage_env: FootageEnv, tmp_path: Path
) -> None:
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    done = upload_all(Client(), token, damaged_clip(tmp_path))
    assert done.status_code == 202
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    assert clip.state == ClipState.REJECTED and "damaged" in clip.rejected_reason
    assert clip.job.state == JobState.FAILED
    assert Upload.objects.get().probe_facts is None
    assert not ClipKey.objects.exists()
    assert footage_env.stored_bytes() == {} and footage_env.scratch_files() == []
    page = client_sign_in(Client(), owner).get("/clips/")
    assert clip.rejected_reason.encode() in page.content.replace(b"&#x27;", b"'")
    detail = client_sign_in(Client(), owner).get(f"/clips/{clip.pk}/")
    assert b"This upload was refused" in detail.content


def probes_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every probe, whether the upload's completion or the job makes it."""
    probed: list[Path] = []

    def counting(path: Path, **kwargs: object) -> VideoProbe:
        probed.append(path)
        return probe(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scratch, "probe", counting)
    monkeypatch.setattr(pipeline, "probe", counting)
    return probed


def test_the_job_uses_the_completions_probe_instead_of_probing_again(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN an upload that its completion probed WHEN its job runs THEN the file is not
    probed a second time, the clip is ready, and the saved facts are cleared."""
    probed = probes_counted(monkeypatch)
    _, token = camera_paired(person_create(Role.RESIDENT))
    data = make_video(tmp_path / "clip.mp4", frames=45, gop=15, faststart=True).read_bytes()
    done = upload_all(Client(), token, data)
    assert done.status_code == 202
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    assert clip.state == ClipState.READY and clip.job.state == JobState.DONE
    assert len(probed) == 1
    assert (clip.width, clip.height, clip.duration_seconds) == (160, 120, pytest.approx(3.0))
    assert Upload.objects.get().probe_facts is None


@pytest.mark.parametrize("facts", ["missing", "other-size", "other-version"])
def test_the_job_probes_again_when_the_saved_facts_cannot_be_trusted(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, facts: str
) -> None:
    monkeypatch.setattr(ingest, "_enqueue", lambda clip_id: None)  # hold the job back
    _, token = camera_paired(person_create(Role.RESIDENT))
    data = make_video(tmp_path / "clip.mp4", frames=30, faststart=True).read_bytes()
    clip_id = upload_all(Client(), token, data).json()["clip_id"]
    saved = Upload.objects.get().probe_facts
    assert isinstance(saved, dict) and VideoProbe.from_json(saved).size_bytes == len(data)
    changed = {
        "missing": None,
        "other-size": {**saved, "size_bytes": len(data) + 1},
        "other-version": {**saved, "version": 0},
    }[facts]
    Upload.objects.update(probe_facts=changed)
    probed = probes_counted(monkeypatch)
    assert clip_process_task.delay(clip_id).get() == JobState.DONE
    assert len(probed) == 1
    assert Clip.objects.get().state == ClipState.READY


def blob_stored_within(footage_env: FootageEnv, suffix: str, seconds: float) -> bool:
    """True once a blob whose name ends with ``suffix`` is in the storage (polled)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(name.endswith(suffix) for name in footage_env.stored_bytes()):
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("damaged", [False, True])
def test_a_browser_ready_upload_is_stored_while_its_keyframes_are_decoded(
    any_storage: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bool
) -> None:
    """GIVEN an upload kept as it is WHEN its job decodes the keyframe sample THEN the
    encrypted video is already being written beside it (it appears while the decode step
    waits); if the sample then rejects the clip, the blob written early is gone too.
    Both storages: the local folder and the S3 bucket."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    if damaged:
        data = damaged_clip(tmp_path)
    else:
        data = make_video(tmp_path / "clip.mp4", frames=45, faststart=True).read_bytes()
    seen: dict[str, bool] = {}
    real_job_run = jobs.clip_job_run

    def at_step(step: str) -> None:
        if step == "footage:processing:decode_check":
            seen["during_decode"] = blob_stored_within(any_storage, ".video", 20.0)

    monkeypatch.setattr(jobs, "clip_job_run", lambda **kw: real_job_run(on_step=at_step, **kw))
    assert upload_all(Client(), token, data).status_code == 202
    clip = Clip.objects.get()
    assert seen == {"during_decode": True}
    if damaged:
        assert clip.state == ClipState.REJECTED and not ClipKey.objects.exists()
        assert any_storage.stored_bytes() == {} and any_storage.scratch_files() == []
    else:
        assert clip.state == ClipState.READY
        assert set(any_storage.stored_bytes()) == {clip.blob_name, clip.thumbnail_name}


def test_a_rejection_waits_for_an_early_store_still_writing(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the early store of a browser-ready upload still writing WHEN the keyframe sample
    rejects the clip THEN the job deletes the blob only after the write ends: none is left
    once the store has long finished."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    real_blob_write = jobs.blob_write

    def slow_blob_write(name: str, write: Callable[[BinaryIO], object]) -> object:
        def slow_write(sink: BinaryIO) -> object:
            written = write(sink)  # the upload is read and encrypted...
            if name.endswith(".video"):
                time.sleep(0.5)  # ...and the blob not yet in place when the sample rejects
            return written

        return real_blob_write(name, slow_write)

    monkeypatch.setattr(jobs, "blob_write", slow_blob_write)
    assert upload_all(Client(), token, damaged_clip(tmp_path)).status_code == 202
    assert Clip.objects.get().state == ClipState.REJECTED
    time.sleep(1.0)  # a store the job did not wait for would have landed by now
    assert footage_env.stored_bytes() == {} and not ClipKey.objects.exists()


def test_a_failed_early_store_leaves_the_job_to_be_retried(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the early store fails (a full disk) WHEN the job reaches the store step THEN the
    failure is raised from the job (the task retries on OSError), which keeps no key and
    stays running; the retry stores the clip."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=45, faststart=True).read_bytes()
    real_blob_write = jobs.blob_write

    def full_disk(name: str, write: object) -> object:
        if name.endswith(".video"):
            raise OSError(28, "No space left on device")
        return real_blob_write(name, write)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "_enqueue", lambda clip_id: None)  # the job is run below
    assert upload_all(Client(), token, data).status_code == 202
    clip = Clip.objects.get()
    monkeypatch.setattr(jobs, "blob_write", full_disk)
    with pytest.raises(OSError, match="No space left"):
        jobs.clip_job_run(clip_id=clip.pk)
    assert (clip.state, clip.job.state) == (ClipState.PROCESSING, JobState.RUNNING)
    assert not ClipKey.objects.exists()
    monkeypatch.setattr(jobs, "blob_write", real_blob_write)
    assert clip_process_task.delay(clip.pk).get() == JobState.DONE
    assert Clip.objects.get().state == ClipState.READY


def test_an_upload_that_must_be_remuxed_is_stored_after_its_steps(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN an MP4 whose index follows its media (not browser-ready) WHEN its job runs
    THEN nothing is stored before the steps have made the remuxed file, which is stored."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=45, faststart=False).read_bytes()
    stored_at_step: dict[str, list[str]] = {}
    real_job_run = jobs.clip_job_run

    def at_step(step: str) -> None:
        stored_at_step[step] = sorted(footage_env.stored_bytes())

    monkeypatch.setattr(jobs, "clip_job_run", lambda **kw: real_job_run(on_step=at_step, **kw))
    assert upload_all(Client(), token, data).status_code == 202
    clip = Clip.objects.get()
    assert clip.state == ClipState.READY
    assert stored_at_step["footage:processing:thumbnail"] == []
    stored = footage_env.stored_bytes()[clip.blob_name]
    assert len(stored) > 0 and data[:64] not in stored


@pytest.mark.parametrize("killed_at", ["footage:processing:normalise", "after-video-blob"])
def test_a_job_killed_mid_processing_is_rerun_without_duplicates(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, killed_at: str
) -> None:
    """GIVEN a worker killed during a step (or after storing the video blob) WHEN the task
    is delivered again THEN the job finishes once: one clip, one key, one video blob and
    one thumbnail, and the video decrypts with the key that was saved."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=45, faststart=True).read_bytes()
    real_job_run = jobs.clip_job_run
    kills = {"left": 1}
    real_blob_write = jobs.blob_write

    def dying_step(step: str) -> None:
        if step == killed_at and kills["left"]:
            kills["left"] -= 1
            raise WorkerKilled

    def dying_blob_write(name: str, write: object) -> object:
        result = real_blob_write(name, write)  # type: ignore[arg-type]
        if killed_at == "after-video-blob" and name.endswith(".video") and kills["left"]:
            kills["left"] -= 1
            raise WorkerKilled
        return result

    monkeypatch.setattr(jobs, "blob_write", dying_blob_write)
    monkeypatch.setattr(jobs, "clip_job_run", lambda **kw: real_job_run(on_step=dying_step, **kw))
    with pytest.raises(WorkerKilled):
        upload_all(Client(), token, data)
    clip = Clip.objects.get()
    job = ClipJob.objects.get()
    assert (clip.state, job.state, job.attempts) == (ClipState.PROCESSING, JobState.RUNNING, 1)
    monkeypatch.setattr(jobs, "clip_job_run", real_job_run)
    assert clip_process_task.delay(clip.pk).get() == JobState.DONE  # the redelivery
    assert clip_process_task.delay(clip.pk).get() == "skipped"  # and a late duplicate
    clip.refresh_from_db()
    job.refresh_from_db()
    assert (clip.state, job.state, job.attempts) == (ClipState.READY, JobState.DONE, 2)
    assert Clip.objects.count() == 1 and ClipKey.objects.count() == 1
    assert set(footage_env.stored_bytes()) == {clip.blob_name, clip.thumbnail_name}
    assert footage_env.scratch_files() == []
    key = clip_key_open(
        provider=key_provider(),
        owner_id=str(owner.pk),
        clip_id=str(clip.pk),
        wrapped=bytes(ClipKey.objects.get().wrapped),
    )
    vault = footage_env.root / "vault" / clip.blob_name
    with FileBlobSource(vault) as source:
        reader = VaultReader(source=source, data_key=key, clip_id=str(clip.pk))
        assert reader.read_range(4, 8) == b"ftyp"


def test_keys_and_tokens_never_appear_in_logs(
    footage_env: FootageEnv,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    data_keys: list[DataKey] = []
    real_generate = DataKey.generate

    def generate_recorded(cls: type[DataKey]) -> DataKey:
        key = real_generate()
        data_keys.append(key)
        return key

    monkeypatch.setattr(DataKey, "generate", classmethod(generate_recorded))
    owner = person_create(Role.RESIDENT)
    camera, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=30, faststart=True).read_bytes()
    clip_id = upload_all(Client(), token, data, upload_id=str(uuid.uuid4())).json()["clip_id"]
    viewer = client_sign_in(Client(), owner)
    b"".join(viewer.get(f"/clips/{clip_id}/video").streaming_content)  # type: ignore[attr-defined]
    viewer.post(f"/clips/{clip_id}/delete/")
    wrapped_hex = [k.wrapped.hex() for k in ClipKey.objects.all()]
    kek = (footage_env.root / "keyring" / f"{owner.pk}.kek").read_bytes()
    text = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert len(data_keys) == 1
    data_key = data_keys[0].secret
    secrets = [token, token[4:], kek[-32:].hex(), data_key.hex(), *wrapped_hex]
    secrets += [kek[-32:].decode("latin-1"), data_key.decode("latin-1"), repr(data_key)]
    for secret in secrets:
        assert secret not in text
    assert camera.devices.get().token_hash not in text


def test_a_stalled_job_is_enqueued_again_by_the_periodic_sweep(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a job left running by a worker that died without redelivery WHEN the sweep runs
    after the stall limit THEN the job is finished."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=30, faststart=True).read_bytes()
    real_job_run = jobs.clip_job_run

    def dying(step: str) -> None:
        raise WorkerKilled

    monkeypatch.setattr(jobs, "clip_job_run", lambda **kw: real_job_run(on_step=dying, **kw))
    with pytest.raises(WorkerKilled):
        upload_all(Client(), token, data)
    monkeypatch.setattr(jobs, "clip_job_run", real_job_run)
    assert jobs_resume_task.delay().get() == 0  # not stalled yet
    ClipJob.objects.update(updated_at=timezone.now() - jobs.stalled_after() - timedelta(seconds=1))
    assert jobs_resume_task.delay().get() == 1
    assert Clip.objects.get().state == ClipState.READY


def test_a_clip_deleted_while_it_is_processed_keeps_no_key_and_no_blob(
    footage_env: FootageEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the owner deletes a clip while its job is storing it WHEN the job finishes
    THEN no key is saved, the blobs it wrote are removed, and the clip stays deleted."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=30, faststart=True).read_bytes()
    real_job_run = jobs.clip_job_run

    def delete_meanwhile(step: str) -> None:
        if step == "footage:processing:store":
            clip_delete(owner=owner, clip_id=Clip.objects.get().pk)

    monkeypatch.setattr(
        jobs, "clip_job_run", lambda **kw: real_job_run(on_step=delete_meanwhile, **kw)
    )
    upload_all(Client(), token, data)
    clip = Clip.objects.get()
    assert clip.state == ClipState.DELETED and clip.job.state == JobState.FAILED
    assert not ClipKey.objects.exists()
    assert footage_env.stored_bytes() == {} and footage_env.scratch_files() == []
