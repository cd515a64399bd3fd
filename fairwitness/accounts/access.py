"""Who may reach a page or an API route: one check, two interfaces.

``access_check`` decides; ``role_required`` applies it to page views and
``RoleAuth`` to django-ninja routes. Roles that need a second factor are held
at two-factor setup (no confirmed device yet) or verification (a device, but
this session has not used it) before anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device
from ninja.security import SessionAuth

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import PermissionDenied

ALL_ROLES: frozenset[Role] = frozenset(Role)


class AccessOutcome(StrEnum):
    ALLOWED = "allowed"
    SIGN_IN = "sign_in"
    SECOND_FACTOR_SETUP = "second_factor_setup"
    SECOND_FACTOR_VERIFY = "second_factor_verify"
    FORBIDDEN = "forbidden"


def second_factor_outcome(*, user: User) -> AccessOutcome:
    """ALLOWED when the user needs no second factor or has used one this session."""
    if not user.needs_second_factor:
        return AccessOutcome.ALLOWED
    if getattr(user, "is_verified", lambda: False)():
        return AccessOutcome.ALLOWED
    if user_has_device(user, confirmed=True):
        return AccessOutcome.SECOND_FACTOR_VERIFY
    return AccessOutcome.SECOND_FACTOR_SETUP


def access_check(*, user: User | AnonymousUser, roles: Iterable[Role]) -> AccessOutcome:
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return AccessOutcome.SIGN_IN
    factor = second_factor_outcome(user=user)
    if factor is not AccessOutcome.ALLOWED:
        return factor
    if user.role_enum not in frozenset(roles):
        return AccessOutcome.FORBIDDEN
    return AccessOutcome.ALLOWED


def _redirect_with_next(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def role_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Page decorator: sign-in redirect, two-factor redirect, or 403 for other roles."""
    allowed = frozenset(roles) or ALL_ROLES

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            outcome = access_check(user=request.user, roles=allowed)
            if outcome is AccessOutcome.SIGN_IN:
                return _redirect_with_next("accounts:sign-in", request)
            if outcome is AccessOutcome.SECOND_FACTOR_SETUP:
                return _redirect_with_next("accounts:two-factor-setup", request)
            if outcome is AccessOutcome.SECOND_FACTOR_VERIFY:
                return _redirect_with_next("accounts:two-factor-verify", request)
            if outcome is AccessOutcome.FORBIDDEN:
                raise DjangoPermissionDenied("Your role may not use this page.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


class RoleAuth(SessionAuth):
    """Session auth for API routes, limited to some roles (all roles if none given).

    Anonymous callers get 401. Signed-in callers of another role, or without the
    second factor their role needs, get 403 in the project's error shape.
    """

    def __init__(self, *roles: Role) -> None:
        super().__init__(csrf=True)
        self.roles = frozenset(roles) or ALL_ROLES

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        outcome = access_check(user=user, roles=self.roles)
        if outcome is AccessOutcome.SIGN_IN:
            return None
        if outcome in (AccessOutcome.SECOND_FACTOR_SETUP, AccessOutcome.SECOND_FACTOR_VERIFY):
            raise PermissionDenied(
                "Your role needs two-factor sign-in. Confirm your authenticator code first.",
                code="second_factor_required",
            )
        if outcome is AccessOutcome.FORBIDDEN:
            raise PermissionDenied("Your role may not use this route.")
        assert isinstance(user, User)
        return user


def signed_in_user(request: HttpRequest) -> User:
    """The person signed in to ``request``, as a ``User``.

    For views behind ``role_required`` and routes behind ``RoleAuth``, which
    have already turned anonymous visitors away (``RoleAuth`` returns the
    session's user, so ``request.user`` is the same person as ``request.auth``).
    Anywhere else an anonymous request is a programming error: PermissionDenied.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.", code="sign_in_required")
    return user
