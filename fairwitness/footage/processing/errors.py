"""Why a clip was refused, as stable codes and person-readable messages."""

from __future__ import annotations

from enum import StrEnum

from fairwitness.core.errors import ApplicationError


class ClipRejectCode(StrEnum):
    """Stable codes of ClipRejected; the API returns them as ``error``."""

    EMPTY = "clip_empty"
    NOT_VIDEO = "clip_not_video"
    NO_VIDEO_STREAM = "clip_no_video_stream"
    UNSUPPORTED = "clip_unsupported_format"
    TRUNCATED = "clip_truncated"
    CORRUPT = "clip_corrupt"
    DIMENSIONS = "clip_dimensions_out_of_range"
    DURATION = "clip_duration_out_of_range"


class ClipRejected(ApplicationError):
    """The uploaded bytes are not a clip this server accepts (the uploader's fault).

    Status 422: the request was well formed but its content is unusable. The
    message says what was wrong and what to do; ``code`` is a ClipRejectCode.
    """

    status = 422

    def __init__(self, code: ClipRejectCode, message: str, *, detail: object = None) -> None:
        super().__init__(message, code=str(code), detail=detail)
        self.reject_code = code


class ClipProcessingFailed(ApplicationError):
    """A clip that passed validation could not be converted (the server's fault)."""

    status = 500
    code = "clip_processing_failed"
