"""The Frigate bridge: clips of an existing Frigate install, ingested for mapped cameras.

Frigate publishes ``frigate/events`` on MQTT with ``type`` new/update/end and
``before``/``after`` objects. On an ``end`` whose ``after.has_clip`` is true,
the bridge fetches ``GET /api/events/<id>/clip.mp4`` from Frigate's HTTP API
and ingests it like a device upload. The upload id is derived from Frigate's
URL and event id, so a repeated event (MQTT redelivery, a bridge restart)
never makes a second clip.
"""

from __future__ import annotations

import json
import logging
import queue
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import paho.mqtt.client as mqtt

from fairwitness.cameras.models import Camera
from fairwitness.core.errors import ApplicationError
from fairwitness.footage.ingest import clip_ingest_file
from fairwitness.footage.models import Clip, Upload
from fairwitness.footage.storage import scratch_dir

log = logging.getLogger(__name__)

TOPIC = "frigate/events"
NAMESPACE = uuid.UUID("5b0f3c1e-8a52-4f6e-9d0c-6f7a1e2b3c4d")
FETCH_ATTEMPTS = 5  # Frigate may still be writing the clip when "end" arrives


@dataclass(frozen=True, slots=True)
class FrigateClipEvent:
    event_id: str
    camera: str
    started_at: datetime


def frigate_event_parse(payload: bytes) -> FrigateClipEvent | None:
    """The clip an MQTT message announces, or None (not an ``end`` with a clip, or malformed)."""
    try:
        message = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(message, dict) or message.get("type") != "end":
        return None
    after = message.get("after")
    if not isinstance(after, dict) or after.get("has_clip") is not True:
        return None
    event_id, camera, start = after.get("id"), after.get("camera"), after.get("start_time")
    if not isinstance(event_id, str) or not event_id or not isinstance(camera, str):
        return None
    if not isinstance(start, int | float) or isinstance(start, bool):
        return None
    return FrigateClipEvent(
        event_id=event_id, camera=camera, started_at=datetime.fromtimestamp(start, tz=UTC)
    )


def camera_map_parse(items: list[str]) -> dict[str, int]:
    """``["front=3", "yard=4"]`` -> ``{"front": 3, "yard": 4}``; ValueError says what is wrong."""
    mapping: dict[str, int] = {}
    for item in items:
        name, sep, camera_id = item.partition("=")
        if not sep or not name.strip() or not camera_id.strip().isdigit():
            raise ValueError(f"--camera-map {item!r}: expected frigate_camera=CAMERA_ID")
        mapping[name.strip()] = int(camera_id)
    return mapping


class FrigateBridge:
    """Turns Frigate ``end`` events into clips. ``handle`` is safe to call again for an event."""

    def __init__(
        self,
        *,
        frigate_url: str,
        cameras: dict[str, Camera],
        client: httpx.Client | None = None,
        retry_wait: float = 1.0,
    ) -> None:
        self.frigate_url = frigate_url.rstrip("/")
        self.cameras = cameras
        self.client = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0))
        self.retry_wait = retry_wait

    def upload_id(self, event_id: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"{self.frigate_url}|{event_id}")

    def handle(self, payload: bytes) -> Clip | None:
        event = frigate_event_parse(payload)
        if event is None:
            return None
        camera = self.cameras.get(event.camera)
        if camera is None:
            log.info(
                "frigate event %s: camera %r is not mapped; ignored", event.event_id, event.camera
            )
            return None
        done = Upload.objects.filter(upload_id=self.upload_id(event.event_id), clip__isnull=False)
        existing = done.values_list("clip", flat=True).first()
        if existing is not None:  # a repeated event: nothing to fetch
            return Clip.objects.get(pk=existing)
        with tempfile.TemporaryDirectory(dir=scratch_dir("frigate")) as folder:
            path = Path(folder) / "clip.mp4"
            if not self._fetch(event.event_id, path):
                return None
            try:
                clip = clip_ingest_file(
                    camera=camera,
                    upload_id=self.upload_id(event.event_id),
                    started_at=event.started_at,
                    source=path,
                )
            except ApplicationError as exc:
                log.warning(
                    "frigate event %s refused: %s (%s)", event.event_id, exc.message, exc.code
                )
                return None
        log.info("frigate event %s ingested as clip %s", event.event_id, clip.pk)
        return clip

    def _fetch(self, event_id: str, path: Path) -> bool:
        url = f"{self.frigate_url}/api/events/{event_id}/clip.mp4"
        for attempt in range(1, FETCH_ATTEMPTS + 1):
            try:
                with self.client.stream("GET", url) as response:
                    if response.status_code == 200:
                        with path.open("wb") as sink:
                            for block in response.iter_bytes():
                                sink.write(block)
                        return True
                    status = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            log.info("frigate clip %s: %s (attempt %d)", event_id, status, attempt)
            if attempt < FETCH_ATTEMPTS:
                time.sleep(self.retry_wait * attempt)
        log.warning("frigate clip %s could not be fetched; skipped", event_id)
        return False


def bridge_run(
    bridge: FrigateBridge,
    *,
    host: str,
    port: int,
    topic: str = TOPIC,
    stop: threading.Event,
    ready: threading.Event | None = None,
) -> int:
    """Subscribe and handle messages until ``stop`` is set; returns how many clips it made
    or found (each counted once).

    paho's network thread only queues messages: clips are ingested in this
    thread, one at a time, so database work never runs on paho's thread.
    """
    inbox: queue.Queue[bytes] = queue.Queue()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"fairwitness-{uuid.uuid4()}")

    def on_connect(c: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        log.info("connected to MQTT %s:%d (%s); subscribing to %s", host, port, reason, topic)
        c.subscribe(topic, qos=1)

    def on_subscribe(_c: mqtt.Client, _u: Any, _m: Any, _r: Any, _p: Any) -> None:
        if ready is not None:
            ready.set()

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = lambda _c, _u, message: inbox.put(bytes(message.payload))
    client.reconnect_delay_set(min_delay=1, max_delay=30)
    client.connect_async(host, port, keepalive=30)
    client.loop_start()
    made: set[int] = set()
    try:
        while not stop.is_set():
            try:
                payload = inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            clip = bridge.handle(payload)
            if clip is not None:
                made.add(clip.pk)
    finally:
        client.loop_stop()
        client.disconnect()
    return len(made)
