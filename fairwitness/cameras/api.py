"""Camera routes for owners."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Status

from fairwitness.accounts.access import RoleAuth, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.cameras import selectors, services
from fairwitness.cameras.device_auth import DeviceAuth, request_device
from fairwitness.cameras.models import Camera
from fairwitness.cameras.schemas import (
    CameraIn,
    CameraOut,
    DeviceCameraOut,
    ErrorOut,
    PairIn,
    PairOut,
)
from fairwitness.cameras.throttle import PairingThrottled
from fairwitness.core.api import error_body
from fairwitness.core.client_address import client_address_of

router = Router(tags=["cameras"], auth=RoleAuth(Role.RESIDENT))


@router.get("/cameras", response=list[CameraOut], summary="My cameras")
def camera_list(request: HttpRequest) -> list[Camera]:
    return list(selectors.camera_list_visible_to(viewer=signed_in_user(request)))


@router.post("/cameras", response={201: CameraOut}, summary="Register a camera")
def camera_register(request: HttpRequest, payload: CameraIn) -> Status[Camera]:
    camera = services.camera_register(owner=signed_in_user(request), **payload.dict())
    return Status(201, camera)


@router.post(
    "/devices/pair",
    auth=None,
    response={201: PairOut, 400: ErrorOut, 429: ErrorOut},
    summary="Exchange a one-time pairing code for a device token (shown once)",
    description=(
        "Wrong codes are counted per client address and in total; past either limit the "
        "route answers 429 with Retry-After until the sliding window has room."
    ),
)
def device_pair(request: HttpRequest, payload: PairIn) -> Status[dict[str, object]] | HttpResponse:
    try:
        credential, token = services.device_pair(
            code=payload.code, name=payload.name, client=client_address_of(request)
        )
    except PairingThrottled as exc:
        # The shared error handler sets no headers; Retry-After is the contract here.
        response = JsonResponse(error_body(exc.code, exc.message, exc.detail), status=exc.status)
        response["Retry-After"] = str(exc.retry_after)
        return response
    camera = credential.camera
    return Status(
        201,
        {
            "token": token,
            "camera_id": camera.pk,
            "camera_name": camera.name,
            "privacy_zones": camera.privacy_zones,
        },
    )


@router.get(
    "/devices/camera",
    auth=DeviceAuth(),
    response=DeviceCameraOut,
    summary="The paired camera's name and privacy zones, for the device",
)
def device_camera(request: HttpRequest) -> dict[str, object]:
    camera = request_device(request).camera
    return {
        "camera_id": camera.pk,
        "camera_name": camera.name,
        "privacy_zones": camera.privacy_zones,
    }
