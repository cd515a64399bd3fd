"""Throttling of POST /api/devices/pair: wrong codes per client address and in total."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.cameras import throttle
from fairwitness.cameras.models import DeviceCredential
from fairwitness.cameras.services import camera_register, pairing_code_create
from fairwitness.cameras.throttle import (
    client_key,
    pairing_attempt,
    window_first_refusal,
    window_give_back,
    window_take,
)

REPO = Path(__file__).resolve().parents[3]
WRONG = "ABCD-EFGH-JKMN"
HOME, NEIGHBOUR, THIRD = "198.51.100.7", "203.0.113.9", "192.0.2.44"
T0 = 1_800_000_000.0  # a window boundary for 60, 120 and 900 s windows


@pytest.fixture
def limits(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Per client 3 wrong codes, 5 in total, per 60 s window; the clock stands at T0 + 10 s."""
    settings.CAMERAS_PAIRING_FAILURES_PER_CLIENT = 3
    settings.CAMERAS_PAIRING_FAILURES_TOTAL = 5
    settings.CAMERAS_PAIRING_WINDOW_SECONDS = 60
    now = {"t": T0 + 10}
    monkeypatch.setattr(throttle, "clock", lambda: now["t"])
    return now


def fresh_code(name: str = "Porch") -> str:
    owner = person_create(Role.RESIDENT)
    camera = camera_register(owner=owner, name=name, latitude=45.46, longitude=-122.65)
    return pairing_code_create(owner=owner, camera_id=camera.pk)[1]


def pair(address: str, code: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/api/devices/pair", {"code": code, "name": "cam"}, content_type="application/json"
    )


@pytest.mark.django_db
def test_wrong_codes_past_the_limit_get_429_with_retry_after_until_the_window_has_room(
    limits: dict[str, float],
) -> None:
    """GIVEN a limit of 3 wrong codes per client per minute
    WHEN a client sends 3 wrong codes at 10 s into a window
    THEN each is refused as wrong (400); the 4th attempt, even with a right code, is 429 in the
    error shape with Retry-After to when the sliding minute has room: 20 s into the next window,
    when the 3 wrong codes, taken as spread over their window, weigh 2; then the code pairs."""
    code = fresh_code()
    for _ in range(3):
        wrong = pair(HOME, WRONG)
        assert wrong.status_code == 400 and wrong.json()["error"] == "pairing_code_invalid"
    throttled = pair(HOME, code)
    assert throttled.status_code == 429, throttled.content
    body = throttled.json()
    assert set(body) == {"error", "message", "detail"}
    assert body["error"] == "pairing_throttled" and "Wait 70 seconds" in body["message"]
    assert body["detail"] == {"retry_after_seconds": 70, "scope": "client"}
    assert throttled["Retry-After"] == "70"
    limits["t"] = T0 + 60  # a new fixed window, but the sliding one still holds all 3
    assert pair(HOME, code)["Retry-After"] == "20"
    limits["t"] = T0 + 79
    assert pair(HOME, code)["Retry-After"] == "1"
    assert not DeviceCredential.objects.exists()

    limits["t"] = T0 + 80
    paired = pair(HOME, code)
    assert paired.status_code == 201 and paired.json()["token"]
    assert DeviceCredential.objects.count() == 1


@pytest.mark.django_db
def test_clients_are_counted_apart(limits: dict[str, float]) -> None:
    """GIVEN one address throttled WHEN another address pairs THEN its wrong code is only a
    400 and its right code pairs: one client's failures do not lock out another."""
    for _ in range(4):
        pair(HOME, WRONG)
    assert pair(HOME, WRONG).status_code == 429
    assert pair(NEIGHBOUR, WRONG).status_code == 400
    assert pair(NEIGHBOUR, fresh_code()).status_code == 201
    assert pair(HOME, fresh_code("Gate")).status_code == 429


@pytest.mark.django_db
def test_right_codes_leave_no_count_behind(limits: dict[str, float]) -> None:
    """GIVEN 2 wrong codes from a client (limit 3) WHEN it pairs 4 cameras with right codes
    THEN all pair, and its next wrong code is still a 400: only failures count."""
    pair(HOME, WRONG)
    pair(HOME, WRONG)
    for n in range(4):
        assert pair(HOME, fresh_code(f"cam {n}")).status_code == 201
    assert pair(HOME, WRONG).status_code == 400
    assert pair(HOME, WRONG).status_code == 429


