"""The network address a request came from, seen through the reverse proxies we trust.

``REMOTE_ADDR`` is the peer of the TCP connection: behind a reverse proxy it is the proxy, for
every client. ``X-Forwarded-For`` names the client, but anyone can send that header, so it is
read only when the peer is a proxy listed in ``settings.TRUSTED_PROXIES`` (networks, from
``FAIRWITNESS_TRUSTED_PROXIES``; empty by default, which trusts nothing).

The header is walked from the right, because each trusted proxy appends the address it saw and
only the entries to the right of the first untrusted one were written by a trusted proxy; the
first address that is not a trusted proxy is the client. A client can therefore put anything to
the left of its own address and still be counted under its own address.

Invariant: a value that cannot be read (a malformed entry reached before any untrusted address,
an empty header) never raises and never chooses the address: the answer is ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address_of(request: HttpRequest) -> str:
    """The client's address for ``request`` under ``settings.TRUSTED_PROXIES``.

    Takes the request alone so that it also fits django-axes' ``AXES_CLIENT_IP_CALLABLE``
    (the sign-in throttle), which may hand over a request without ``META``.
    """
    meta = getattr(request, "META", None)
    return client_address_resolve(meta=meta or {}, trusted=settings.TRUSTED_PROXIES)


def client_address_resolve(*, meta: Mapping[str, object], trusted: Iterable[IPNetwork]) -> str:
    """The client's address from a request's ``META`` (``REMOTE_ADDR``, ``HTTP_X_FORWARDED_FOR``).

    Returns the first address, from the right of X-Forwarded-For, that is not inside a
    ``trusted`` network, if the peer itself is trusted; if every entry is trusted, the leftmost
    (the chain's origin). Otherwise, and for anything unreadable, ``REMOTE_ADDR`` as given.
    """
    networks = tuple(trusted)
    remote = meta.get("REMOTE_ADDR")
    remote = remote if isinstance(remote, str) else ""
    peer = address_parse(remote)
    if peer is None or not _inside(peer, networks):
        return remote
    header = meta.get("HTTP_X_FORWARDED_FOR")
    if not isinstance(header, str) or not header.strip():
        return remote
    hop: IPAddress | None = None
    for entry in reversed(header.split(",")):
        hop = address_parse(entry)
        if hop is None:
            return remote
        if not _inside(hop, networks):
            return str(hop)
    return str(hop) if hop is not None else remote


def address_parse(text: str) -> IPAddress | None:
    """One address as proxies write it: ``192.0.2.1``, ``2001:db8::1``, with or without a port
    (``192.0.2.1:443``, ``[2001:db8::1]:443``); an IPv4-mapped IPv6 address as its IPv4 one.
    None for anything else, never an exception."""
    text = text.strip()
    if text.startswith("["):
        text, bracket, rest = text[1:].partition("]")
        if not bracket or not (rest == "" or (rest.startswith(":") and _is_port(rest[1:]))):
            return None
    elif text.count(":") == 1:  # IPv4 with a port; bare IPv6 has at least two colons
        text, _, port = text.partition(":")
        if not _is_port(port):
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_port(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _inside(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)
