"""The client address behind trusted reverse proxies, and pairing throttled by it."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.cameras import throttle
from fairwitness.cameras.services import camera_register, device_pair, pairing_code_create
from fairwitness.cameras.throttle import PairingCodeInvalid, PairingThrottled
from fairwitness.core.client_address import (
    address_parse,
    client_address_of,
    client_address_resolve,
)

REPO = Path(__file__).resolve().parents[3]
PROXY, EDGE_PROXY = "10.0.0.2", "10.1.0.7"
TRUSTED = (ipaddress.ip_network("10.0.0.0/16"), ipaddress.ip_network("10.1.0.7"))
HOME, NEIGHBOUR, ATTACKER = "198.51.100.7", "203.0.113.9", "192.0.2.66"
WRONG = "ABCD-EFGH-JKMN"
T0 = 1_800_000_000.0


def resolve(remote: object, forwarded: object = None) -> str:
    meta: dict[str, object] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address_resolve(meta=meta, trusted=TRUSTED)


def test_the_header_from_an_untrusted_peer_is_ignored() -> None:
    """GIVEN a peer outside the trusted networks WHEN it names any client THEN it is counted
    under its own address: it cannot pick one, nor blame another client."""
    assert resolve(ATTACKER, HOME) == ATTACKER
    assert resolve(ATTACKER, f"{HOME}, {NEIGHBOUR}") == ATTACKER
    assert resolve(ATTACKER, PROXY) == ATTACKER
    assert (
        client_address_resolve(
            meta={"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": HOME}, trusted=()
        )
        == PROXY
    )


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client() -> None:
    assert resolve(PROXY, HOME) == HOME
    assert resolve(PROXY, f" {NEIGHBOUR} ") == NEIGHBOUR


def test_addresses_a_client_puts_left_of_its_own_are_not_believed() -> None:
    """GIVEN a client sending its own X-Forwarded-For WHEN the trusted proxy appends the
    address it saw THEN the walk from the right stops there: the client's entries are ignored."""
    assert resolve(PROXY, f"{HOME}, {ATTACKER}") == ATTACKER
    assert resolve(PROXY, f"{PROXY}, {HOME}, {ATTACKER}") == ATTACKER
    assert resolve(PROXY, f"not-an-address, {ATTACKER}") == ATTACKER


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_address() -> None:
    """GIVEN client -> edge proxy -> inner proxy -> us THEN both proxies are skipped."""
    assert resolve(PROXY, f"{HOME}, {EDGE_PROXY}") == HOME
    assert resolve(PROXY, f"{ATTACKER}, {HOME}, {EDGE_PROXY}, 10.0.9.9") == HOME
    # Every entry a trusted proxy (a health check from inside): the chain's origin.
    assert resolve(PROXY, f"{EDGE_PROXY}, 10.0.3.3") == EDGE_PROXY


@pytest.mark.parametrize(
    "forwarded",
    [
        "",
        "   ",
        ",",
        ", ,",
        "unknown",
        f"{HOME}, unknown",
        f"{HOME},",
        f"{HOME}, {EDGE_PROXY}, garbage",
        "999.1.1.1",
        "198.51.100",
        "2001:db8::1::2",
        "[2001:db8::1",
        "[2001:db8::1]x",
        "[2001:db8::1]:http",
        "198.51.100.7:",
        "198.51.100.7:port",
        "198.51.100.7/32",
        "198.51.100.7\x00",
        "\uff46\uff45\uff18\uff10::1",  # fullwidth "fe80"
        "\u0661\u0669\u0668.51.100.7",  # Arabic-Indic digits
        "a" * 10_000,
        ", " * 5_000,
        b"198.51.100.7",
        ["198.51.100.7"],
        7,
    ],
)
def test_an_unreadable_header_from_a_trusted_proxy_falls_back_to_the_peer(
    forwarded: object,
) -> None:
    """A value that cannot be read where the client's address should be never raises and
    never picks an address: the request is counted under the proxy's."""
    assert resolve(PROXY, forwarded) == PROXY


