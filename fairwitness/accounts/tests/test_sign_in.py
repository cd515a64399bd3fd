"""Sign-in: Argon2 hashes, throttled wrong passwords, resident sign-up with a welcome email."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import PASSWORD, person_create
from fairwitness.notifications.models import Notice

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2() -> None:
    user = person_create(Role.RESIDENT)
    assert user.password.startswith("argon2$")


def test_wrong_passwords_are_throttled_even_for_the_right_password_afterwards(
    settings: object,
) -> None:
    user = person_create(Role.RESIDENT)
    client = Client()
    for _ in range(5):
        response = client.post(
            "/accounts/sign-in/", {"username": user.username, "password": "wrong-password"}
        )
        assert response.status_code in (200, 429)
    locked = client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Sign-in paused" in locked.content
    assert "_auth_user_id" not in client.session


def test_behind_a_trusted_proxy_one_clients_wrong_passwords_do_not_lock_out_another(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/8"),)
    user = person_create(Role.RESIDENT)

    def sign_in(client_address: str, password: str) -> int:
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)
        form = {"username": user.username, "password": password}
        return client.post("/accounts/sign-in/", form).status_code

    for _ in range(5):
        sign_in("203.0.113.7", "wrong-password")
    assert sign_in("203.0.113.7", PASSWORD) == 429
    assert sign_in("198.51.100.9", PASSWORD) == 302
    # A client that is not a trusted proxy cannot pick the address it is counted under.
    spoofer = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.50")
    form = {"username": user.username, "password": PASSWORD}
    assert spoofer.post("/accounts/sign-in/", form).status_code == 429


def test_a_right_password_signs_in_and_lands_on_home() -> None:
    user = person_create(Role.RESIDENT)
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/home/"


def test_a_wrong_password_says_so_without_a_500() -> None:
    user = person_create(Role.RESIDENT)
    response = Client().post("/accounts/sign-in/", {"username": user.username, "password": "x"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_resident_sign_up_creates_the_account_and_sends_the_welcome_email(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/sign-up/",
            {
                "username": "newneighbor",
                "email": "New@Example.org",
                "password": "a-long-passphrase-1",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="newneighbor")
    assert user.role == Role.RESIDENT and user.email == "new@example.org"
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert Notice.objects.filter(recipient=user, kind="account:welcome").count() == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"username": "a", "email": "x@example.org", "password": "a-long-passphrase-1"},
            b"3 to 40",
        ),
        (
            {"username": "okname", "email": "not-an-email", "password": "a-long-passphrase-1"},
            b"valid email",
        ),
        ({"username": "okname", "email": "x@example.org", "password": "short"}, b"at least 10"),
        (
            {"username": "okname", "email": "x@example.org", "password": "password1234"},
            b"too common",
        ),
    ],
)
def test_bad_sign_up_forms_say_what_is_wrong_and_store_nothing(
    form: dict[str, str], message: bytes
) -> None:
    response = Client().post("/accounts/sign-up/", form)
    assert response.status_code == 400
    assert message in response.content
    assert not User.objects.filter(username=form["username"]).exists()
    assert len(mail.outbox) == 0


def test_the_admin_verify_action_logs_the_operator_as_actor() -> None:
    from fairwitness.accounts.models import Agency
    from fairwitness.accounts.roles import AgencyStatus
    from fairwitness.accounts.tests.factories import AgencyFactory, client_sign_in
    from fairwitness.audit.models import AuditPrivate

    operator = person_create(Role.OPERATOR)
    agency: Agency = AgencyFactory.create(status=AgencyStatus.PENDING)
    client = client_sign_in(Client(), operator)
    response = client.post(
        "/admin/accounts/agency/",
        {"action": "verify", "_selected_action": [agency.pk]},
    )
    assert response.status_code == 302
    assert Agency.objects.get(pk=agency.pk).status == AgencyStatus.VERIFIED
    private = AuditPrivate.objects.get(entry__event="account:agency:verified")
    assert private.actor_id == operator.pk
