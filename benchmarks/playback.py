"""Playback latency: a 60 s clip from the vault against the same file via Django's FileResponse.

Sets up a throw-away installation (see benchmarks/ingest.py), ingests a 60 s
H.264 clip through the real API, and measures through Django's full request
stack (middleware, session sign-in, URL routing), best of many runs:

- time to first byte of the whole clip (what a player's first request pays);
- time to first byte of an open-ended mid-clip Range request (a seek);
- time to the last byte of a 1 MiB mid-clip Range.

The baseline serves the normalised MP4 (the same plaintext bytes) unencrypted
with ``FileResponse`` from a view behind the same sign-in check and the same
one-query ownership lookup of the clip (without its key), as any server of
private clips needs. The last line
is the worst of the three ratios vault / FileResponse.

    .venv/bin/python benchmarks/playback.py [--runs 50]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ingest import django_setup, video_make  # noqa: E402

MIB = 1 << 20


class _Slice:
    """A file-like view of ``[start, start + length)`` of an open file, for FileResponse."""

    def __init__(self, handle: BinaryIO, start: int, length: int) -> None:
        handle.seek(start)
        self.handle, self.left = handle, length

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def plain_view_build(path: Path, clip_id: int) -> Callable[..., Any]:
    from django.http import FileResponse, Http404, HttpRequest

    from fairwitness.accounts.access import role_required
    from fairwitness.footage.models import Clip, ClipState
    from fairwitness.footage.playback import range_parse

    @role_required()
    def plain(request: HttpRequest) -> Any:
        clip = (
            Clip.objects.select_related("camera")
            .only("id", "state", "started_at", "blob_name", "camera__id", "camera__owner_id")
            .filter(pk=clip_id, state=ClipState.READY)
            .order_by()
            .first()
        )
        if clip is None or clip.camera.owner_id != request.user.pk:
            raise Http404
        size = path.stat().st_size
        wanted = range_parse(request.headers.get("Range"), size)
        handle = path.open("rb")
        if wanted is None:
            return FileResponse(handle, content_type="video/mp4")
        response = FileResponse(
            _Slice(handle, wanted.start, wanted.length), content_type="video/mp4", status=206
        )
        response["Content-Length"] = str(wanted.length)
        response["Content-Range"] = f"bytes {wanted.start}-{wanted.end - 1}/{size}"
        return response

    return plain


def first_byte(client: Any, url: str, header: str | None) -> float:
    extra = {"HTTP_RANGE": header} if header else {}
    start = time.perf_counter()
    response = client.get(url, **extra)
    iterator = iter(response.streaming_content)
    assert next(iterator)
    elapsed = time.perf_counter() - start
    response.close()
    return elapsed


def last_byte(client: Any, url: str, header: str | None) -> float:
    start = time.perf_counter()
    response = client.get(url, HTTP_RANGE=header)
    total = sum(len(piece) for piece in response.streaming_content)
    elapsed = time.perf_counter() - start
    assert total == MIB, total
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-playback-", dir=ROOT / "var"))
    try:
        run(work, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, runs: int) -> None:
    django_setup(work / "data")
    from django.conf import settings
    from django.test import Client
    from django.urls import include, path

    from fairwitness.accounts.models import User
    from fairwitness.cameras.services import camera_register
    from fairwitness.footage.ingest import clip_ingest_file
    from fairwitness.footage.models import Clip, ClipState

    source = video_make(work / "clip.mp4", seconds=60, bit_rate=2_000_000)
    owner = User.objects.create_user(username="bench", password="x" * 20, role="resident")
    camera = camera_register(owner=owner, name="Bench", latitude=45.5, longitude=-122.6)
    clip = clip_ingest_file(
        camera=camera, upload_id=uuid.uuid4(), started_at=datetime.now(UTC), source=source
    )
    clip = Clip.objects.get(pk=clip.pk)
    assert clip.state == ClipState.READY, clip.rejected_reason
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    vault_url = f"/clips/{clip.pk}/video"
    plain_path = work / "plain.mp4"
    plain_path.write_bytes(b"".join(client.get(vault_url).streaming_content))  # type: ignore[attr-defined]

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/plain", plain_view_build(plain_path, clip.pk)),
        path("", include("config.urls")),
    ]
    sys.modules["bench_urls"] = urls
    settings.ROOT_URLCONF = "bench_urls"
    plain_url = "/bench/plain"
    size = plain_path.stat().st_size
    mid = size // 2

    def body(url: str) -> bytes:
        response: Any = client.get(url, HTTP_RANGE=f"bytes={mid}-{mid + 99}")
        return b"".join(response.streaming_content)

    assert body(plain_url) == body(vault_url)

    def best(measure: Callable[[], float]) -> float:
        measure()
        return min(measure() for _ in range(runs))

    rows = []
    for name, fn, header in [
        ("time to first byte, whole clip", first_byte, None),
        ("time to first byte, seek to mid-clip", first_byte, f"bytes={mid}-"),
        ("1 MiB mid-clip range, last byte", last_byte, f"bytes={mid}-{mid + MIB - 1}"),
    ]:
        vault = best(lambda: fn(client, vault_url, header))  # noqa: B023
        plain = best(lambda: fn(client, plain_url, header))  # noqa: B023
        rows.append((name, vault, plain))
    print(f"clip: {clip.duration_seconds:.0f} s, {size / 1e6:.1f} MB, best of {runs}")
    for name, vault, plain in rows:
        print(
            f"{name:40s} vault {vault * 1000:7.2f} ms  "
            f"FileResponse {plain * 1000:7.2f} ms  x{vault / plain:.2f}"
        )
    worst = max(vault / plain for _, vault, plain in rows)
    print(f"ratio vault / FileResponse (worst of the three): {worst:.2f}")


if __name__ == "__main__":
    main()
