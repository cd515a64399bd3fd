"""Request pages: agency people file and follow requests; owners answer and keep control."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.keys import log_vkey
from fairwitness.core.errors import ApplicationError, NotFound
from fairwitness.footage import playback
from fairwitness.requests import selectors
from fairwitness.requests.forms import AccessForm, CommunityRequestForm, ShareForm
from fairwitness.requests.models import AccessKind, CommunityRequest, CommunityState
from fairwitness.requests.page_flow import form_page
from fairwitness.requests.services import community, downloads, grants, owners, responses
from fairwitness.requests.svg import area_svg

AGENCY = (Role.AGENCY_MEMBER, Role.AGENCY_SUPERVISOR)


@role_required(*AGENCY)
def request_list(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    context = {
        "rows": selectors.community_request_list_visible_to(viewer=viewer),
        "legal": selectors.legal_list_visible_to(viewer=viewer),
        "emergencies": selectors.emergency_list_visible_to(viewer=viewer),
    }
    return render(request, "requests/list.html", context)


@role_required(Role.AGENCY_MEMBER)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    form = CommunityRequestForm(request.POST or None)

    def file(data: dict[str, Any]) -> HttpResponse:
        draft = community.community_request_draft(
            member=signed_in_user(request),
            case_number=data["case_number"],
            offense_category=data["offense_category"],
            description=data["description"],
            area=form.area(),
            window_start=data["window_start"],
            window_end=data["window_end"],
            attestations=list(data["attestations"]),
        )
        community.community_request_submit(member=signed_in_user(request), request=draft)
        return redirect("requests:detail", request_id=draft.pk)

    return form_page(
        request,
        form,
        template="requests/new.html",
        act=file,
        done="Request filed. A supervisor must approve it.",
    )


@role_required(*AGENCY)
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    row = selectors.community_request_get_visible_to(viewer=viewer, request_id=request_id)
    context = {
        "row": row,
        "answers": selectors.answer_list_visible_to(viewer=viewer, request=row),
        "can_approve": viewer.role_enum is Role.AGENCY_SUPERVISOR
        and row.state == CommunityState.SUBMITTED,
        "can_close": row.state == CommunityState.OPEN,
        "svg": area_svg(row),
    }
    return render(request, "requests/detail.html", context)


@role_required(Role.AGENCY_SUPERVISOR)
@require_POST
def request_approve(request: HttpRequest, request_id: int) -> HttpResponse:
    return _request_act(
        request,
        request_id,
        lambda viewer, row: community.community_request_approve(supervisor=viewer, request=row),
        "Approved: the policy allowed it and the request is open.",
    )


@role_required(*AGENCY)
@require_POST
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    """Close an open request before its window ends: owners can no longer share into it."""
    return _request_act(
        request,
        request_id,
        lambda viewer, row: community.community_request_close(member=viewer, request=row),
        "Closed. Owners can no longer share footage for this request.",
    )


def _request_act(
    request: HttpRequest,
    request_id: int,
    act: Callable[[User, CommunityRequest], object],
    done: str,
) -> HttpResponse:
    """Run one state change on a request the viewer can see; say how it went on its page."""
    viewer = signed_in_user(request)
    row = selectors.community_request_get_visible_to(viewer=viewer, request_id=request_id)
    try:
        act(viewer, row)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("requests:detail", request_id=row.pk)


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def request_asked(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    row = selectors.request_asked_get(viewer=viewer, request_id=request_id)
    clips = selectors.clips_matching_for_owner(viewer=viewer, request=row)
    form = ShareForm(request.POST or None, clip_ids=[c.pk for c in clips])
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("answer") == "decline":
                responses.response_decline(owner=viewer, request_id=row.pk)
                messages.success(
                    request, "You declined. The agency sees only that a neighbour declined."
                )
            else:
                responses.response_share(
                    owner=viewer,
                    request_id=row.pk,
                    clip_ids=[int(pk) for pk in form.cleaned_data["clips"]],
                    contact=form.cleaned_data["contact"],
                )
                messages.success(
                    request, "Shared. The agency sees your answer as a numbered neighbour."
                )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("requests:asked", request_id=row.pk)
    context = {
        "row": row,
        "clips": clips,
        "form": form,
        "answer": selectors.response_of(viewer=viewer, request=row),
        "svg": area_svg(row),
    }
    return render(request, "requests/asked.html", context, status=400 if form.errors else 200)


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def owner_history(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    if request.method == "POST":
        camera = request.POST.get("camera")
        try:
            owners.owner_opt_out_set(
                owner=viewer,
                opted_out=request.POST.get("opt_out") == "1",
                camera_id=int(camera) if camera and camera.isdigit() else None,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Your community-request preference is saved.")
        return redirect("requests:mine")
    context = {
        "history": selectors.owner_history(viewer=viewer),
        "opted_out": selectors.owner_opted_out(viewer=viewer),
        "cameras": viewer.cameras.all(),
    }
    return render(request, "requests/mine.html", context)


@role_required(*AGENCY)
def grant_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.grant_list_visible_to(viewer=signed_in_user(request))
    return render(request, "requests/grants.html", {"rows": rows})


@role_required(*AGENCY)
@require_http_methods(["GET", "POST"])
def grant_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    grant = selectors.grant_get_visible_to(viewer=viewer, grant_id=grant_id)
    form = AccessForm(request.POST or None)
    access, status = None, 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            access = grants.clip_access(
                person=viewer,
                grant_id=grant.pk,
                kind=AccessKind.VIEW,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            status = exc.status
    context = {"grant": grant, "form": form, "access": access}
    return render(request, "requests/grant_view.html", context, status=status)


@role_required(*AGENCY)
@require_POST
def grant_download(request: HttpRequest, grant_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    grant = selectors.grant_get_visible_to(viewer=viewer, grant_id=grant_id)
    form = AccessForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for the download; it is logged.")
        return redirect("requests:grant", grant_id=grant.pk)
    try:
        download = downloads.download_request(
            person=viewer, grant_id=grant.pk, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("requests:grant", grant_id=grant.pk)
    return redirect("requests:download", download_id=download.pk)


@role_required(*AGENCY)
def download_status(request: HttpRequest, download_id: int) -> HttpResponse:
    download = downloads.download_get(person=signed_in_user(request), download_id=download_id)
    context = {
        "download": download,
        "vkey": log_vkey(),
        "log_url": request.build_absolute_uri("/log"),
    }
    return render(request, "requests/download.html", context)


@role_required(*AGENCY)
def download_file(request: HttpRequest, download_id: int) -> HttpResponse:
    try:
        reader = downloads.download_file(person=signed_in_user(request), download_id=download_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return render(request, "core/403.html", {"message": exc.message}, status=exc.status)
    response = StreamingHttpResponse(
        playback.reader_stream(reader, playback.ByteRange(0, reader.plaintext_size)),
        content_type="application/zip",
    )
    response["Content-Length"] = str(reader.plaintext_size)
    response["Content-Disposition"] = f'attachment; filename="evidence-{download_id}.zip"'
    # role_required is typed for HttpResponse; a streamed answer is served the same way.
    return cast(HttpResponse, response)
