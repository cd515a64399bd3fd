"""The one helper for the signed-in person as a ``User``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from fairwitness.accounts.access import signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.core.errors import PermissionDenied


@pytest.mark.django_db
def test_the_signed_in_person_is_returned_as_a_user() -> None:
    request = RequestFactory().get("/")
    request.user = person = person_create(Role.RESIDENT)
    assert signed_in_user(request) is person


def test_an_anonymous_request_is_refused_not_asserted() -> None:
    """GIVEN a view reached without sign-in WHEN it asks for the user THEN a 403 error, not None."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied, match="Sign in"):
        signed_in_user(request)
