"""Registering cameras; only the owner sees them, and bad input is refused cleanly."""

from __future__ import annotations

import h3
import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.models import COARSE_CELL_RESOLUTION, Camera

pytestmark = pytest.mark.django_db


def test_a_resident_registers_a_camera_and_gets_a_coarse_cell() -> None:
    owner = person_create(Role.RESIDENT)
    client = client_sign_in(Client(), owner)
    response = client.post(
        "/api/cameras",
        {"name": "Porch", "latitude": 45.4655, "longitude": -122.653},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["coarse_cell"] == h3.latlng_to_cell(45.4655, -122.653, COARSE_CELL_RESOLUTION)
    assert body["retention_days"] == 30


def test_owners_see_only_their_own_cameras() -> None:
    alice, bob = person_create(Role.RESIDENT), person_create(Role.RESIDENT)
    Camera.objects.create(owner=alice, name="A", latitude=1, longitude=1, coarse_cell="x")
    Camera.objects.create(owner=bob, name="B", latitude=1, longitude=1, coarse_cell="x")
    names = [c["name"] for c in client_sign_in(Client(), alice).get("/api/cameras").json()]
    assert names == ["A"]
    page = client_sign_in(Client(), alice).get("/home/")
    assert b">A<" in page.content and b">B<" not in page.content


def test_camera_list_uses_a_constant_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    owner = person_create(Role.RESIDENT)
    for n in range(15):
        Camera.objects.create(owner=owner, name=f"c{n}", latitude=1, longitude=1, coarse_cell="x")
    client = client_sign_in(Client(), owner)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert len(client.get("/api/cameras").json()) == 15


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "", "latitude": 1, "longitude": 1}, "name"),
        ({"name": "x", "latitude": 91, "longitude": 1}, "latitude"),
        ({"name": "x", "latitude": 1, "longitude": -181}, "longitude"),
        ({"name": "x", "latitude": 1, "longitude": 1, "retention_days": 181}, "retention_days"),
        ({"name": "x", "latitude": 1, "longitude": 1, "retention_days": 0}, "retention_days"),
        ({"name": "x", "latitude": "north", "longitude": 1}, "latitude"),
    ],
)
def test_bad_camera_input_gets_the_error_shape_and_stores_nothing(
    payload: dict[str, object], field: str
) -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    response = client.post("/api/cameras", payload, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid" and field in body["message"]
    assert any(field in item["field"] for item in body["detail"])
    assert not Camera.objects.exists()


def test_a_duplicate_name_is_a_conflict_not_a_500() -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    payload = {"name": "Porch", "latitude": 1, "longitude": 1}
    assert client.post("/api/cameras", payload, content_type="application/json").status_code == 201
    again = client.post("/api/cameras", payload, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"] == "camera_name_taken"
    assert Camera.objects.count() == 1


def test_malformed_json_is_a_clear_400_class_error() -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    response = client.post("/api/cameras", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_the_registration_page_works_and_explains_bad_input() -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    bad = client.post(
        "/cameras/new/",
        {"name": "Porch", "latitude": "95", "longitude": "1", "retention_days": "30"},
    )
    assert bad.status_code == 400 and b"less than or equal to 90" in bad.content
    good = client.post(
        "/cameras/new/",
        {"name": "Porch", "latitude": "45.1", "longitude": "1", "retention_days": "14"},
    )
    assert good.status_code == 302
    assert Camera.objects.get().retention_days == 14
