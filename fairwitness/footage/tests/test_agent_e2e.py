"""The real edge agent against the real ingestion API (pytest-django's live server).

The agent runs as its own process (``python -m agent``), exactly as on a device:
it pairs through the API, reads a generated video with known motion, blacks out
the owner's privacy zone, uploads; the server validates, encrypts and stores.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from django.test import Client

from agent.spool import Spool
from agent.tests.synthetic import Segment, clip_decode, video_write
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.services import (
    camera_register,
    camera_settings_update,
    pairing_code_create,
)
from fairwitness.footage import ingest
from fairwitness.footage.models import Clip, ClipState, Upload
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired
from fairwitness.footage.tests.videos import make_video

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
CHUNK = 4096
LEFT_THIRD = [[0.0, 0.0], [1 / 3, 0.0], [1 / 3, 1.0], [0.0, 1.0]]


def agent(server: str, token: str, spool: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FAIRWITNESS_AGENT_TOKEN": token}
    return subprocess.Popen(
        [sys.executable, "-m", "agent", *args, "--server", server, "--spool", str(spool)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stored_video(owner_client: Client, clip: Clip, tmp_path: Path) -> Path:
    response = owner_client.get(f"/clips/{clip.pk}/video")
    path = tmp_path / f"stored-{clip.pk}.mp4"
    path.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    return path


def test_the_agent_delivers_motion_clips_with_zones_masked_to_the_owners_page(
    footage_env: FootageEnv, live_server: Any, tmp_path: Path
) -> None:
    """GIVEN a camera with a privacy zone over the left third, paired through the API, and a
    video with motion inside the zone (2-4 s) and outside it (8-10 s)
    WHEN the agent runs on it and then runs again
    THEN exactly one clip arrives (motion in the zone triggers nothing), it is processed,
    it covers the outside segment, it is on the owner's page, and the decoded stored video
    is black in the zone."""
    owner = person_create(Role.RESIDENT)
    camera = camera_register(owner=owner, name="Porch", latitude=45.46, longitude=-122.65)
    camera_settings_update(
        owner=owner,
        camera_id=camera.pk,
        retention_days=30,
        privacy_zones=[{"name": "neighbour", "points": LEFT_THIRD}],
    )
    _, code = pairing_code_create(owner=owner, camera_id=camera.pk)
    paired = httpx.post(
        f"{live_server.url}/api/devices/pair", json={"code": code, "name": "porch pi"}
    ).json()
    zones = [" ".join(f"{x},{y}" for x, y in z["points"]) for z in paired["privacy_zones"]]
    inside = Segment(2.0, 4.0, region=(0.05, 0.1, 0.28, 0.5))
    outside = Segment(8.0, 10.0, region=(0.45, 0.3, 0.95, 0.7))
    video = video_write(tmp_path / "scene.mp4", duration=13.0, fps=15, segments=[inside, outside])
    spool = tmp_path / "spool"
    zone_flags = [arg for zone in zones for arg in ("--zone", zone)]
    args = ["run", "--source", str(video), "--pre-roll", "1", "--post-roll", "1.5", *zone_flags]
    run = agent(live_server.url, paired["token"], spool, *args)
    output = run.communicate(timeout=180)[0].decode()
    assert run.returncode == 0, output
    assert "delivered as clip" in output, output

    clip = Clip.objects.get()
    assert clip.camera == camera and clip.state == ClipState.READY, clip.rejected_reason
    assert 2.5 + 1.5 <= clip.duration_seconds <= 2.0 + 1 + 1.5 + 1.5
    owner_client = client_sign_in(Client(), owner)
    assert f"/clips/{clip.pk}/".encode() in owner_client.get("/clips/").content
    _, images = clip_decode(stored_video(owner_client, clip, tmp_path))
    width = images[0].shape[1]
    for image in images:
        assert int(image[:, : width // 3 - 2].max()) <= 24
        assert float(np.asarray(image[:, width // 2 :]).mean()) > 40

    again = agent(live_server.url, paired["token"], spool, "upload-once")
    assert again.wait(timeout=60) == 0
    assert Clip.objects.count() == 1


def test_killing_the_agent_mid_upload_still_delivers_every_clip_once(
    footage_env: FootageEnv, live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN two queued real clips and a server that holds the 3rd chunk request
    WHEN the agent is SIGKILLed during it and started again
    THEN both clips arrive exactly once, processed, and the first resumed mid-way."""
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    spool = Spool(tmp_path / "spool")
    for n in range(2):
        pending = spool.clip_begin()
        make_video(pending.clip_path, frames=120, width=320, height=240, faststart=True)
        spool.clip_commit(pending, started_at=time.time() - 60 + n, duration=4.0, camera="porch")
    first_id = spool.pending()[0].upload_id
    assert spool.pending()[0].size > 3 * CHUNK

    held, release = threading.Event(), threading.Event()
    calls = {"n": 0}
    real_write = ingest.upload_chunk_write

    def holding_write(**kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            held.set()
            release.wait(30)
            raise ConnectionAbortedError("the device went away")
        return real_write(**kwargs)

    monkeypatch.setattr(ingest, "upload_chunk_write", holding_write)
    chunking = ("--chunk-size", str(CHUNK))
    first = agent(live_server.url, token, spool.root, "upload-once", *chunking)
    assert held.wait(60), first.communicate(timeout=5)[0].decode()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    release.set()
    assert Upload.objects.get(upload_id=first_id).received == 2 * CHUNK
    assert not Clip.objects.exists()

    second = agent(live_server.url, token, spool.root, "upload-once", *chunking)
    output = second.communicate(timeout=120)[0].decode()
    assert second.returncode == 0, output
    assert f"resuming at {2 * CHUNK} of" in output
    clips = list(Clip.objects.all())
    assert len(clips) == 2 and all(c.state == ClipState.READY for c in clips)
    assert spool.pending() == [] and spool.failed() == []
    assert Upload.objects.filter(upload_id=first_id).get().clip is not None
