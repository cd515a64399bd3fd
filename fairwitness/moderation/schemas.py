from __future__ import annotations

import datetime as dt

from ninja import Schema


class QueueItemOut(Schema):
    kind: str
    id: int
    severity: int
    waiting_since: dt.datetime
    text: str
    reasons: list[str]
    scores: dict[str, float]
    flags: list[str]
