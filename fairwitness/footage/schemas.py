from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from ninja import Field, Schema

from fairwitness.core.input_bounds import MomentSince2000


def _size_bounds(schema: dict[str, Any]) -> None:
    schema.update(minimum=1, maximum=int(settings.FOOTAGE_CLIP_MAX_BYTES))


class UploadIn(Schema):
    upload_id: UUID
    started_at: MomentSince2000
    # 0 and sizes over the server's clip limit parse, so the service answers with its own
    # code (422 clip_empty, 413 too_large); the schema states both bounds.
    size: int = Field(ge=0, json_schema_extra=_size_bounds)
    sha256: str = Field(min_length=64, max_length=64)


class UploadOut(Schema):
    upload_id: UUID
    received: int
    state: str


class ChunkOut(Schema):
    received: int


class CompleteOut(Schema):
    clip_id: int
    state: str


class ClipOut(Schema):
    id: int
    camera_id: int
    started_at: datetime
    ended_at: datetime
    duration_seconds: float
    state: str
    rejected_reason: str
    width: int
    height: int