@pytest.mark.parametrize("remote", ["", "garbage", None, 7, b"10.0.0.2", "10.0.0.2, 1.2.3.4"])
def test_an_unreadable_peer_is_returned_as_it_is_and_never_trusted(remote: object) -> None:
    expected = remote if isinstance(remote, str) else ""
    assert resolve(remote, HOME) == expected
    assert client_address_resolve(meta={}, trusted=TRUSTED) == ""


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, f"{HOME}:51234", HOME),
        (PROXY, "[2001:db8:1:2::9]:443", "2001:db8:1:2::9"),
        (PROXY, "[2001:db8:1:2::9]", "2001:db8:1:2::9"),
        (PROXY, "2001:db8:1:2::9", "2001:db8:1:2::9"),
        (PROXY, f"::ffff:{HOME}", HOME),
        (f"::ffff:{PROXY}", HOME, HOME),  # a dual-stack listener names IPv4 peers this way
        ("2001:db8:ffff::1", HOME, "2001:db8:ffff::1"),
    ],
)
def test_ports_brackets_and_mapped_addresses_are_read(
    remote: str, forwarded: str, client: str
) -> None:
    assert resolve(remote, forwarded) == client


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("192.0.2.1", "192.0.2.1"),
        (" 192.0.2.1:80 ", "192.0.2.1"),
        ("[::1]:8000", "::1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("192.0.2.1:80:80", None),
        ("[::1]:", None),
        ("[]", None),
        ("::1]", None),
    ],
)
def test_address_parse(text: str, address: str | None) -> None:
    parsed = address_parse(text)
    assert (str(parsed) if parsed is not None else None) == address


def test_the_request_helper_reads_the_trusted_proxies_setting(
    settings: SettingsWrapper,
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)
    assert settings.TRUSTED_PROXIES == ()  # nothing trusted unless configured
    assert client_address_of(request) == PROXY
    settings.TRUSTED_PROXIES = TRUSTED
    assert client_address_of(request) == HOME


def _security_settings(value: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings.security as s; print(*s.TRUSTED_PROXIES, sep=',')",
        ],
        cwd=REPO,
        env={**os.environ, "FAIRWITNESS_TRUSTED_PROXIES": value},
        capture_output=True,
        text=True,
        check=False,
    )


def test_trusted_proxies_come_from_the_environment() -> None:
    result = _security_settings(" 10.0.0.0/8, 192.0.2.10 ,fd00::/8,,")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "10.0.0.0/8,192.0.2.10/32,fd00::/8"
    assert _security_settings("").stdout.strip() == ""


@pytest.mark.parametrize("value", ["10.0.0.5/8", "proxy.internal", "10.0.0.0/33", "*"])
def test_an_unreadable_trusted_proxy_is_refused_at_start_up(value: str) -> None:
    result = _security_settings(f"10.0.0.0/8,{value}")
    assert result.returncode != 0
    assert f"FAIRWITNESS_TRUSTED_PROXIES: {value!r} is not an address or a network" in (
        result.stderr
    )


# Pairing, with the address resolved as the pairing route resolves it.


