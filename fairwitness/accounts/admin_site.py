"""The operator's admin: Django's admin, reachable only by operators with a second factor.

Its sign-in page is replaced by the project's, so one sign-in flow, one
throttle and one two-factor check apply everywhere. Every admin view answers
like the rest of the site: anonymous visitors go to sign-in, operators without
a verified second factor go to two-factor, everyone else gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

from fairwitness.accounts.access import AccessOutcome, access_check
from fairwitness.accounts.roles import Role

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])

_REDIRECTS = {
    AccessOutcome.SIGN_IN: "accounts:sign-in",
    AccessOutcome.SECOND_FACTOR_SETUP: "accounts:two-factor-setup",
    AccessOutcome.SECOND_FACTOR_VERIFY: "accounts:two-factor-verify",
}


def _gate(request: HttpRequest, next_url: str) -> HttpResponse | None:
    outcome = access_check(user=request.user, roles={Role.OPERATOR})
    if outcome in _REDIRECTS:
        query = urlencode({"next": next_url})
        return HttpResponseRedirect(f"{reverse(_REDIRECTS[outcome])}?{query}")
    if outcome is AccessOutcome.FORBIDDEN:
        raise PermissionDenied("Only operators use the admin.")
    return None


class OperatorAdminSite(AdminSite):
    site_header = "Fair Witness operator"
    site_title = "Fair Witness operator"
    index_title = "Configure the installation"

    def has_permission(self, request: HttpRequest) -> bool:
        return access_check(user=request.user, roles={Role.OPERATOR}) is AccessOutcome.ALLOWED

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return _gate(request, request.get_full_path()) or inner(request, *args, **kwargs)

        return cast(_View, update_wrapper(gated, view))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        next_url = request.GET.get("next", reverse("admin:index"))
        return _gate(request, next_url) or HttpResponseRedirect(reverse("admin:index"))
