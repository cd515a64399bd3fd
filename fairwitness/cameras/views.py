from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.cameras import selectors, services
from fairwitness.cameras.devices import pairing_code_display
from fairwitness.cameras.forms import CameraRegisterForm, CameraSettingsForm
from fairwitness.core.errors import ApplicationError


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def camera_register(request: HttpRequest) -> HttpResponse:
    owner = signed_in_user(request)
    form = CameraRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            camera = services.camera_register(owner=owner, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Camera {camera.name!r} registered. Pair a device next.")
            return redirect("cameras:detail", camera_id=camera.pk)
    status = 400 if form.errors else 200
    return render(request, "cameras/register.html", {"form": form}, status=status)


@role_required(Role.RESIDENT)
def camera_list(request: HttpRequest) -> HttpResponse:
    cameras = selectors.camera_list_with_devices(viewer=signed_in_user(request))
    return render(request, "cameras/list.html", {"cameras": cameras})


def _detail(
    request: HttpRequest,
    camera_id: int,
    *,
    form: CameraSettingsForm | None = None,
    code: str = "",
    status: int = 200,
) -> HttpResponse:
    camera = selectors.camera_get_owned(viewer=signed_in_user(request), camera_id=camera_id)
    context = {
        "camera": camera,
        "devices": selectors.device_list_for(camera=camera),
        "form": form or CameraSettingsForm.for_camera(camera),
        "code": pairing_code_display(code) if code else "",
        "settings_minutes": settings.FOOTAGE_PAIRING_CODE_MINUTES,
    }
    return render(request, "cameras/detail.html", context, status=status)


@role_required(Role.RESIDENT)
def camera_detail(request: HttpRequest, camera_id: int) -> HttpResponse:
    return _detail(request, camera_id)


@role_required(Role.RESIDENT)
@require_POST
def camera_pair(request: HttpRequest, camera_id: int) -> HttpResponse:
    selectors.camera_get_owned(viewer=signed_in_user(request), camera_id=camera_id)
    _, code = services.pairing_code_create(owner=signed_in_user(request), camera_id=camera_id)
    # Rendered, not redirected: the code is shown once and never stored in plain text.
    return _detail(request, camera_id, code=code)


@role_required(Role.RESIDENT)
@require_POST
def camera_settings(request: HttpRequest, camera_id: int) -> HttpResponse:
    selectors.camera_get_owned(viewer=signed_in_user(request), camera_id=camera_id)
    form = CameraSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.camera_settings_update(
                owner=signed_in_user(request),
                camera_id=camera_id,
                retention_days=form.cleaned_data["retention_days"],
                privacy_zones=form.cleaned_data["privacy_zones"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Settings saved.")
            return redirect("cameras:detail", camera_id=camera_id)
    return _detail(request, camera_id, form=form, status=400)


@role_required(Role.RESIDENT)
@require_POST
def device_revoke(request: HttpRequest, camera_id: int, device_id: int) -> HttpResponse:
    selectors.camera_get_owned(viewer=signed_in_user(request), camera_id=camera_id)
    credential = services.device_revoke(owner=signed_in_user(request), credential_id=device_id)
    messages.success(request, f"Device {credential.name!r} revoked: its token no longer works.")
    return redirect("cameras:detail", camera_id=camera_id)
