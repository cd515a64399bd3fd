"""Which clips an owner may share in answer to a community request.

``clip_share_evaluate`` runs, in order: request still open, clip overlaps
the window, camera inside the area.
"""

from __future__ import annotations

from datetime import UTC

from fairwitness.policy.community import community_open_check
from fairwitness.policy.decision import Decision, decision_first_denial, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.facts import ClipShareFacts, Window
from fairwitness.policy.geometry import Area, LonLat, area_contains_point
from fairwitness.policy.rules import Outcome, Rule


def _span_text(window: Window) -> str:
    start = window.start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    end = window.end.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return f"{start} to {end} UTC"


def clip_window_overlap_check(*, policy: Policy, clip: Window, window: Window) -> Decision:
    """Overlap means sharing some instant; touching end to start is not overlap."""
    allowed = clip.overlaps(window)
    relation = "overlaps" if allowed else "does not overlap"
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.CLIP_WINDOW_OVERLAP,
        allowed=allowed,
        reason=f"The clip ({_span_text(clip)}) {relation} the request's window "
        f"({_span_text(window)}).",
    )


def clip_camera_inside_check(*, policy: Policy, camera_location: LonLat, area: Area) -> Decision:
    allowed = area_contains_point(area, camera_location)
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.CLIP_CAMERA_INSIDE,
        allowed=allowed,
        reason="The camera is inside the request's area."
        if allowed
        else "The camera is outside the request's area; only clips from cameras in the area "
        "may be shared.",
    )


def clip_share_evaluate(*, policy: Policy, facts: ClipShareFacts) -> Decision:
    f = facts
    return decision_first_denial(
        checks=[
            lambda: community_open_check(
                policy=policy, filed_at=f.request_filed_at, at=f.shared_at
            ),
            lambda: clip_window_overlap_check(policy=policy, clip=f.clip, window=f.request_window),
            lambda: clip_camera_inside_check(
                policy=policy, camera_location=f.camera_location, area=f.request_area
            ),
        ],
        policy_hash=policy.sha256,
        outcome=Outcome.CLIP_SHARE_ALLOWED,
        reason="The clip may be shared in answer to the request.",
    )
