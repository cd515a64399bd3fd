"""Ingest throughput: upload, validate, encrypt and store 20 MB clips, against a plain copy.

Sets up a throw-away installation (SQLite and data folder in a temporary
directory on the same disk as the baseline's copy), pairs a camera, and then,
for each run, sends a 20 MB H.264 MP4 (already browser-playable, so no
transcode) through the real ingestion API in 8 MiB chunks with Django's test
client (each chunk fsynced to the scratch file), completes it (sha256 on a
second thread while the probe demuxes every packet and decodes the first
frames) and runs its processing job (Celery eager), which reuses that probe:
a sample of keyframes decoded together with the thumbnail's keyframe, the
upload kept as it is (it already is a faststart MP4), the thumbnail scaled
from that decoded picture, and a per-clip key. The upload is encrypted and
written durably (fsync of the blob and its folder) on a second thread while
the sample is decoded. The fastest run's phases are printed too: the upload
alone (create and chunks), the completion, and the job; and the CPU time of
all threads, with the ceilings it sets on this machine's cores: the whole
pipeline's, and the probe's and keyframe sample's alone. Then the bare work
(``bare_time``): the same hashing, encryption, durable write and validation
on two threads, without HTTP, database, upload protocol or job, with and
without the keyframe sample. The baseline copies
the same bytes to the same disk with ``shutil.copyfile``, with and without
fsync. The best of the runs of each is compared; the last line is pipeline
throughput / durable-copy throughput, because the pipeline's store is durable
too. The clip is drifting noise by default, whose keyframes are as large as
the bit rate allows; ``--content scene`` makes a camera-like one instead (a
still textured scene with sensor grain and a moving block, 4 Mbit/s).

    .venv/bin/python benchmarks/ingest.py [--runs 3] [--megabytes 20] [--content noise|scene]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 8 * 1024 * 1024


def _noise_frames() -> Iterator[np.ndarray]:
    """Drifting noise: every keyframe as large as the bit rate allows (the decoder's worst case)."""
    base = np.random.default_rng(7).integers(0, 255, (720 + 64, 1280 + 64, 3), dtype=np.uint8)
    for n in itertools.count():
        shift = n % 64
        yield np.ascontiguousarray(base[shift : shift + 720, shift : shift + 1280])


def _scene_frames() -> Iterator[np.ndarray]:
    """A camera-like picture: a still textured scene with sensor grain and one moving block."""
    rng = np.random.default_rng(3)
    rows, cols = np.mgrid[0:720, 0:1280]
    luma = 128 + 60 * np.sin(cols / 37.0) * np.cos(rows / 23.0) + rng.normal(0, 25, (720, 1280))
    scene = np.stack([luma, luma * 0.9, luma * 0.8], -1).clip(0, 255).astype(np.int16)
    for n in itertools.count():
        image = scene + rng.integers(-6, 7, (720, 1280, 1), dtype=np.int16)
        x, y = (n * 7) % 1080, 200 + int(100 * np.sin(n / 20))
        image[y : y + 150, x : x + 100] = (200, 40, 40)
        yield image.clip(0, 255).astype(np.uint8)


CONTENTS = {"noise": (_noise_frames, 12_000_000), "scene": (_scene_frames, 4_000_000)}


def video_make(
    path: Path,
    *,
    megabytes: float | None = None,
    seconds: float = 120.0,
    bit_rate: int | None = None,
    content: str = "noise",
) -> Path:
    """A 1280x720 25 fps H.264 MP4 (faststart, 2 s GOP) of ``content`` (see CONTENTS, which
    also gives the default bit rate): ``seconds`` long, or shorter once it reaches about
    ``megabytes``."""
    frames, default_rate = CONTENTS[content]
    limit = None if megabytes is None else megabytes * 1e6
    written = 0
    with av.open(str(path), mode="w", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("libx264", rate=25, options={"preset": "ultrafast", "g": "50"})
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.bit_rate = bit_rate or default_rate
        stream.codec_context.time_base = Fraction(1, 25)
        for n, image in zip(range(round(seconds * 25)), frames(), strict=False):
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, 25)
            for packet in stream.encode(frame):
                written += packet.size
                out.mux(packet)
            if limit is not None and written >= limit * 0.98:
                break
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def django_setup(data_dir: Path) -> None:
    os.environ["FAIRWITNESS_DATA_DIR"] = str(data_dir)
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["FAIRWITNESS_LOG_LEVEL"] = "WARNING"
    os.environ["FAIRWITNESS_ALLOWED_HOSTS"] = "testserver"
    os.environ["FAIRWITNESS_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def copy_time(source: Path, target: Path, *, durable: bool) -> float:
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    shutil.copyfile(source, target)
    if durable:
        with target.open("rb+") as handle:
            os.fsync(handle.fileno())
    return time.perf_counter() - start


def bare_time(clip: Path, *, sample: bool, runs: int) -> float:
    """The pipeline's own work and nothing else (no HTTP, database, upload protocol or job),
    split over two threads: sha256, encryption and the durable write of the blob on one, the
    probe and (with ``sample``) the keyframe sample with the thumbnail's keyframe on the
    other. The best of ``runs``: what an ideal implementation of this validation could reach."""
    from fairwitness.footage.processing import decode_check, probe, thumbnail_time
    from fairwitness.footage.storage import blob_write
    from fairwitness.footage.vault import DataKey, EncryptedBlob, vault_encrypt

    key = DataKey.generate()

    def encrypt(sink: BinaryIO) -> EncryptedBlob:  # hashing the plaintext as it encrypts it
        with clip.open("rb") as plain:
            return vault_encrypt(source=plain, sink=sink, data_key=key, clip_id="1", chunk_log2=18)

    def store() -> None:  # the job's own durable write: temporary file, fsync, rename, folder
        blob_write("bench/bare.video", encrypt)

    def validate() -> None:
        facts = probe(clip)
        if sample:
            decode_check(clip, probe_result=facts, keep_at_s=thumbnail_time(facts.duration_s))

    times = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(runs + 1):
            start = time.perf_counter()
            for done in [pool.submit(store), pool.submit(validate)]:
                done.result()
            times.append(time.perf_counter() - start)
    return min(times[1:])  # the first run warms up


def step_times(clip: Path, folder: Path) -> list[tuple[str, float, float]]:
    """Each stage alone on the clip: (name, wall seconds, CPU seconds of all threads),
    the best of three of each, to show where the time goes."""
    from fairwitness.footage.processing import (
        decode_check,
        normalise,
        probe,
        thumbnail_from_frame,
        thumbnail_time,
    )
    from fairwitness.footage.scratch import scratch_sha256, sha256_and_probe
    from fairwitness.footage.vault import DataKey, vault_encrypt

    folder.mkdir()
    key = DataKey.generate()
    timings: list[tuple[str, float, float]] = []

    def timed(name: str, action: Callable[[], object]) -> object:
        best, best_cpu, result = float("inf"), float("inf"), None
        for _ in range(3):
            start, cpu = time.perf_counter(), time.process_time()
            result = action()
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        timings.append((name, best, best_cpu))
        return result

    def encrypt_durably() -> object:
        with clip.open("rb") as plain, (folder / "e.bin").open("wb") as sink:
            blob = vault_encrypt(
                source=plain,
                sink=sink,
                data_key=key,
                clip_id="1",
                chunk_log2=18,
                hash_plaintext=False,
            )
            sink.flush()
            os.fsync(sink.fileno())
        return blob

    size = clip.stat().st_size
    timed("sha256", lambda: scratch_sha256(clip, size))
    facts = timed("probe (demux all)", lambda: probe(clip))
    timed("sha256 beside the probe", lambda: sha256_and_probe(clip, size))
    at_s = thumbnail_time(facts.duration_s)  # type: ignore[attr-defined]
    decoded = timed(
        "keyframe sample + thumb",
        lambda: decode_check(clip, probe_result=facts, keep_at_s=at_s),  # type: ignore[arg-type]
    )
    timed("normalise (kept as is)", lambda: normalise(clip, folder / "n.mp4", probe_result=facts))  # type: ignore[arg-type]
    timed(
        "thumbnail (scale + JPEG)",
        lambda: thumbnail_from_frame(decoded.kept_frame, folder / "t.jpg", at_s=at_s),  # type: ignore[attr-defined]
    )
    timed("encrypt + write + fsync", encrypt_durably)
    timed(
        "(not run) every frame",
        lambda: decode_check(clip, probe_result=facts, every_frame=True),  # type: ignore[arg-type]
    )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument(
        "--content",
        choices=sorted(CONTENTS),
        default="noise",
        help="noise (the decoder's worst case, the default) or a camera-like scene",
    )
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-", dir=ROOT / "var"))
    try:
        run(work, args.runs, args.megabytes, args.content)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, runs: int, megabytes: float, content: str) -> None:
    django_setup(work / "data")
    from django.test import Client

    from fairwitness.accounts.models import User
    from fairwitness.cameras.services import camera_register, device_pair, pairing_code_create
    from fairwitness.footage import jobs
    from fairwitness.footage.models import Clip, ClipState

    clip = video_make(work / "clip.mp4", megabytes=megabytes, content=content)
    data = clip.read_bytes()
    size, sha = len(data), hashlib.sha256(data).hexdigest()
    owner = User.objects.create_user(username="bench", password="x" * 20, role="resident")
    camera = camera_register(owner=owner, name="Bench", latitude=45.5, longitude=-122.6)
    _, code = pairing_code_create(owner=owner, camera_id=camera.pk)
    _, token = device_pair(code=code, name="bench")
    headers = {"Authorization": f"Device {token}"}
    client = Client()
    job_seconds: list[float] = []
    job_run = jobs.clip_job_run

    def job_timed(**kwargs: Any) -> Any:  # the job runs inside complete (Celery eager)
        start = time.perf_counter()
        try:
            return job_run(**kwargs)
        finally:
            job_seconds.append(time.perf_counter() - start)

    jobs.clip_job_run = job_timed
    phases: list[dict[str, float]] = []

    def ingest_once() -> float:
        upload_id = str(uuid.uuid4())
        start, cpu = time.perf_counter(), time.process_time()
        created = client.post(
            "/api/ingest/uploads",
            {
                "upload_id": upload_id,
                "started_at": "2026-01-01T00:00:00Z",
                "size": size,
                "sha256": sha,
            },
            content_type="application/json",
            headers=headers,
        )
        assert created.status_code == 201, created.content[:300]
        for offset in range(0, size, CHUNK):
            part = data[offset : offset + CHUNK]
            response = client.put(
                f"/api/ingest/uploads/{upload_id}/chunk?offset={offset}",
                part,
                content_type="application/octet-stream",
                headers=headers,
            )
            assert response.status_code == 200, response.content[:300]
        uploaded = time.perf_counter()
        done = client.post(f"/api/ingest/uploads/{upload_id}/complete", headers=headers)
        elapsed = time.perf_counter() - start
        cpu_used = time.process_time() - cpu
        job = job_seconds[-1]
        phases.append(
            {
                "total": elapsed,
                "create + chunks (durable)": uploaded - start,
                "complete: sha256 + probe": elapsed - (uploaded - start) - job,
                "job: decode sample, store": job,
                "cpu": cpu_used,
            }
        )
        assert done.status_code == 202, done.content[:300]
        made = Clip.objects.get(pk=done.json()["clip_id"])
        assert made.state == ClipState.READY and not made.transcoded, made.rejected_reason
        assert made.blob_size == size  # stored as uploaded: the encrypted blob holds these bytes
        return elapsed

    ingest_once()  # warm up imports and the owner's key
    phases.clear()
    pipeline = min(ingest_once() for _ in range(runs))
    best = min(phases, key=lambda phase: phase["total"])
    target = work / "copy.mp4"
    durable = min(copy_time(clip, target, durable=True) for _ in range(runs))
    cached = min(copy_time(clip, target, durable=False) for _ in range(runs))
    steps = step_times(clip, work / "steps")
    bare = bare_time(clip, sample=True, runs=runs)
    bare_probe_only = bare_time(clip, sample=False, runs=runs)
    mb = size / 1e6
    for name, seconds, cpu_seconds in steps:
        print(f"  step {name:24s} {seconds * 1000:8.1f} ms, CPU {cpu_seconds * 1000:6.1f} ms")
    for name, seconds in best.items():
        if name not in ("total", "cpu"):
            print(f"  phase {name:27s} {seconds * 1000:8.1f} ms (fastest run)")
    print(f"clip: {mb:.1f} MB H.264 1280x720 ({content}), kept as uploaded, best of {runs}")
    print(f"plain copy (page cache)       {mb / cached:9.0f} MB/s")
    print(f"plain copy + fsync            {mb / durable:9.0f} MB/s")
    print(f"upload+validate+encrypt+store {mb / pipeline:9.0f} MB/s  ({pipeline * 1000:.0f} ms)")
    upload_only = best["create + chunks (durable)"]
    cores = os.cpu_count() or 1
    cpu_floor = min(phase["cpu"] for phase in phases) / cores
    by_step = {name: cpu_seconds for name, _, cpu_seconds in steps}
    decoding = by_step["probe (demux all)"] + by_step["keyframe sample + thumb"]
    print(
        f"CPU per clip (all threads) {cpu_floor * cores * 1000:.0f} ms; the probe and the "
        f"keyframe sample alone {decoding * 1000:.0f} ms; {cores} cores"
    )
    print(f"ratio upload phase alone / durable copy: {durable / upload_only:.3f}")
    print(f"ceiling from the pipeline's CPU on {cores} cores: {durable / cpu_floor:.3f}")
    print(
        f"ceiling from the probe and keyframe sample's CPU on {cores} cores: "
        f"{durable / (decoding / cores):.3f}"
    )
    print(
        f"bare work on two threads (no HTTP, database or upload protocol) {bare * 1000:.0f} ms: "
        f"{durable / bare:.3f}; without the keyframe sample {bare_probe_only * 1000:.0f} ms: "
        f"{durable / bare_probe_only:.3f}"
    )
    print(f"ratio pipeline / page-cache copy: {cached / pipeline:.3f}")
    print(f"ratio pipeline / durable copy: {durable / pipeline:.3f}")


if __name__ == "__main__":
    main()
