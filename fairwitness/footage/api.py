"""Device ingestion routes (docs/agent.md) and the owner's clip list."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status

from fairwitness.accounts.access import RoleAuth, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.cameras.device_auth import DeviceAuth, request_device
from fairwitness.core.errors import ApplicationError
from fairwitness.footage import ingest, selectors
from fairwitness.footage.models import Clip, Upload
from fairwitness.footage.schemas import ChunkOut, ClipOut, CompleteOut, UploadIn, UploadOut

router = Router(tags=["footage"])
device = DeviceAuth()


def _upload_out(upload: Upload) -> dict[str, object]:
    return {
        "upload_id": upload.upload_id,
        "received": upload.received,
        "state": ingest.upload_state(upload),
    }


@router.post(
    "/ingest/uploads",
    auth=device,
    response={200: UploadOut, 201: UploadOut},
    summary="Start an upload, or find the same one again (idempotent by upload_id)",
)
def upload_create(request: HttpRequest, payload: UploadIn) -> Status[dict[str, object]]:
    upload, created = ingest.upload_create(
        camera=request_device(request).camera,
        upload_id=payload.upload_id,
        started_at=payload.started_at,
        size=payload.size,
        sha256=payload.sha256,
    )
    return Status(201 if created else 200, _upload_out(upload))


@router.put(
    "/ingest/uploads/{upload_id}/chunk",
    auth=device,
    response=ChunkOut,
    summary="Send raw bytes at the server's offset (at most 8 MiB per chunk)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
def upload_chunk(request: HttpRequest, upload_id: UUID, offset: int) -> dict[str, int]:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length <= 0:
        raise ApplicationError(
            "Send the chunk's bytes as the request body, with a Content-Length header.",
            code="chunk_empty",
        )
    received = ingest.upload_chunk_write(
        camera=request_device(request).camera,
        upload_id=upload_id,
        offset=offset,
        length=length,
        body=request,  # type: ignore[arg-type]
    )
    return {"received": received}


@router.post(
    "/ingest/uploads/{upload_id}/complete",
    auth=device,
    response={202: CompleteOut},
    summary="Check the bytes and queue the clip for processing (idempotent)",
)
def upload_complete(request: HttpRequest, upload_id: UUID) -> Status[dict[str, object]]:
    clip = ingest.upload_complete(camera=request_device(request).camera, upload_id=upload_id)
    return Status(202, {"clip_id": clip.pk, "state": str(clip.state)})


@router.get(
    "/ingest/uploads/{upload_id}",
    auth=device,
    response=UploadOut,
    summary="How many bytes of an upload the server holds",
)
def upload_status(request: HttpRequest, upload_id: UUID) -> dict[str, object]:
    upload = ingest.upload_find(camera=request_device(request).camera, upload_id=upload_id)
    return _upload_out(upload)


@router.get(
    "/clips",
    auth=RoleAuth(Role.RESIDENT),
    response=list[ClipOut],
    summary="My clips, newest first",
)
def clip_list(request: HttpRequest) -> QuerySet[Clip]:
    viewer = signed_in_user(request)
    return selectors.clip_list_visible_to(viewer=viewer)[:500]
