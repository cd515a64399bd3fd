"""Bounding guesses of pairing codes: fixed-window failure counters on Django's cache.

A window is ``seconds`` long and aligned to the epoch (window n covers [n*s, (n+1)*s)); its
count lives under one cache key that expires with the window. ``window_take`` adds one and
returns the new count. It is atomic where the cache's ``incr`` is (Redis, Memcached, and the
per-process LocMemCache, which holds a lock); the database cache may lose a count in a race.

Pairing takes a slot *before* the code is checked and gives it back unless the code was wrong,
so parallel guesses cannot all slip under the limit, while right codes leave no count behind.
A client refused by its own limit never touches the global count, so one address can use up
at most its own limit of everyone's budget.

A fixed window admits up to twice the limit across a boundary (the end of one window and the
start of the next); within a window the bound is exact.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

from fairwitness.audit.services import audit_record
from fairwitness.cameras.events import CameraEvent
from fairwitness.core.errors import ApplicationError

logger = logging.getLogger(__name__)

KEY_PREFIX = "fw:throttle"
# The window clock; tests move it forward instead of sleeping through a window.
clock = time.time


class PairingCodeInvalid(ApplicationError):
    """The code is unknown, used or expired: a failed exchange, counted against the client."""

    code = "pairing_code_invalid"


class PairingThrottled(ApplicationError):
    """Too many failed exchanges in this window; ``retry_after`` is whole seconds to its end."""

    status = 429
    code = "pairing_throttled"

    def __init__(self, message: str, *, retry_after: int, scope: str) -> None:
        super().__init__(message, detail={"retry_after_seconds": retry_after, "scope": scope})
        self.retry_after = retry_after


class PairingUnavailable(ApplicationError):
    """The cache that holds the counters cannot be reached. Pairing fails closed: without
    counters, guessing would be unbounded."""

    status = 503
    code = "pairing_unavailable"


@dataclass(frozen=True)
class WindowCount:
    """One taken slot: the key it was counted under, the count including it, and the window."""

    key: str
    count: int
    limit: int
    retry_after: int

    @property
    def over(self) -> bool:
        return self.count > self.limit

    @property
    def first_over(self) -> bool:
        """This slot is the first one past the limit in its window."""
        return self.count == self.limit + 1


def window_take(
    *, cache: BaseCache, scope: str, limit: int, seconds: int, now: float
) -> WindowCount:
    """Count one attempt in the current window of ``scope``; ``over`` when past ``limit``."""
    index = int(now // seconds)
    key = f"{KEY_PREFIX}:{scope}:{index}"
    retry_after = max(1, math.ceil((index + 1) * seconds - now))
    cache.add(key, 0, timeout=retry_after + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: this attempt opens it again
        cache.set(key, 1, timeout=retry_after + 1)
        count = 1
    return WindowCount(key=key, count=count, limit=limit, retry_after=retry_after)


def window_give_back(*, cache: BaseCache, taken: WindowCount) -> None:
    """Undo one ``window_take`` (the attempt did not count); nothing if the window is gone."""
    with suppress(ValueError):
        cache.decr(taken.key)


def client_key(address: str) -> str:
    """The unit a client is counted by: an IPv4 address, an IPv6 /64 (one host commonly holds a
    whole /64, so counting single addresses would not bound it), or ``unknown``."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _cache() -> BaseCache:
    return caches[settings.CAMERAS_PAIRING_THROTTLE_CACHE]


def _refuse(taken: WindowCount, *, scope: str, client: str) -> PairingThrottled:
    """The error for a refused attempt; the first refusal in a window is logged and audited."""
    seconds = int(settings.CAMERAS_PAIRING_WINDOW_SECONDS)
    if taken.first_over:
        logger.warning(
            "device pairing throttled (%s limit of %d wrong codes per %d s reached, by %s); "
            "refusing for %d s",
            scope,
            taken.limit,
            seconds,
            client,
            taken.retry_after,
        )
        with transaction.atomic():
            audit_record(
                event=CameraEvent.PAIRING_THROTTLED,
                actor=None,
                subject={"pairing": scope},
                public={"scope": scope, "count": taken.limit, "window_minutes": seconds / 60},
                private={"client": client},
            )
    whose = "from your network address" if scope == "client" else "from everyone together"
    return PairingThrottled(
        f"Too many wrong pairing codes {whose} in the last {math.ceil(seconds / 60)} minutes. "
        f"Wait {taken.retry_after} seconds, then enter the code again, checking each character "
        "(codes are shown on the camera's page under My cameras).",
        retry_after=taken.retry_after,
        scope=scope,
    )


@contextmanager
def pairing_attempt(*, client: str) -> Iterator[None]:
    """Guard one pairing exchange by client address ``client`` (REMOTE_ADDR).

    Raises PairingThrottled, before the body runs, when the client's or everyone's failures in
    this window reached their limit, and PairingUnavailable when the counters' cache cannot be
    reached (fail closed). The attempt stays counted only if the body raises
    PairingCodeInvalid; a success or any other error gives its slots back.
    """
    cache, now = _cache(), clock()
    seconds = int(settings.CAMERAS_PAIRING_WINDOW_SECONDS)
    key = client_key(client)
    with _cache_guard():
        mine = window_take(
            cache=cache,
            scope=f"pairing:client:{key}",
            limit=int(settings.CAMERAS_PAIRING_FAILURES_PER_CLIENT),
            seconds=seconds,
            now=now,
        )
    if mine.over:
        raise _refuse(mine, scope="client", client=key)
    with _cache_guard():
        everyone = window_take(
            cache=cache,
            scope="pairing:all",
            limit=int(settings.CAMERAS_PAIRING_FAILURES_TOTAL),
            seconds=seconds,
            now=now,
        )
    if everyone.over:
        _give_back_quietly(cache, mine)
        raise _refuse(everyone, scope="global", client=key)
    counted = False
    try:
        yield
    except PairingCodeInvalid:
        counted = True
        raise
    finally:
        if not counted:
            _give_back_quietly(cache, mine)
            _give_back_quietly(cache, everyone)


@contextmanager
def _cache_guard() -> Iterator[None]:
    """A cache that fails (a shared Redis that is down) becomes a clear 503, never a 500."""
    try:
        yield
    except Exception as exc:
        logger.error("device pairing refused: the throttle's cache failed: %s", exc)
        raise PairingUnavailable(
            "Pairing is unavailable for a moment because the server cannot count attempts. "
            "Try again in a minute; if it persists, tell the operator."
        ) from exc


def _give_back_quietly(cache: BaseCache, taken: WindowCount) -> None:
    """Giving a slot back is best effort: failing here must not undo a pairing that happened;
    the worst case is one extra counted attempt until the window ends."""
    try:
        window_give_back(cache=cache, taken=taken)
    except Exception as exc:
        logger.error("device pairing: could not give back a throttle slot: %s", exc)
