"""Transport and cookie security. Production turns every protection on by default."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import PRODUCTION

SECURE_SSL_REDIRECT = env_bool("FAIRWITNESS_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("FAIRWITNESS_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS = env_list("FAIRWITNESS_CSRF_TRUSTED_ORIGINS", [])
X_FRAME_OPTIONS = "DENY"
# JSON bodies and plain forms; larger bodies answer 413 (fairwitness/core/request_body.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A page form that uploads a document (a signed order, a PDF of at most 10 MiB) with its fields.
REQUEST_FORM_FILES_MAX_BYTES = env_int("FAIRWITNESS_FORM_FILES_MAX_BYTES", 11 * 1024 * 1024)


def _networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Addresses and CIDR networks; a network with host bits set (10.0.0.5/8) is refused as the
    likely typo it is."""
    networks = []
    for entry in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(entry))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is not an address or a network written with its first "
                f"address, such as 10.0.0.0/8 ({exc})"
            ) from None
    return tuple(networks)


# Reverse proxies whose X-Forwarded-For is believed: only a request whose peer (REMOTE_ADDR) is
# inside one of these networks is attributed to the address the proxies name. Empty trusts no
# one: every client is its peer address (fairwitness/core/client_address.py).
TRUSTED_PROXIES = _networks("FAIRWITNESS_TRUSTED_PROXIES")


def _at_least_one(name: str, default: int, unit: str) -> int:
    """A whole number from the environment; below 1 stops start-up (a limit of 0 would refuse
    every pairing, a window of 0 s has no length)."""
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(
            f"{name} is {value}, but it must be at least 1 ({unit}). Set a whole number of 1 "
            f"or more, or unset it for the default of {default}."
        )
    return value


# Device pairing (POST /api/devices/pair): wrong codes are counted per client address (an IPv6
# client by its /64) and from everyone together, in a sliding window of this many seconds. Past
# either limit the route answers 429 with Retry-After until the window has room again
# (fairwitness/cameras/throttle.py).
CAMERAS_PAIRING_FAILURES_PER_CLIENT = _at_least_one(
    "FAIRWITNESS_PAIRING_FAILURES_PER_CLIENT", 10, "wrong codes per window"
)
CAMERAS_PAIRING_FAILURES_TOTAL = _at_least_one(
    "FAIRWITNESS_PAIRING_FAILURES_TOTAL", 100, "wrong codes per window"
)
CAMERAS_PAIRING_WINDOW_SECONDS = _at_least_one("FAIRWITNESS_PAIRING_WINDOW_SECONDS", 900, "seconds")
CAMERAS_PAIRING_THROTTLE_CACHE = "default"

# The counters above live in Django's cache. The default, LocMemCache, is per process: with
# several gunicorn workers each keeps its own counts, so the limits multiply by the number of
# workers. FAIRWITNESS_CACHE_URL=redis://host:6379/1 shares them (and makes them survive restarts).
_cache_url = env_str("FAIRWITNESS_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