@pytest.fixture
def limits(settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per client 3 wrong codes, 50 in total, per 60 s; PROXY and EDGE_PROXY trusted."""
    settings.CAMERAS_PAIRING_FAILURES_PER_CLIENT = 3
    settings.CAMERAS_PAIRING_FAILURES_TOTAL = 50
    settings.CAMERAS_PAIRING_WINDOW_SECONDS = 60
    settings.TRUSTED_PROXIES = TRUSTED
    monkeypatch.setattr(throttle, "clock", lambda: T0 + 10)


def fresh_code(name: str = "Porch") -> str:
    owner = person_create(Role.RESIDENT)
    camera = camera_register(owner=owner, name=name, latitude=45.46, longitude=-122.65)
    return pairing_code_create(owner=owner, camera_id=camera.pk)[1]


def pair_via(remote: str, forwarded: str | None, code: str) -> str:
    """Pair as the route would for a request from ``remote`` carrying ``forwarded``; the
    outcome's name: paired, wrong or throttled."""
    request = RequestFactory().post("/api/devices/pair", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    try:
        device_pair(code=code, name="cam", client=client_address_of(request))
    except PairingCodeInvalid:
        return "wrong"
    except PairingThrottled:
        return "throttled"
    return "paired"


@pytest.mark.django_db
def test_clients_behind_one_trusted_proxy_are_throttled_apart(limits: None) -> None:
    """GIVEN two clients reaching us through the same trusted proxy
    WHEN one of them sends wrong codes past its limit
    THEN it is throttled and the other still pairs: they are not one client."""
    outcomes = [pair_via(PROXY, HOME, WRONG) for _ in range(4)]
    assert outcomes == ["wrong", "wrong", "wrong", "throttled"]
    assert pair_via(PROXY, NEIGHBOUR, WRONG) == "wrong"
    assert pair_via(PROXY, NEIGHBOUR, fresh_code()) == "paired"
    assert pair_via(PROXY, f"{NEIGHBOUR}, {EDGE_PROXY}", fresh_code("Gate")) == "paired"
    assert pair_via(PROXY, f"{HOME}, {EDGE_PROXY}", fresh_code("Shed")) == "throttled"


@pytest.mark.django_db
def test_a_spoofed_header_from_an_untrusted_peer_does_not_escape_the_limit(limits: None) -> None:
    """GIVEN a client connecting directly WHEN it names a different address in every request
    THEN all its wrong codes count under its own address, and the clients it named are free."""
    outcomes = [pair_via(ATTACKER, f"198.51.100.{n}", WRONG) for n in range(6)]
    assert outcomes == ["wrong"] * 3 + ["throttled"] * 3
    assert pair_via(PROXY, "198.51.100.0", fresh_code()) == "paired"


@pytest.mark.django_db
def test_a_client_cannot_escape_its_limit_by_prefixing_addresses(limits: None) -> None:
    """GIVEN a client behind the trusted proxy WHEN it sends its own X-Forwarded-For with a
    new address each time THEN the proxy's entry, appended last, is what counts."""
    outcomes = [pair_via(PROXY, f"192.0.2.{n}, {ATTACKER}", WRONG) for n in range(5)]
    assert outcomes == ["wrong"] * 3 + ["throttled"] * 2


@pytest.mark.django_db
def test_an_ipv6_client_behind_the_proxy_is_counted_by_its_64(limits: None) -> None:
    """Rotating addresses inside one /64 does not reset the count behind a proxy either."""
    outcomes = [pair_via(PROXY, f"2001:db8:1:2::{n + 1}", WRONG) for n in range(3)]
    assert outcomes == ["wrong"] * 3
    assert pair_via(PROXY, "[2001:db8:1:2:ffff::1]:443", WRONG) == "throttled"
    assert pair_via(PROXY, f"2001:db8:1:2::77, {EDGE_PROXY}", WRONG) == "throttled"
    assert pair_via(PROXY, "2001:db8:1:3::1", WRONG) == "wrong"


@pytest.mark.django_db
def test_garbage_from_a_trusted_proxy_is_counted_under_the_proxy(limits: None) -> None:
    """Unreadable headers all land on the proxy's own count, never on a chosen address."""
    outcomes = [pair_via(PROXY, value, WRONG) for value in ["x", "", "1.2.3.4:y", "[::1"]]
    assert outcomes == ["wrong"] * 3 + ["throttled"]
    assert pair_via(PROXY, HOME, WRONG) == "wrong"


@pytest.mark.django_db
def test_the_pairing_route_counts_the_client_named_by_a_trusted_proxy(limits: None) -> None:
    def post(forwarded: str) -> Any:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).post(
            "/api/devices/pair", {"code": WRONG}, content_type="application/json"
        )

    assert [post(HOME).status_code for _ in range(4)] == [400, 400, 400, 429]
    assert post(NEIGHBOUR).status_code == 400
