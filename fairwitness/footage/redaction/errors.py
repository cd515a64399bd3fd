"""Why a video could not be redacted, as stable codes and person-readable messages."""

from __future__ import annotations

from enum import StrEnum

from fairwitness.core.errors import ApplicationError


class RedactionErrorCode(StrEnum):
    UNREADABLE = "redaction_video_unreadable"
    NO_VIDEO = "redaction_no_video_stream"
    NO_FRAMES = "redaction_no_frames"
    TOO_LARGE = "redaction_dimensions_out_of_range"
    DETECTOR_MISSING = "redaction_detector_missing"


class RedactionError(ApplicationError):
    """The video cannot be made into a release copy; nothing usable was written.

    Status 422 for a bad input (the message says what was wrong); the detector's
    model missing from the installation is the server's fault (500).
    """

    status = 422

    def __init__(self, code: RedactionErrorCode, message: str) -> None:
        super().__init__(
            message,
            code=str(code),
            status=500 if code is RedactionErrorCode.DETECTOR_MISSING else 422,
        )
        self.error_code = code
