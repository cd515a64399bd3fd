"""Pairing devices, revoking them, privacy zones, retention, and who sees the location."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.cameras.devices import secret_hash
from fairwitness.cameras.models import Camera, DeviceCredential, PairingCode
from fairwitness.cameras.selectors import camera_location_for
from fairwitness.cameras.services import camera_register

pytestmark = pytest.mark.django_db

ZONE = [{"name": "window", "points": [[0, 0], [0.25, 0], [0.25, 0.3], [0, 0.3]]}]


def camera_of(owner: object, name: str = "Porch") -> Camera:
    return camera_register(owner=owner, name=name, latitude=45.4655, longitude=-122.653)  # type: ignore[arg-type]


def code_from(page: bytes) -> str:
    match = re.search(rb'data-testid="pairing-code">([A-Z0-9-]+)<', page)
    assert match, page[:2000]
    return match.group(1).decode()


def pair(code: str, name: str = "porch cam") -> Any:
    return Client().post(
        "/api/devices/pair", {"code": code, "name": name}, content_type="application/json"
    )


def test_an_owner_pairs_a_device_once_and_the_token_is_stored_hashed() -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    page = client_sign_in(Client(), owner).post(f"/cameras/{camera.pk}/pair/")
    assert page.status_code == 200
    code = code_from(page.content)
    assert not PairingCode.objects.filter(code_hash__contains=code.replace("-", "")).exists()
    response = pair(code.lower())  # typed in lower case with dashes: still the code
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["camera_id"] == camera.pk and body["privacy_zones"] == []
    token = body["token"]
    credential = DeviceCredential.objects.get()
    assert credential.token_hash == secret_hash(token) and token not in str(credential.__dict__)
    assert len(token) > 40
    again = pair(code)
    assert again.status_code == 400 and again.json()["error"] == "pairing_code_invalid"
    assert DeviceCredential.objects.count() == 1
    me = Client().get("/api/devices/camera", headers={"Authorization": f"Device {token}"})
    assert me.json() == {"camera_id": camera.pk, "camera_name": "Porch", "privacy_zones": []}
    assert AuditEntry.objects.filter(event="camera:device:paired").count() == 1


def test_the_code_is_shown_with_its_lifetime_and_the_agents_pair_command(
    settings: Any,
) -> None:
    settings.FOOTAGE_PAIRING_CODE_MINUTES = 7
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    page = client_sign_in(Client(), owner).post(f"/cameras/{camera.pk}/pair/").content
    code = code_from(page)
    assert b"valid once for 7 minutes" in page
    assert f"python -m agent pair --server http://testserver --code {code}".encode() in page


def test_an_expired_or_unknown_pairing_code_is_refused() -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    code = code_from(client_sign_in(Client(), owner).post(f"/cameras/{camera.pk}/pair/").content)
    PairingCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert pair(code).json()["error"] == "pairing_code_invalid"
    assert pair("").status_code == 422
    assert pair("ABCD-EFGH-JKMN").status_code == 400
    assert not DeviceCredential.objects.exists()


def test_the_owner_revokes_a_device_and_its_token_stops_working() -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    owner_client = client_sign_in(Client(), owner)
    token = pair(code_from(owner_client.post(f"/cameras/{camera.pk}/pair/").content)).json()[
        "token"
    ]
    credential = DeviceCredential.objects.get()
    stranger = client_sign_in(Client(), person_create(Role.RESIDENT))
    assert stranger.post(f"/cameras/{camera.pk}/devices/{credential.pk}/revoke/").status_code == 404
    auth = {"Authorization": f"Device {token}"}
    assert Client().get("/api/devices/camera", headers=auth).status_code == 200
    revoked = owner_client.post(f"/cameras/{camera.pk}/devices/{credential.pk}/revoke/")
    assert revoked.status_code == 302
    response = Client().get("/api/devices/camera", headers=auth)
    assert response.status_code == 401 and response.json()["error"] == "device_unauthorized"
    assert b"revoked" in owner_client.get(f"/cameras/{camera.pk}/").content
    assert AuditEntry.objects.filter(event="camera:device:revoked").count() == 1


def test_a_stranger_cannot_make_a_pairing_code_for_someone_elses_camera() -> None:
    camera = camera_of(person_create(Role.RESIDENT))
    stranger = client_sign_in(Client(), person_create(Role.RESIDENT))
    assert stranger.post(f"/cameras/{camera.pk}/pair/").status_code == 404
    assert stranger.get(f"/cameras/{camera.pk}/").status_code == 404
    assert not PairingCode.objects.exists()


def test_the_owner_edits_privacy_zones_and_retention() -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    client = client_sign_in(Client(), owner)
    saved = client.post(
        f"/cameras/{camera.pk}/settings/",
        {"retention_days": "7", "privacy_zones": json.dumps(ZONE)},
    )
    assert saved.status_code == 302
    camera.refresh_from_db()
    assert camera.retention_days == 7
    assert camera.privacy_zones == [
        {"name": "window", "points": [[0.0, 0.0], [0.25, 0.0], [0.25, 0.3], [0.0, 0.3]]}
    ]
    assert AuditEntry.objects.filter(event="camera:retention:changed").count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"retention_days": "0", "privacy_zones": ""}, b"greater than or equal to 1"),
        ({"retention_days": "181", "privacy_zones": ""}, b"less than or equal to 180"),
        ({"retention_days": "30", "privacy_zones": "{nope"}, b"not valid JSON"),
        ({"retention_days": "30", "privacy_zones": "[[[0,0],[1,1]]]"}, b"needs 3 to 64"),
        ({"retention_days": "30", "privacy_zones": "[[[0,0],[2,1],[1,1]]]"}, b"within 0..1"),
    ],
)
def test_bad_settings_are_explained_and_nothing_changes(
    form: dict[str, str], message: bytes
) -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    response = client_sign_in(Client(), owner).post(f"/cameras/{camera.pk}/settings/", form)
    assert response.status_code == 400 and message in response.content
    camera.refresh_from_db()
    assert camera.retention_days == 30 and camera.privacy_zones == []


def test_only_the_owner_sees_the_exact_location() -> None:
    owner, other = person_create(Role.RESIDENT), person_create(Role.AGENCY_MEMBER)
    camera = camera_of(owner)
    assert camera_location_for(camera=camera, viewer=owner) == (45.4655, -122.653)
    assert camera_location_for(camera=camera, viewer=other) == camera.coarse_cell
    assert camera_location_for(camera=camera, viewer=None) == camera.coarse_cell
    page = client_sign_in(Client(), owner).get("/cameras/")
    assert b"Porch" in page.content
    stranger_page = client_sign_in(Client(), person_create(Role.RESIDENT)).get("/cameras/")
    assert b"Porch" not in stranger_page.content


def test_my_cameras_uses_a_constant_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    owner = person_create(Role.RESIDENT)
    for n in range(12):
        camera_of(owner, f"cam {n}")
    client = client_sign_in(Client(), owner)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get("/cameras/").status_code == 200
