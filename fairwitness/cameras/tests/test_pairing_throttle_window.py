"""The pairing throttle's sliding window: no doubled limit at a window boundary, honest waits."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.audit.models import AuditEntry
from fairwitness.cameras import throttle
from fairwitness.cameras.throttle import WindowCount, window_give_back, window_take

HOME = "198.51.100.7"
WRONG = "ABCD-EFGH-JKMN"
T0 = 1_800_000_000.0  # a window boundary for 60 s windows
LIMIT, SECONDS = 5, 60


@pytest.fixture
def clock(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Per client 3 wrong codes, 100 in total, per 60 s; the throttle's clock is ours."""
    settings.CAMERAS_PAIRING_FAILURES_PER_CLIENT = 3
    settings.CAMERAS_PAIRING_FAILURES_TOTAL = 100
    settings.CAMERAS_PAIRING_WINDOW_SECONDS = 60
    now = {"t": T0}
    monkeypatch.setattr(throttle, "clock", lambda: now["t"])
    return now


def pair_wrong(address: str = HOME) -> int:
    return (
        Client(REMOTE_ADDR=address)
        .post("/api/devices/pair", {"code": WRONG}, content_type="application/json")
        .status_code
    )


@pytest.mark.django_db
def test_a_burst_straddling_a_window_boundary_cannot_reach_twice_the_limit(
    clock: dict[str, float],
) -> None:
    """GIVEN a limit of 3 wrong codes per minute
    WHEN a client sends 3 wrong codes a second before a window ends, then 5 more every half
    second for 5 seconds from the boundary on
    THEN only the first 3 are checked: fixed windows let 3 more through at the boundary."""
    clock["t"] = T0 + 59
    assert [pair_wrong() for _ in range(3)] == [400, 400, 400]
    checked = 3
    for step in range(11):
        clock["t"] = T0 + 59.5 + step / 2
        for _ in range(5):
            checked += pair_wrong() == 400
    assert checked == 3
    assert AuditEntry.objects.filter(event="camera:pairing:throttled").count() == 2


