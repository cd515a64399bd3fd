"""Malformed, oversized and mistyped request bodies get the one error shape, never a 500.

Regression tests for issue 17: F1 (multipart without a boundary reached the CSRF check, which
raised MultiPartParserError) and F2 (a body over Django's in-memory limit raised
RequestDataTooBig), JSON sent as text/plain, chunks sent as JSON, undecodable bodies.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.models import Camera
from fairwitness.feed.models import Post

pytestmark = pytest.mark.django_db

LIMIT = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
CSRF_TOKEN = "a" * 32  # the cookie's and the header's token; its shape is all Django checks


def _resident_client() -> Client:
    """A signed-in resident whose client enforces CSRF, as a browser session does."""
    client = Client(enforce_csrf_checks=True)
    client_sign_in(client, person_create(Role.RESIDENT))
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
    return client


CSRF = {"X-CSRFToken": CSRF_TOKEN}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message", "detail"}
    assert body["error"] == code and body["message"]
    return body


@pytest.mark.parametrize("path", ["/api/feed/posts", "/api/cameras", "/api/feed/posts/1/flags"])
def test_f1_multipart_without_a_boundary_is_400_not_500(path: str) -> None:
    client = _resident_client()
    response = client.post(
        path, data=b"text=hello", content_type="multipart/form-data", headers=CSRF
    )
    body = assert_error(response, 400, "malformed_body")
    assert "boundary" in body["message"]


@pytest.mark.parametrize("path", ["/api/feed/posts", "/api/cameras"])
def test_a_well_formed_form_sent_to_a_json_route_is_415(path: str) -> None:
    client = _resident_client()
    response = client.post(path, data={"text": "hello", "name": "Porch"}, headers=CSRF)
    body = assert_error(response, 415, "unsupported_media_type")
    assert body["detail"] == {"accepted": ["application/json"]}
    assert not Post.objects.exists() and not Camera.objects.exists()


@pytest.mark.parametrize(
    "path", ["/api/devices/pair", "/api/ingest/uploads", "/api/feed/posts", "/api/cameras"]
)
def test_f2_a_body_over_the_limit_is_413_with_the_limit_and_needs_no_login(path: str) -> None:
    payload = json.dumps({"code": "x" * (LIMIT + 10)})
    response = Client().post(path, data=payload, content_type="application/json")
    body = assert_error(response, 413, "too_large")
    assert str(LIMIT) in body["message"]
    assert body["detail"]["limit_bytes"] == LIMIT


def test_f2_an_oversized_body_from_a_signed_in_resident_stores_nothing() -> None:
    client = _resident_client()
    payload = json.dumps({"category": "other", "text": "x" * (LIMIT + 10)})
    response = client.post(
        "/api/feed/posts", data=payload, content_type="application/json", headers=CSRF
    )
    assert_error(response, 413, "too_large")
    assert not Post.objects.exists()


def test_json_sent_as_text_plain_is_415() -> None:
    client = _resident_client()
    camera = {"name": "Porch", "latitude": 45.46, "longitude": -122.65}
    response = client.post(
        "/api/cameras", data=json.dumps(camera), content_type="text/plain", headers=CSRF
    )
    assert_error(response, 415, "unsupported_media_type")
    assert not Camera.objects.exists()
    pair = Client().post(
        "/api/devices/pair", data=json.dumps({"code": "abc"}), content_type="text/plain"
    )
    assert_error(pair, 415, "unsupported_media_type")


def test_json_in_another_charset_is_415() -> None:
    response = Client().post(
        "/api/devices/pair",
        data=json.dumps({"code": "abc"}),  # the test client encodes it as UTF-16
        content_type="application/json; charset=utf-16",
    )
    assert_error(response, 415, "unsupported_media_type")


def test_chunks_sent_as_json_are_415() -> None:
    response = Client().put(
        f"/api/ingest/uploads/{uuid.uuid4()}/chunk?offset=0",
        data=b'{"bytes": "not a chunk"}',
        content_type="application/json",
    )
    body = assert_error(response, 415, "unsupported_media_type")
    assert body["detail"] == {"accepted": ["application/octet-stream"]}


def test_a_chunk_over_the_chunk_limit_is_413_before_it_is_read(settings: Any) -> None:
    settings.FOOTAGE_CHUNK_MAX_BYTES = 1024
    response = Client().put(
        f"/api/ingest/uploads/{uuid.uuid4()}/chunk?offset=0",
        data=b"\0" * 2048,
        content_type="application/octet-stream",
    )
    body = assert_error(response, 413, "too_large")
    assert "1024" in body["message"]


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe{not utf-8}", b'{"code": ', b"[" * 100_000 + b"]" * 100_000],
    ids=["not-utf8", "truncated", "deeply-nested"],
)
def test_undecodable_json_is_400_malformed_body(data: bytes) -> None:
    response = Client().post("/api/devices/pair", data=data, content_type="application/json")
    assert_error(response, 400, "malformed_body")


def test_a_bad_content_length_is_400() -> None:
    response = Client().post(
        "/api/devices/pair", data=b"{}", content_type="application/json", CONTENT_LENGTH="ten"
    )
    assert_error(response, 400, "malformed_body")


def test_pages_answer_malformed_multipart_with_a_clear_error_page() -> None:
    client = Client(enforce_csrf_checks=True)
    client_sign_in(client, person_create(Role.RESIDENT))
    no_boundary = client.post("/", data=b"x=1", content_type="multipart/form-data")
    assert no_boundary.status_code == 400
    assert b"needs a boundary" in no_boundary.content
    broken = client.post(
        "/",
        data=b"--B\r\nContent-Disposition: form-data; name=\r\n\r\nx",
        content_type="multipart/form-data; boundary=B",
    )
    assert broken.status_code in (400, 403)  # refused, by the parser or then by CSRF
    assert broken.status_code != 500


def test_pages_answer_an_oversized_form_with_413() -> None:
    response = Client().post(
        "/", data=b"x=" + b"a" * (LIMIT + 10), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert str(LIMIT).encode() in response.content


def test_pages_answer_json_with_415() -> None:
    response = Client().post("/", data=b"{}", content_type="application/json")
    assert response.status_code == 415


def test_a_well_formed_json_request_still_works() -> None:
    client = _resident_client()
    camera = {"name": "Porch", "latitude": 45.46, "longitude": -122.65}
    response = client.post(
        "/api/cameras",
        data=json.dumps(camera),
        content_type="application/json; charset=utf-8",
        headers=CSRF,
    )
    assert response.status_code == 201, response.content
