"""The Frigate bridge end to end: a Frigate-shaped ``end`` event through the real Mosquitto
broker on this machine, the clip from a loopback HTTP server at Frigate's path, ingested
once and playable."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.services import camera_register
from fairwitness.footage.frigate import FrigateBridge, bridge_run, frigate_event_parse
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.tests.fixtures import FootageEnv
from fairwitness.footage.tests.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)
BROKER = ("127.0.0.1", 1883)


class FakeFrigate(ThreadingHTTPServer):
    """Serves one real MP4 at /api/events/<id>/clip.mp4 for known ids; counts requests."""

    def __init__(self, clip: bytes, events: set[str]) -> None:
        self.clip, self.events = clip, events
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeFrigate

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        parts = self.path.split("/")  # ['', 'api', 'events', id, 'clip.mp4']
        if len(parts) == 5 and parts[4] == "clip.mp4" and parts[3] in self.server.events:
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(self.server.clip)))
            self.end_headers()
            self.wfile.write(self.server.clip)
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture
def frigate(tmp_path: Path) -> Iterator[FakeFrigate]:
    clip = make_video(tmp_path / "frigate.mp4", frames=45, faststart=True).read_bytes()
    server = FakeFrigate(clip, {"1700000000.1-abc", "1700000100.2-def"})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def event(kind: str, event_id: str, camera: str, *, has_clip: bool = True) -> bytes:
    after = {
        "id": event_id,
        "camera": camera,
        "label": "person",
        "start_time": float(event_id.split("-")[0]),
        "end_time": float(event_id.split("-")[0]) + 3,
        "has_clip": has_clip,
        "has_snapshot": True,
    }
    before = {**after, "has_clip": False}
    return json.dumps({"type": kind, "before": before, "after": after}).encode()


def publish(topic: str, payloads: list[bytes]) -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.connect(*BROKER)
    client.loop_start()
    for payload in payloads:
        client.publish(topic, payload, qos=1).wait_for_publish(10)
    client.loop_stop()
    client.disconnect()


def test_a_frigate_end_event_becomes_one_playable_clip(
    footage_env: FootageEnv, frigate: FakeFrigate
) -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_register(owner=owner, name="Driveway", latitude=45.46, longitude=-122.65)
    bridge = FrigateBridge(frigate_url=frigate.url, cameras={"driveway": camera}, retry_wait=0.05)
    topic = f"fw-test-{uuid.uuid4().hex}/frigate/events"  # isolated from parallel test runs
    stop, ready = threading.Event(), threading.Event()
    made: list[int] = []

    def run() -> None:
        try:
            host, port = BROKER
            made.append(
                bridge_run(bridge, host=host, port=port, topic=topic, stop=stop, ready=ready)
            )
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(15), "the bridge did not subscribe on the broker"
    publish(
        topic,
        [
            event("new", "1700000000.1-abc", "driveway", has_clip=False),
            event("update", "1700000000.1-abc", "driveway"),
            event("end", "1700000000.1-abc", "driveway"),
            event("end", "1700000000.1-abc", "driveway"),  # redelivered: no second clip
            event("end", "1700000050.0-zzz", "backyard"),  # a camera that is not mapped
            event("end", "1700000100.2-def", "driveway"),
        ],
    )
    deadline = time.monotonic() + 60
    while Clip.objects.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    thread.join(20)
    clips = list(Clip.objects.order_by("started_at"))
    assert len(clips) == 2 and made == [2]
    assert all(c.camera == camera and c.state == ClipState.READY for c in clips)
    assert clips[0].started_at.timestamp() == pytest.approx(1700000000.1)
    assert frigate.requests.count("/api/events/1700000000.1-abc/clip.mp4") == 1
    assert not any("zzz" in path for path in frigate.requests)
    owner_client = client_sign_in(Client(), owner)
    video = owner_client.get(f"/clips/{clips[0].pk}/video", HTTP_RANGE="bytes=0-99")
    assert video.status_code == 206
    assert b"ftyp" in b"".join(video.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        b'{"type": "end"}',
        b'{"type": "end", "after": {"id": "x", "camera": "c", "has_clip": "yes", "start_time": 1}}',
        b'{"type": "end", "after": {"id": "x", "camera": "c", "has_clip": true}}',
    ],
)
def test_malformed_or_clipless_events_are_ignored(payload: bytes) -> None:
    assert frigate_event_parse(payload) is None


def test_the_command_explains_a_bad_camera_map() -> None:
    with pytest.raises(CommandError, match="expected frigate_camera=CAMERA_ID"):
        call_command("frigate_bridge", "--camera-map", "front", "--frigate-url", "http://x")
    with pytest.raises(CommandError, match="no camera with id"):
        call_command("frigate_bridge", "--camera-map", "front=999", "--frigate-url", "http://x")
