"""The agent's `pair` against the real Django server over loopback HTTP (pytest-django's live
server), run as its own process (`python -m agent`), exactly as an owner would on a device."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from agent.tests.synthetic import Segment, clip_decode, video_write
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.cameras.models import DeviceCredential
from fairwitness.cameras.services import camera_register, camera_settings_update
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.tests.fixtures import FootageEnv, footage_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
LEFT_THIRD = [[0.0, 0.0], [1 / 3, 0.0], [1 / 3, 1.0], [0.0, 1.0]]
__all__ = ["footage_env"]


def agent(*args: str) -> tuple[int, str]:
    """Run the agent to the end with no token in its environment; (exit status, all output)."""
    env = {k: v for k, v in os.environ.items() if k != "FAIRWITNESS_AGENT_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "agent", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def code_from_owner_page(owner_client: Client, camera_id: int) -> str:
    page = owner_client.post(f"/cameras/{camera_id}/pair/").content.decode()
    assert "python -m agent pair" in page or "fairwitness-agent pair" in page, page
    match = re.search(r'data-testid="pairing-code">([A-Z0-9-]+)<', page)
    assert match, page
    return match.group(1)


def test_an_owner_pairs_the_agent_with_its_command_and_run_uses_the_stored_credential(
    footage_env: FootageEnv, live_server: Any, tmp_path: Path
) -> None:
    """GIVEN a camera with a privacy zone over the left third and a code from its page
    WHEN the owner runs `pair` and then `run` with neither a token nor a server given
    THEN pair stores the credential 0600 and shows only the token's first characters (the same
    the camera page shows), and run delivers a clip to that camera with the zone blacked out;
    pairing again is refused without --force, and a used code is refused with --force."""
    owner = person_create(Role.RESIDENT)
    camera = camera_register(owner=owner, name="Porch", latitude=45.46, longitude=-122.65)
    camera_settings_update(
        owner=owner,
        camera_id=camera.pk,
        retention_days=30,
        privacy_zones=[{"name": "neighbour", "points": LEFT_THIRD}],
    )
    owner_client = client_sign_in(Client(), owner)
    code = code_from_owner_page(owner_client, camera.pk)
    spool = tmp_path / "spool"

    status, output = agent(
        "pair", "--server", live_server.url, "--code", code, "--spool", str(spool), "--name", "pi"
    )
    assert status == 0, output
    device = DeviceCredential.objects.get()
    assert device.camera == camera and device.name == "pi"
    credential_file = spool / "device.json"
    assert stat.S_IMODE(credential_file.stat().st_mode) == 0o600
    token = re.search(r'"token": "([^"]+)"', credential_file.read_text())
    assert token and token.group(1).startswith(device.prefix)
    assert token.group(1) not in output
    assert f"device token {device.prefix}..." in output
    assert "1 privacy zone(s)" in output
    assert device.prefix.encode() in owner_client.get(f"/cameras/{camera.pk}/").content

    video = video_write(
        tmp_path / "scene.mp4",
        duration=8.0,
        fps=15,
        segments=[Segment(3.0, 5.0, region=(0.45, 0.3, 0.95, 0.7))],
    )
    args = ["run", "--source", str(video), "--spool", str(spool)]
    status, output = agent(*args, "--pre-roll", "1", "--post-roll", "1")
    assert status == 0, output
    assert "delivered as clip" in output and token.group(1) not in output
    assert f"device token {device.prefix}... from {credential_file}" in output
    clip = Clip.objects.get()
    assert clip.camera == camera and clip.state == ClipState.READY, clip.rejected_reason
    response = owner_client.get(f"/clips/{clip.pk}/video")
    stored = tmp_path / "stored.mp4"
    stored.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    _, images = clip_decode(stored)
    width = images[0].shape[1]
    assert all(int(image[:, : width // 3 - 2].max()) <= 24 for image in images)
    assert float(np.asarray(images[len(images) // 2][:, width // 2 :]).mean()) > 40

    pair_again = ["pair", "--server", live_server.url, "--code", code, "--spool", str(spool)]
    status, output = agent(*pair_again)
    assert status == 2 and "already paired with camera 'Porch'" in output, output
    status, output = agent(*pair_again, "--force")
    assert status == 1 and "unknown, already used or expired" in output, output
    assert token.group(1) in credential_file.read_text()
    assert DeviceCredential.objects.count() == 1


def test_wrong_codes_from_the_agent_are_throttled_by_the_server(
    live_server: Any, tmp_path: Path, settings: SettingsWrapper
) -> None:
    """GIVEN a limit of 2 wrong codes per client WHEN the agent tries 3 wrong codes THEN the
    first two are refused as wrong, the third as throttled with the wait, and it is audited."""
    settings.CAMERAS_PAIRING_FAILURES_PER_CLIENT = 2
    outputs = []
    for _ in range(3):
        status, output = agent(
            "pair", "--server", live_server.url, "--code", "WRONG-CODE-1", "--spool", str(tmp_path)
        )
        assert status == 1, output
        outputs.append(output)
    assert all("the server refused the code" in out for out in outputs[:2]), outputs
    assert re.search(r"refuses pairing for now: Too many wrong .* Try again in \d+ s", outputs[2])
    assert not (tmp_path / "device.json").exists()
    assert AuditEntry.objects.filter(event="camera:pairing:throttled").count() == 1


def test_the_agent_reports_a_server_that_is_not_there(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    status, output = agent("pair", "--server", url, "--code", "X", "--spool", str(tmp_path))
    assert status == 1 and f"cannot reach the server at {url}" in output, output
