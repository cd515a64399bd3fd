from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fairwitness.accounts.access import role_required
from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.cameras import services
from fairwitness.cameras.forms import CameraRegisterForm
from fairwitness.core.errors import ApplicationError


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def camera_register(request: HttpRequest) -> HttpResponse:
    owner = request.user
    assert isinstance(owner, User)
    form = CameraRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            camera = services.camera_register(owner=owner, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Camera {camera.name!r} registered.")
            return redirect("accounts:home")
    status = 400 if form.errors else 200
    return render(request, "cameras/register.html", {"form": form}, status=status)
