"""The operator's admin: Django's admin, reachable only by operators with a second factor.

Its sign-in page is replaced by the project's, so one sign-in flow, one
throttle and one two-factor check apply everywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from fairwitness.accounts.access import AccessOutcome, access_check
from fairwitness.accounts.roles import Role


class OperatorAdminSite(AdminSite):
    site_header = "Fair Witness operator"
    site_title = "Fair Witness operator"
    index_title = "Configure the installation"

    def has_permission(self, request: HttpRequest) -> bool:
        return access_check(user=request.user, roles={Role.OPERATOR}) is AccessOutcome.ALLOWED

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        next_url = request.GET.get("next", reverse("admin:index"))
        outcome = access_check(user=request.user, roles={Role.OPERATOR})
        if outcome is AccessOutcome.SIGN_IN:
            return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?next={next_url}")
        if outcome is AccessOutcome.SECOND_FACTOR_SETUP:
            return HttpResponseRedirect(f"{reverse('accounts:two-factor-setup')}?next={next_url}")
        if outcome is AccessOutcome.SECOND_FACTOR_VERIFY:
            return HttpResponseRedirect(f"{reverse('accounts:two-factor-verify')}?next={next_url}")
        if outcome is AccessOutcome.FORBIDDEN:
            raise PermissionDenied("Only operators use the admin.")
        return HttpResponseRedirect(next_url)
