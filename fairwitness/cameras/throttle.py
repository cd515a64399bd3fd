"""Bounding guesses of pairing codes: sliding-window failure counters on Django's cache.

Counts are kept per fixed window (window n covers [n*s, (n+1)*s), aligned to the epoch), one
cache key each, kept for two windows. An attempt is weighed against the sliding window that
ends now, approximated as the current window's count plus the previous window's count times the
share of the previous window still inside the sliding one:

    count(n) + count(n - 1) * (s - elapsed) / s  <=  limit

``window_take`` adds one to the current count and returns both counts. It is atomic where the
cache's ``incr`` is (Redis, Memcached, and the per-process LocMemCache, which holds a lock); the
database cache may lose a count in a race.

Bounds: the current window alone never holds more than ``limit``. Attempts of a burst lasting d
seconds, straddling a boundary, number at most ``limit * (1 + d / s)`` (the previous window's
count is weighed almost fully just after the boundary), where fixed windows admitted twice the
limit in a moment; any span of s seconds admits fewer than twice the limit.

Pairing takes a slot *before* the code is checked and keeps it only if the code was wrong: a
refused attempt, a right code and any other failure give their slots back. So parallel guesses
cannot all slip under the limit, right codes leave no count behind, and a client refused by its
own limit never touches the global count (one address can use up at most its own limit of
everyone's budget). The first refusal of each window and scope is logged and audited, marked by
a cache key that only one refusal can ``add``.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject
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
    """Too many failed exchanges in the sliding window; ``retry_after`` is whole seconds until
    one more attempt fits."""

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
    """One taken slot: the current window's key and count (this slot included), the previous
    window's count, and how far, in seconds, the clock is into the current window. ``limit``
    and ``seconds`` are at least 1 (``window_take`` sees to it)."""

    key: str
    count: int
    previous: int
    limit: int
    seconds: int
    elapsed: float

    @property
    def over(self) -> bool:
        """The sliding count, this slot included, is past the limit. Multiplied out by
        ``seconds`` so that whole-second clocks compare exactly."""
        weight = self.seconds - self.elapsed
        return self.count * self.seconds + self.previous * weight > self.limit * self.seconds

    @property
    def retry_after(self) -> int:
        """Whole seconds (at least 1) until one more attempt fits, once this slot is given back
        and if nothing else is counted meanwhile.

        With ``held`` slots now in the current window, one more fits in it once the previous
        window weighs at most ``limit - 1 - held``; if the current window alone is full, in the
        next one, where ``held`` becomes the previous count.
        """
        s, held = self.seconds, self.count - 1
        room = self.limit - 1 - held
        if room >= 0:
            if self.previous == 0:
                return 1
            fits_at = s - Fraction(room * s, self.previous)
        else:
            fits_at = 2 * s - Fraction((self.limit - 1) * s, held)
        return max(1, math.ceil(fits_at - Fraction(self.elapsed)))


def window_take(
    *, cache: BaseCache, scope: str, limit: int, seconds: int, now: float
) -> WindowCount:
    """Count one attempt in the current window of ``scope``; ``over`` when the sliding count is
    past ``limit``. The caller gives the slot back when the attempt is not to count.

    A ``limit`` or ``seconds`` below 1 is read as 1. Settings refuse such values at start-up,
    but an override (a test's, a custom settings module) could still bring one here, where
    the window arithmetic would divide by it.
    """
    limit, seconds = max(1, limit), max(1, seconds)
    index = int(now // seconds)
    elapsed = now - index * seconds
    key = f"{KEY_PREFIX}:{scope}:{index}"
    # Read as the previous window's count during the next window: kept until that one ends.
    timeout = math.ceil(2 * seconds - elapsed) + 1
    cache.add(key, 0, timeout=timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: this attempt opens it again
        cache.set(key, 1, timeout=timeout)
        count = 1
    previous = cache.get(f"{KEY_PREFIX}:{scope}:{index - 1}")
    return WindowCount(
        key=key,
        count=count,
        previous=int(previous or 0),
        limit=limit,
        seconds=seconds,
        elapsed=elapsed,
    )


def window_give_back(*, cache: BaseCache, taken: WindowCount) -> None:
    """Undo one ``window_take`` (the attempt did not count); nothing if the window is gone."""
    with suppress(ValueError):
        cache.decr(taken.key)


def window_first_refusal(*, cache: BaseCache, taken: WindowCount) -> bool:
    """True for exactly one refused slot per window and scope (``add`` is atomic)."""
    timeout = math.ceil(taken.seconds - taken.elapsed) + 1
    return bool(cache.add(f"{taken.key}:refused", 1, timeout=timeout))


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


def _refuse(
    cache: BaseCache, taken: WindowCount, *, give_back: list[WindowCount], scope: str, client: str
) -> PairingThrottled:
    """Give back the refused attempt's slots and build its error; the first refusal of a window
    and scope is logged and audited."""
    for slot in give_back:
        _give_back_quietly(cache, slot)
    with _cache_guard():
        first = window_first_refusal(cache=cache, taken=taken)
    seconds = taken.seconds
    if first:
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
                subject=[Subject("pairing", scope)],
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
    """Guard one pairing exchange by the client at network address ``client`` (as resolved by
    ``fairwitness.core.client_address``).

    Raises PairingThrottled, before the body runs, when the client's or everyone's failures in
    the sliding window reached their limit, and PairingUnavailable when the counters' cache
    cannot be reached (fail closed). The attempt stays counted only if the body raises
    PairingCodeInvalid; a refusal, a success or any other error gives its slots back.
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
        raise _refuse(cache, mine, give_back=[mine], scope="client", client=key)
    with _cache_guard():
        everyone = window_take(
            cache=cache,
            scope="pairing:all",
            limit=int(settings.CAMERAS_PAIRING_FAILURES_TOTAL),
            seconds=seconds,
            now=now,
        )
    if everyone.over:
        raise _refuse(cache, everyone, give_back=[mine, everyone], scope="global", client=key)
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
    the worst case is one extra counted attempt for two windows."""
    try:
        window_give_back(cache=cache, taken=taken)
    except Exception as exc:
        logger.error("device pairing: could not give back a throttle slot: %s", exc)