@pytest.mark.parametrize(
    ("wrong_codes", "refused_at", "wait"),
    [
        pytest.param([(10, 3)], 10, 70, id="full-window-waits-into-the-next"),
        pytest.param([(59, 3)], 59.5, 21, id="full-at-the-end-of-a-window"),
        pytest.param([(10, 1), (70, 2)], 70, 50, id="current-window-full-once-old-one-fades"),
        pytest.param([(50, 2), (65, 1)], 65, 25, id="previous-window-weighs-too-much"),
    ],
)
@pytest.mark.django_db
def test_waiting_as_told_by_retry_after_is_enough_and_no_longer_than_needed(
    clock: dict[str, float], wrong_codes: list[tuple[float, int]], refused_at: float, wait: int
) -> None:
    """GIVEN wrong codes at the given seconds (from a window's start) up to a refusal
    WHEN the client comes back after Retry-After THEN its code is checked again, and a second
    earlier it would still have been refused."""
    for at, count in wrong_codes:
        clock["t"] = T0 + at
        assert [pair_wrong() for _ in range(count)] == [400] * count
    clock["t"] = T0 + refused_at
    response = Client(REMOTE_ADDR=HOME).post(
        "/api/devices/pair", {"code": WRONG}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response["Retry-After"] == str(wait)
    assert response.json()["detail"]["retry_after_seconds"] == wait
    clock["t"] = T0 + refused_at + wait - 1
    assert pair_wrong() == 429
    clock["t"] = T0 + refused_at + wait
    assert pair_wrong() == 400


def _attempt(backend: LocMemCache, now: float) -> WindowCount:
    """One wrong code as pairing counts it: kept if admitted, given back if refused."""
    taken = window_take(cache=backend, scope="s", limit=LIMIT, seconds=SECONDS, now=now)
    if taken.over:
        window_give_back(cache=backend, taken=taken)
    return taken


def _admitted(backend: LocMemCache, now: float) -> bool:
    """Whether an attempt at ``now`` would be admitted, leaving the counts as they were."""
    taken = window_take(cache=backend, scope="s", limit=LIMIT, seconds=SECONDS, now=now)
    window_give_back(cache=backend, taken=taken)
    return not taken.over


def _steady(t: float) -> int:
    return 3  # three attempts every quarter second


def _at_each_boundary(t: float) -> int:
    return 20 if (t % SECONDS) > SECONDS - 2 or (t % SECONDS) < 2 else 0


def _late_in_each_window(t: float) -> int:
    return 4 if (t % SECONDS) > SECONDS * 0.8 else 0


@pytest.mark.parametrize("schedule", [_steady, _at_each_boundary, _late_in_each_window])
def test_no_span_admits_twice_the_limit_and_every_wait_is_exact(
    schedule: Callable[[float], int],
) -> None:
    """GIVEN a guesser following ``schedule`` for ten windows, every code wrong
    THEN in any span of d seconds at most LIMIT * (1 + d / SECONDS) codes are checked (fewer
    than twice the limit in a whole window's span, where fixed windows allow twice), no more
    than the limit per window on average, and every refusal's retry_after is the first whole
    second at which an attempt is admitted again."""
    backend = LocMemCache(f"t-{uuid.uuid4()}", {})
    checked: list[float] = []
    for step in range(10 * SECONDS * 4):
        now = T0 + step / 4
        for _ in range(schedule(now)):
            taken = _attempt(backend, now)
            if not taken.over:
                checked.append(now)
                continue
            assert not _admitted(backend, now + taken.retry_after - 1) or taken.retry_after == 1
            assert _admitted(backend, now + taken.retry_after)
    assert len(checked) <= 11 * LIMIT
    for span in (0.25, 2, 5, 15, 30, SECONDS):
        busiest = max(sum(1 for t in checked if start <= t < start + span) for start in checked)
        assert busiest <= math.floor(LIMIT * (1 + span / SECONDS)), span
        assert busiest < 2 * LIMIT
    backend.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "scope"),
    [
        ("CAMERAS_PAIRING_FAILURES_PER_CLIENT", "client"),
        ("CAMERAS_PAIRING_FAILURES_TOTAL", "global"),
    ],
)
@pytest.mark.parametrize("value", [0, -2])
def test_a_limit_below_one_set_by_an_override_is_read_as_one_never_a_500(
    clock: dict[str, float], settings: SettingsWrapper, setting: str, scope: str, value: int
) -> None:
    """GIVEN a limit below 1 that bypassed the start-up check (a settings override)
    WHEN a client sends wrong codes
    THEN the limit counts as 1: the first is a 400, the next a 429 with a Retry-After of at
    least 1 s (no division by zero, no 500), and a right code pairs once the window allows."""
    setattr(settings, setting, value)
    assert pair_wrong() == 400
    refused = Client(REMOTE_ADDR=HOME).post(
        "/api/devices/pair", {"code": WRONG}, content_type="application/json"
    )
    assert refused.status_code == 429, refused.content
    assert refused.json()["detail"]["scope"] == scope
    assert int(refused["Retry-After"]) >= 1
    clock["t"] += int(refused["Retry-After"])
    assert pair_wrong() == 400


@pytest.mark.django_db
@pytest.mark.parametrize("seconds", [0, -1])
def test_a_window_below_one_second_set_by_an_override_is_read_as_one_second(
    clock: dict[str, float], settings: SettingsWrapper, seconds: int
) -> None:
    """GIVEN a window below 1 s that bypassed the start-up check WHEN a client sends wrong codes
    THEN the window is 1 s long: the 4th wrong code (limit 3) is a 429, never a 500, and two
    seconds later the client may try again."""
    settings.CAMERAS_PAIRING_WINDOW_SECONDS = seconds
    assert [pair_wrong() for _ in range(4)] == [400, 400, 400, 429]
    clock["t"] += 2
    assert pair_wrong() == 400


@pytest.mark.parametrize(("limit", "seconds"), [(0, 60), (1, 0), (-5, -5)])
def test_window_take_reads_a_limit_or_window_below_one_as_one(limit: int, seconds: int) -> None:
    backend = LocMemCache(f"w-{uuid.uuid4()}", {})
    first = window_take(cache=backend, scope="s", limit=limit, seconds=seconds, now=T0)
    second = window_take(cache=backend, scope="s", limit=limit, seconds=seconds, now=T0)
    assert (first.limit, first.seconds) == (1, max(1, seconds))
    assert not first.over and second.over and second.retry_after >= 1
