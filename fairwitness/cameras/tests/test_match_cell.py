"""The private matching cell: derived from the exact location whatever the path."""

from __future__ import annotations

import importlib

import h3
import pytest
from django.apps import apps

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.cameras.models import MATCH_CELL_RESOLUTION, Camera
from fairwitness.cameras.services import camera_register

pytestmark = pytest.mark.django_db


def _cell(lat: float, lon: float) -> int:
    return int(h3.str_to_int(h3.latlng_to_cell(lat, lon, MATCH_CELL_RESOLUTION)))


def test_a_registered_camera_gets_the_resolution_11_cell_of_its_location() -> None:
    camera = camera_register(
        owner=person_create(Role.RESIDENT), name="Porch", latitude=45.4655, longitude=-122.653
    )
    camera.refresh_from_db()
    assert camera.match_cell == _cell(45.4655, -122.653)


def test_a_camera_moved_gets_the_cell_of_its_new_location() -> None:
    camera = camera_register(
        owner=person_create(Role.RESIDENT), name="Porch", latitude=45.4655, longitude=-122.653
    )
    camera.latitude, camera.longitude = 45.47, -122.66
    camera.save(update_fields=["latitude", "longitude"])
    camera.refresh_from_db()
    assert camera.match_cell == _cell(45.47, -122.66)
    created = Camera.objects.create(
        owner=camera.owner, name="Yard", latitude=45.46, longitude=-122.65, coarse_cell="x"
    )
    assert Camera.objects.get(pk=created.pk).match_cell == _cell(45.46, -122.65)


def test_the_migration_fills_the_cell_of_every_existing_camera() -> None:
    owner = person_create(Role.RESIDENT)
    points = [(45.46 + i / 1000, -122.65 - i / 700) for i in range(5)]
    for n, (lat, lon) in enumerate(points):
        camera_register(owner=owner, name=f"c{n}", latitude=lat, longitude=lon)
    Camera.objects.update(match_cell=0)
    migration = importlib.import_module("fairwitness.cameras.migrations.0003_camera_match_cell")
    migration.match_cells_fill(apps, None)
    stored = dict(Camera.objects.values_list("name", "match_cell"))
    assert stored == {f"c{n}": _cell(lat, lon) for n, (lat, lon) in enumerate(points)}
