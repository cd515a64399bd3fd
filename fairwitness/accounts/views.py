"""Sign-in, sign-up, two-factor and each role's home page."""

from __future__ import annotations

from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from fairwitness.accounts import selectors, services, two_factor
from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.forms import SignInForm, SignUpForm, TokenForm
from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.cameras.selectors import camera_list_visible_to
from fairwitness.core.errors import ApplicationError
from fairwitness.notifications.selectors import notice_list_visible_to


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    pass


def landing(request: HttpRequest) -> HttpResponse:
    """The start page: the public list of verified agencies; signed-in people go home."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    return render(request, "core/landing.html", {"agencies": selectors.agency_list_public()})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(role=Role.RESIDENT, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("password", exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your account is ready; we sent you an email.")
            return redirect("accounts:home")
    status = 400 if form.errors else 200
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if django_otp.user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts:two-factor-verify')}?next={_safe_next(request)}")
    device = two_factor.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = two_factor.totp_confirm(user=user, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
            status = exc.status
        else:
            django_otp.login(request, confirmed)
            messages.success(request, "Two-factor sign-in is on for your account.")
            return HttpResponseRedirect(_safe_next(request))
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "setup": two_factor.totp_setup_details(device=device),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts:two-factor-setup')}?next={_safe_next(request)}")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.totp_verify(user=user, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
            status = exc.status
        else:
            django_otp.login(request, device)
            return HttpResponseRedirect(_safe_next(request))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _safe_next(request)},
        status=status,
    )


def _home_context(user: User) -> dict[str, Any]:
    role = user.role_enum
    context: dict[str, Any] = {"role": role, "notices": notice_list_visible_to(viewer=user)[:5]}
    if role is Role.RESIDENT:
        context["cameras"] = camera_list_visible_to(viewer=user)
    elif role in (Role.AGENCY_MEMBER, Role.AGENCY_SUPERVISOR):
        context["agency"] = user.agency
        context["colleagues"] = selectors.agency_people_visible_to(viewer=user)
    elif role is Role.OPERATOR:
        context["pending_agencies"] = selectors.agency_list_pending()
        context["verified_agencies"] = selectors.agency_list_public()
    return context


@role_required()
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    template = f"accounts/home/{user.role}.html"
    return render(request, template, _home_context(user))