@pytest.mark.django_db
def test_the_global_bound_stops_everyone_once_reached(limits: dict[str, float]) -> None:
    """GIVEN 5 wrong codes in total allowed per minute, and 3 per client
    WHEN two addresses send 3 and 2 wrong codes
    THEN a third address is refused with scope 'global' even with a right code; a client
    refused by its own limit did not use up the total; once the wait it was given is over the
    code pairs."""
    for _ in range(3):
        assert pair(HOME, WRONG).status_code == 400
    for _ in range(5):  # refused by HOME's own limit: not counted in the total
        assert pair(HOME, WRONG).status_code == 429
    for _ in range(2):
        assert pair(NEIGHBOUR, WRONG).status_code == 400
    code = fresh_code()
    refused = pair(THIRD, code)
    assert refused.status_code == 429 and refused.json()["detail"]["scope"] == "global"
    wait = refused.json()["detail"]["retry_after_seconds"]
    assert wait == 62  # 12 s into the next window the 5 weigh 4
    limits["t"] = T0 + 10 + wait - 1
    assert pair(THIRD, code).json()["detail"]["scope"] == "global"
    limits["t"] = T0 + 10 + wait
    assert pair(THIRD, code).status_code == 201


@pytest.mark.django_db
def test_a_refusal_by_the_total_gives_back_the_clients_own_slot(
    limits: dict[str, float], settings: SettingsWrapper
) -> None:
    """GIVEN the total reached WHEN a client is refused 10 times for it THEN its own count did
    not grow: with room in the total again it still has its full 3 tries."""
    settings.CAMERAS_PAIRING_FAILURES_TOTAL = 2
    pair(HOME, WRONG)
    pair(HOME, WRONG)
    for _ in range(10):
        assert pair(NEIGHBOUR, WRONG).json()["detail"]["scope"] == "global"
    settings.CAMERAS_PAIRING_FAILURES_TOTAL = 100
    assert [pair(NEIGHBOUR, WRONG).status_code for _ in range(4)] == [400, 400, 400, 429]


@pytest.mark.django_db
def test_throttling_is_logged_and_audited_once_per_window_without_the_address_in_public(
    limits: dict[str, float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="fairwitness.cameras.throttle")
    for _ in range(3):
        pair(HOME, WRONG)
    for _ in range(4):
        assert pair(HOME, WRONG).status_code == 429
    entries = AuditEntry.objects.filter(event="camera:pairing:throttled")
    assert entries.count() == 1
    entry = entries.get()
    assert HOME.encode() not in bytes(entry.leaf)
    assert b'"scope":"client"' in bytes(entry.leaf)
    assert entry.private.details and HOME in entry.private.details
    warnings = [r.getMessage() for r in caplog.records if "pairing throttled" in r.getMessage()]
    assert len(warnings) == 1 and HOME in warnings[0]
    limits["t"] = T0 + 60
    for _ in range(4):
        pair(HOME, WRONG)
    assert entries.count() == 2


@pytest.mark.django_db
def test_an_ipv6_client_is_counted_by_its_64(limits: dict[str, float]) -> None:
    """Rotating addresses inside one /64 does not reset the count."""
    for n in range(3):
        assert pair(f"2001:db8:1:2::{n + 1}", WRONG).status_code == 400
    assert pair("2001:db8:1:2::ffff", WRONG).status_code == 429
    assert pair("2001:db8:1:3::1", WRONG).status_code == 400


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("", "unknown"),
        ("not an address", "unknown"),
    ],
)
def test_client_key(address: str, key: str) -> None:
    assert client_key(address) == key


@pytest.mark.django_db
def test_other_errors_inside_the_attempt_give_the_slot_back(limits: dict[str, float]) -> None:
    for _ in range(5):
        with pytest.raises(RuntimeError), pairing_attempt(client=HOME):
            raise RuntimeError("the database went away")
    assert pair(HOME, WRONG).status_code == 400


def _counter_cases() -> list[Any]:
    return [
        pytest.param(lambda: LocMemCache(f"t-{uuid.uuid4()}", {}), id="locmem"),
        pytest.param(
            lambda: RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": f"t-{uuid.uuid4()}"}),
            id="redis",
            marks=pytest.mark.redis,
        ),
    ]


