"""Face redaction: what makes a release copy of a clip.

``video_redact`` is the one redaction every release path runs (agency views and
downloads, clips on public posts, and ``manage.py release_copy``). Detection only:
faces are found as boxes, linked between frames by position, and covered; no code
here computes anything that could identify a face.
"""

from fairwitness.footage.redaction.boxes import Box, ManualBox
from fairwitness.footage.redaction.errors import RedactionError, RedactionErrorCode
from fairwitness.footage.redaction.video import RedactionReport, RedactionSettings, video_redact

__all__ = [
    "Box",
    "ManualBox",
    "RedactionError",
    "RedactionErrorCode",
    "RedactionReport",
    "RedactionSettings",
    "video_redact",
]
