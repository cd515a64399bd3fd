"""``manage.py frigate_bridge``: ingest clips of a Frigate install for mapped cameras."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fairwitness.cameras.models import Camera
from fairwitness.footage.frigate import TOPIC, FrigateBridge, bridge_run, camera_map_parse


class Command(BaseCommand):
    help = (
        "Subscribe to Frigate's MQTT events; on an 'end' event with a clip, fetch the clip "
        "from Frigate's HTTP API and ingest it for the mapped camera (once per event)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--camera-map",
            action="append",
            required=True,
            metavar="FRIGATE_CAMERA=CAMERA_ID",
            help="map a Frigate camera name to a Fair Witness camera id (repeatable)",
        )
        parser.add_argument("--frigate-url", required=True, help="Frigate's base URL")
        parser.add_argument("--mqtt-host", default="127.0.0.1")
        parser.add_argument("--mqtt-port", type=int, default=1883)
        parser.add_argument("--topic", default=TOPIC)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            mapping = camera_map_parse(options["camera_map"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        cameras = {c.pk: c for c in Camera.objects.filter(pk__in=mapping.values())}
        missing = sorted(set(mapping.values()) - set(cameras))
        if missing:
            raise CommandError(f"no camera with id {missing}; see the ids on My cameras")
        bridge = FrigateBridge(
            frigate_url=options["frigate_url"],
            cameras={name: cameras[camera_id] for name, camera_id in mapping.items()},
        )
        stop = threading.Event()

        def _stop(signum: int, _frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        self.stdout.write(f"listening on {options['mqtt_host']}:{options['mqtt_port']}")
        made = bridge_run(
            bridge,
            host=options["mqtt_host"],
            port=options["mqtt_port"],
            topic=options["topic"],
            stop=stop,
        )
        self.stdout.write(f"stopped; {made} clip(s) ingested")
