"""Pages for legal process and emergencies: agency filing, supervisor attestation,
the legal reviewer's queue, and grant extensions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError
from fairwitness.requests import selectors
from fairwitness.requests.forms import EmergencyForm, ExtensionForm, LegalProcessForm, ReviewForm
from fairwitness.requests.models import (
    EmergencyRequest,
    EmergencyState,
    LegalProcess,
    LegalState,
)
from fairwitness.requests.page_flow import form_page
from fairwitness.requests.services import documents, emergency, grants, legal


@role_required(Role.AGENCY_MEMBER)
@require_http_methods(["GET", "POST"])
def legal_new(request: HttpRequest) -> HttpResponse:
    form = LegalProcessForm(request.POST or None, request.FILES or None)

    def submit(data: dict[str, Any]) -> HttpResponse | None:
        followed = None
        if data["emergency"]:
            followed = EmergencyRequest.objects.filter(
                pk=data["emergency"], agency=signed_in_user(request).agency
            ).first()
            if followed is None:
                form.add_error("emergency", "Your agency has no emergency request with this id.")
                return None
        legal.legal_process_submit(
            member=signed_in_user(request),
            case_number=data["case_number"],
            offense_category=data["offense_category"],
            attestations=list(data["attestations"]),
            kind=data["kind"],
            court=data["court"],
            judge=data["judge"],
            signed_on=data["signed_on"],
            camera_ids=data["cameras"],
            scope_start=data["scope_start"],
            scope_end=data["scope_end"],
            document=data["document"].read(documents.DOCUMENT_MAX_BYTES + 1),
            has_nondisclosure=data["nondisclosure"],
            nondisclosure_until=data["nondisclosure_until"],
            emergency=followed,
        )
        return redirect("requests:list")

    return form_page(
        request,
        form,
        template="requests/legal_new.html",
        act=submit,
        done="Uploaded. A legal reviewer will decide.",
    )


@role_required(Role.AGENCY_MEMBER)
@require_http_methods(["GET", "POST"])
def emergency_new(request: HttpRequest) -> HttpResponse:
    def submit(data: dict[str, Any]) -> HttpResponse:
        emergency.emergency_submit(
            member=signed_in_user(request),
            case_number=data["case_number"],
            offense_category=data["offense_category"],
            danger=data["danger"],
            attestations=list(data["attestations"]),
            camera_ids=data["cameras"],
            window_start=data["window_start"],
            window_end=data["window_end"],
        )
        return redirect("requests:list")

    return form_page(
        request,
        EmergencyForm(request.POST or None),
        template="requests/emergency_new.html",
        act=submit,
        done="Filed. Your supervisor must attest it.",
    )


@role_required(Role.AGENCY_SUPERVISOR)
@require_POST
def emergency_attest(request: HttpRequest, emergency_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    if not EmergencyRequest.objects.filter(pk=emergency_id, agency=viewer.agency).exists():
        raise Http404("Nothing is here, or you may not see it.")
    try:
        emergency.emergency_attest(supervisor=viewer, emergency_id=emergency_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Attested. A legal reviewer will decide.")
    return redirect("requests:list")


@role_required(Role.LEGAL_REVIEWER)
def review_queue(request: HttpRequest) -> HttpResponse:
    context = {
        "legal": LegalProcess.objects.filter(state=LegalState.SUBMITTED).select_related("agency"),
        "emergencies": EmergencyRequest.objects.filter(
            state=EmergencyState.ATTESTED
        ).select_related("agency"),
        "form": ReviewForm(),
    }
    return render(request, "requests/review.html", context)


@role_required(Role.LEGAL_REVIEWER)
@require_POST
def review_legal(request: HttpRequest, legal_id: int) -> HttpResponse:
    if not LegalProcess.objects.filter(pk=legal_id).exists():
        raise Http404("There is no such legal process.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an outcome and give the reason.")
        return redirect("requests:review")
    data = form.cleaned_data
    try:
        legal.legal_process_review(
            reviewer=signed_in_user(request),
            legal_id=legal_id,
            outcome=LegalState(data["outcome"]),
            reason=data["reason"],
            camera_ids=data["cameras"] or None,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Decision recorded.")
    return redirect("requests:review")


@role_required(Role.LEGAL_REVIEWER)
def review_legal_document(request: HttpRequest, legal_id: int) -> HttpResponse:
    order = LegalProcess.objects.filter(pk=legal_id).first()
    if order is None:
        raise Http404("There is no such legal process.")
    try:
        pdf = documents.document_decrypt(viewer=signed_in_user(request), legal=order)
    except (documents.DocumentUnavailable, documents.DocumentKeysUnreachable) as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="order-{order.pk}.pdf"'
    return response


@role_required(Role.LEGAL_REVIEWER)
@require_POST
def review_emergency(request: HttpRequest, emergency_id: int) -> HttpResponse:
    if not EmergencyRequest.objects.filter(pk=emergency_id).exists():
        raise Http404("There is no such emergency request.")
    form = ReviewForm(request.POST)
    if not form.is_valid() or form.cleaned_data["outcome"] == "narrowed":
        messages.error(request, "Approve or reject an emergency, and give the reason.")
        return redirect("requests:review")
    try:
        emergency.emergency_review(
            reviewer=signed_in_user(request),
            emergency_id=emergency_id,
            approve=form.cleaned_data["outcome"] == "approved",
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Decision recorded.")
    return redirect("requests:review")


@role_required(Role.AGENCY_SUPERVISOR)
@require_POST
def grant_extend(request: HttpRequest, grant_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    grant = selectors.grant_get_visible_to(viewer=viewer, grant_id=grant_id)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the number of days and a justification.")
        return redirect("requests:grant", grant_id=grant.pk)
    try:
        grants.grant_extend(
            supervisor=viewer,
            grant_id=grant.pk,
            new_expires_at=grant.expires_at + timedelta(days=form.cleaned_data["days"]),
            justification=form.cleaned_data["justification"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The grant is extended.")
    return redirect("requests:grant", grant_id=grant.pk)
