from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from fairwitness.core.input_bounds import MomentSince2000


class UploadIn(Schema):
    upload_id: UUID
    started_at: MomentSince2000
    size: int = Field(ge=0)
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
