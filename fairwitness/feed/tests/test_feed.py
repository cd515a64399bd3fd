"""The feed: posts near the reader within the chosen radius, newest first, paginated,
with a constant number of queries; the reader's exact location is never stored."""

from __future__ import annotations

import datetime as dt

import h3
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.services import camera_register
from fairwitness.feed.models import Comment, Post, ReaderLocation
from fairwitness.feed.selectors import cells_within
from fairwitness.feed.tests.factories import HOME, cell_at, post_make, resident_at
from fairwitness.feed.views import PAGE_SIZE
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db


def _cell_at_distance(km: float) -> str:
    """The cell of a point ``km`` north of HOME (1 degree of latitude is about 111.2 km)."""
    return cell_at(HOME[0] + km / 111.2, HOME[1])


def test_radius_chooses_which_posts_are_near() -> None:
    reader = resident_at()
    author = resident_at()
    post_make(author=author, text="Here", cell=cell_at(*HOME))
    post_make(author=author, text="Three km away", cell=_cell_at_distance(3.0))
    post_make(author=author, text="Forty km away", cell=_cell_at_distance(40.0))
    client = client_sign_in(Client(), reader)

    near = client.get("/feed/?radius=0.5").content.decode()
    assert "Here" in near and "Three km away" not in near
    wider = client.get("/feed/?radius=5").content.decode()
    assert "Here" in wider and "Three km away" in wider and "Forty km away" not in wider


def test_radius_rings_grow_with_the_radius() -> None:
    cell = cell_at(*HOME)
    sizes = [len(cells_within(cell=cell, radius_km=r)) for r in (0.5, 1.0, 2.0, 5.0)]
    assert sizes == sorted(sizes) and sizes[0] >= 7
    distance = h3.great_circle_distance(
        h3.cell_to_latlng(cell), h3.cell_to_latlng(_cell_at_distance(3.0)), unit="km"
    )
    assert 2.0 < distance < 4.0


def test_only_published_posts_appear_newest_first() -> None:
    reader = resident_at()
    author = resident_at()
    old = post_make(author=author, text="Older post")
    Post.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(hours=2))
    post_make(author=author, text="Newer post")
    for state in (
        SubmissionState.HELD,
        SubmissionState.NEEDS_EDIT,
        SubmissionState.REJECTED,
        SubmissionState.REMOVED,
        SubmissionState.DRAFT,
    ):
        post_make(author=author, text=f"Hidden {state}", state=state)
    page = client_sign_in(Client(), reader).get("/feed/").content.decode()
    assert page.index("Newer post") < page.index("Older post")
    assert "Hidden" not in page


def test_feed_is_paginated() -> None:
    reader = resident_at()
    author = resident_at()
    for n in range(PAGE_SIZE + 3):
        post_make(author=author, text=f"Post number {n:03d}")
    client = client_sign_in(Client(), reader)
    first = client.get("/feed/").content.decode()
    second = client.get("/feed/?page=2").content.decode()
    assert first.count('class="card post"') == PAGE_SIZE
    assert second.count('class="card post"') == 3
    assert "Page 2 of 2" in second


def _feed_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feed/?radius=2").status_code == 200
    return len(queries)


def test_feed_query_count_does_not_grow_with_posts_or_comments() -> None:
    reader = resident_at()
    client = client_sign_in(Client(), reader)
    authors = [resident_at() for _ in range(3)]
    post_make(author=authors[0])
    small = _feed_queries(client)
    for n in range(PAGE_SIZE):
        post = post_make(author=authors[n % 3], text=f"Post {n}")
        Comment.objects.create(
            post=post, author=authors[0], text="me too", state=SubmissionState.PUBLISHED
        )
    assert _feed_queries(client) == small


def test_location_keeps_only_a_coarse_cell() -> None:
    reader = person_create(Role.RESIDENT)
    client = client_sign_in(Client(), reader)
    response = client.post(
        "/feed/location/", {"latitude": "45.461234", "longitude": "-122.651234", "radius_km": "2"}
    )
    assert response.status_code == 302
    location = ReaderLocation.objects.get(reader=reader)
    assert location.cell == cell_at(45.461234, -122.651234)
    assert location.radius_km == 2.0
    stored = [str(getattr(location, f.attname)) for f in ReaderLocation._meta.fields]
    assert not any("45.46" in value or "122.65" in value for value in stored)
    assert "45.461234" not in client.get("/feed/").content.decode()


def test_location_outside_the_earth_is_refused() -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    response = client.post(
        "/feed/location/", {"latitude": "91", "longitude": "0", "radius_km": "1"}
    )
    assert response.status_code == 400
    assert not ReaderLocation.objects.exists()


def test_feed_defaults_to_the_first_cameras_cell() -> None:
    reader = person_create(Role.RESIDENT)
    camera_register(owner=reader, name="Porch", latitude=HOME[0], longitude=HOME[1])
    post_make(author=resident_at(), text="Near the camera")
    page = client_sign_in(Client(), reader).get("/feed/").content.decode()
    assert "Near the camera" in page


def test_a_reader_without_location_is_asked_for_one() -> None:
    page = client_sign_in(Client(), person_create(Role.RESIDENT)).get("/feed/").content.decode()
    assert "Where do you read from?" in page


def test_posting_without_a_location_says_what_to_do() -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    response = client.post("/feed/posts/new/", {"category": "other", "text": "Hello neighbors"})
    assert response.status_code == 400
    assert "Set your home location" in response.content.decode()
    assert not Post.objects.exists()


def test_radius_change_by_htmx_returns_only_the_list() -> None:
    client = client_sign_in(Client(), resident_at())
    response = client.get(
        "/feed/?radius=5", headers={"HX-Request": "true", "HX-Target": "feed-list"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="feed-list"')
    assert "<html" not in body
