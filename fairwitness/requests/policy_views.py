"""Policy changes: an operator proposes a file, a different oversight auditor decides."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError
from fairwitness.requests.models import PolicyVersion
from fairwitness.requests.policy_in_force import policy_current
from fairwitness.requests.services import policy_versions


@role_required(Role.OPERATOR, Role.OVERSIGHT_AUDITOR)
@require_http_methods(["GET", "POST"])
def policy_version_list(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    text = request.POST.get("text", "")
    status = 200
    if request.method == "POST":
        if viewer.role_enum is not Role.OPERATOR:
            return render(request, "core/403.html", status=403)
        try:
            policy_versions.policy_version_propose(
                operator=viewer, text=text, note=request.POST.get("note", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, "Proposed. An oversight auditor must approve it.")
            return redirect("requests:policy-versions")
    context = {
        "versions": PolicyVersion.objects.order_by("-created_at").select_related(
            "proposed_by", "decided_by"
        ),
        "text": text or policy_current().source,
    }
    return render(request, "requests/policy_versions.html", context, status=status)


@role_required(Role.OVERSIGHT_AUDITOR)
@require_POST
def policy_version_decide(request: HttpRequest, version_id: int) -> HttpResponse:
    if not PolicyVersion.objects.filter(pk=version_id).exists():
        raise Http404("There is no such policy version.")
    try:
        policy_versions.policy_version_decide(
            auditor=signed_in_user(request),
            version_id=version_id,
            approve=request.POST.get("decision") == "approve",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Decision recorded.")
    return redirect("requests:policy-versions")
