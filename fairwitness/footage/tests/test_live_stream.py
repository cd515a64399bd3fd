"""Acceptance 1, end to end from a live stream: GStreamer's RTSP server on loopback serves a
generated video with known motion; the real agent reads it over RTSP and uploads to the live
server; the clips cover the motion segments with pre- and post-roll and reach the owner's page.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from agent.tests.synthetic import Segment, video_write
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin") or "python3"
SEGMENTS = [Segment(3.0, 5.0), Segment(10.0, 12.0)]
PRE, POST = 1.0, 1.5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def rtsp_url(tmp_path: Path) -> Iterator[str]:
    video = video_write(tmp_path / "scene.mp4", duration=40.0, fps=15, segments=SEGMENTS)
    port = free_port()
    server = subprocess.Popen(
        [SYSTEM_PYTHON, str(Path(__file__).with_name("rtsp_server.py")), str(port), str(video)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert server.stdout is not None
    line = server.stdout.readline().decode()
    assert line.strip() == "ready", (
        "GStreamer's RTSP server did not start; install Debian's python3-gi "
        "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-ugly "
        "gstreamer1.0-plugins-good. Its output: " + line + server.stdout.read().decode()
    )
    yield f"rtsp://127.0.0.1:{port}/cam"
    server.kill()
    server.wait(10)


def test_the_agent_records_an_rtsp_stream_into_clips_on_the_owners_page(
    footage_env: FootageEnv, live_server: Any, rtsp_url: str, tmp_path: Path
) -> None:
    owner = person_create(Role.RESIDENT)
    camera, token = camera_paired(owner)
    agent = subprocess.Popen(
        [
            sys.executable, "-m", "agent", "run",
            "--server", live_server.url,
            "--source", rtsp_url,
            "--spool", str(tmp_path / "spool"),
            "--pre-roll", str(PRE),
            "--post-roll", str(POST),
        ],
        cwd=REPO,
        env={**os.environ, "FAIRWITNESS_AGENT_TOKEN": token},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and agent.poll() is None:
        if Clip.objects.filter(state=ClipState.READY).count() >= 2:
            break
        time.sleep(0.25)
    agent.send_signal(signal.SIGTERM)
    output = agent.communicate(timeout=60)[0].decode()
    assert "source connected" in output, output

    clips = list(Clip.objects.filter(camera=camera).order_by("started_at"))
    assert [c.state for c in clips] == [ClipState.READY, ClipState.READY], output
    first, second = clips
    # Each clip spans its motion (2 s) plus pre-roll and post-roll, give or take detection time.
    for clip in clips:
        assert 2.0 + PRE + POST - 0.6 <= clip.duration_seconds <= 2.0 + PRE + POST + 1.2, output
    # The gap between the clips' starts is the gap between the segments' starts.
    gap = (second.started_at - first.started_at).total_seconds()
    assert gap == pytest.approx(SEGMENTS[1].start - SEGMENTS[0].start, abs=0.6), output
    page = client_sign_in(Client(), owner).get("/clips/").content
    assert all(f"/clips/{c.pk}/".encode() in page for c in clips)