@pytest.mark.parametrize("make_cache", _counter_cases())
def test_window_counts_are_exact_under_concurrency_and_weigh_on_the_next_window(
    make_cache: Any,
) -> None:
    """GIVEN 8 threads taking 25 slots each in one window THEN the counts handed out are
    exactly 1..200 (no two attempts see the same count); giving back lowers it; the next
    window starts at 1 with the whole previous count still weighing on it at its start; only
    one refusal per window and scope is the first."""
    backend = make_cache()
    seen: list[int] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(25):
            taken = window_take(cache=backend, scope="s", limit=10, seconds=60, now=T0 + 30.2)
            with lock:
                seen.append(taken.count)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 201))
    taken = window_take(cache=backend, scope="s", limit=10, seconds=60, now=T0 + 59)
    assert (taken.count, taken.previous, taken.over) == (201, 0, True)
    # 200 held: in the next window they must weigh at most 9, at 57.3 s into it.
    assert taken.retry_after == 59
    window_give_back(cache=backend, taken=taken)
    window_give_back(cache=backend, taken=taken)
    again = window_take(cache=backend, scope="s", limit=10, seconds=60, now=T0 + 59)
    assert again.count == 200
    nxt = window_take(cache=backend, scope="s", limit=10, seconds=60, now=T0 + 60)
    assert (nxt.count, nxt.previous, nxt.over, nxt.retry_after) == (1, 200, True, 58)
    first = window_take(cache=backend, scope="other", limit=1, seconds=60, now=T0)
    second = window_take(cache=backend, scope="other", limit=1, seconds=60, now=T0)
    third = window_take(cache=backend, scope="other", limit=1, seconds=60, now=T0 + 1)
    assert not first.over and second.over and third.over
    assert window_first_refusal(cache=backend, taken=second)
    assert not window_first_refusal(cache=backend, taken=third)
    later = window_take(cache=backend, scope="other", limit=1, seconds=60, now=T0 + 61)
    assert later.over and window_first_refusal(cache=backend, taken=later)
    backend.clear()


def test_giving_back_a_window_that_has_expired_is_harmless() -> None:
    backend = LocMemCache(f"t-{uuid.uuid4()}", {})
    taken = window_take(cache=backend, scope="s", limit=1, seconds=60, now=T0)
    backend.clear()
    window_give_back(cache=backend, taken=taken)
    assert backend.get(taken.key) is None


@pytest.mark.parametrize(
    "variable",
    [
        "FAIRWITNESS_PAIRING_FAILURES_PER_CLIENT",
        "FAIRWITNESS_PAIRING_FAILURES_TOTAL",
        "FAIRWITNESS_PAIRING_WINDOW_SECONDS",
    ],
)
@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_limit_or_window_below_one_stops_start_up_naming_the_setting(
    variable: str, value: str
) -> None:
    """GIVEN a pairing limit or window below 1 in the environment WHEN the settings load THEN
    start-up stops with ImproperlyConfigured naming the variable, its value and the range."""
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.security"],
        cwd=REPO,
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert f"{variable} is {value}, but it must be at least 1" in last_line


def test_the_limits_and_the_cache_come_from_the_environment() -> None:
    code = (
        "import config.settings.security as s; "
        "print(s.CAMERAS_PAIRING_FAILURES_PER_CLIENT, s.CAMERAS_PAIRING_FAILURES_TOTAL, "
        "s.CAMERAS_PAIRING_WINDOW_SECONDS, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    env = {
        **os.environ,
        "FAIRWITNESS_PAIRING_FAILURES_PER_CLIENT": "4",
        "FAIRWITNESS_PAIRING_FAILURES_TOTAL": "40",
        "FAIRWITNESS_PAIRING_WINDOW_SECONDS": "300",
        "FAIRWITNESS_CACHE_URL": "redis://127.0.0.1:6379/1",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["4", "40", "300", "RedisCache"]


@pytest.mark.django_db
def test_a_cache_that_cannot_be_reached_fails_closed_with_503(
    settings: SettingsWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN the throttle's shared cache points at a Redis nobody listens on
    WHEN a device sends a right code
    THEN the answer is 503 in the error shape (never a 500), nothing is paired, and the cause
    is logged for the operator."""
    code = fresh_code()
    settings.CACHES = {
        "default": settings.CACHES["default"],
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        },
    }
    settings.CAMERAS_PAIRING_THROTTLE_CACHE = "down"

    with caplog.at_level(logging.ERROR, logger="fairwitness.cameras.throttle"):
        response = pair(HOME, code)

    assert response.status_code == 503, response.content
    assert response.json()["error"] == "pairing_unavailable"
    assert "Try again in a minute" in response.json()["message"]
    assert not DeviceCredential.objects.exists()
    assert "throttle's cache failed" in caplog.text


@pytest.mark.django_db
def test_a_failed_give_back_does_not_undo_a_successful_pairing(
    limits: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the cache fails only when a slot is given back
    WHEN the right code is sent THEN the device is paired (201) and keeps its credential."""

    def broken(**_: Any) -> None:
        raise ConnectionError("cache went away")

    monkeypatch.setattr(throttle, "window_give_back", broken)
    response = pair(HOME, fresh_code())
    assert response.status_code == 201, response.content
    assert DeviceCredential.objects.count() == 1
