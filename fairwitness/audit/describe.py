"""Log entries in plain words for camera owners, and which private details they may read.

An owner reads the entries about their own cameras and clips (see
``selectors.entry_page_for_owner``). Private details are shown only under the
keys listed here: the agency's stated reasons and the request's own facts. Keys
that can name other people (the list of notified owners, another owner's
answer) are never shown, whatever the entry.
"""

from __future__ import annotations

from fairwitness.cameras.events import CameraEvent
from fairwitness.feed.events import FeedEvent
from fairwitness.footage.events import FootageEvent
from fairwitness.requests.events import RequestEvent

# "{agency}" is the agency's name, or "An agency" when the entry names none.
_WORDS: dict[str, str] = {
    FootageEvent.CLIP_DELETED: "A clip was deleted",
    FootageEvent.CLIP_EXPIRED: "A clip reached the end of its retention period and was deleted",
    FootageEvent.CLIPS_EXPORTED: "Clips were exported",
    CameraEvent.DEVICE_PAIRED: "A device was paired with your camera",
    CameraEvent.DEVICE_REVOKED: "A device of your camera was revoked",
    CameraEvent.RETENTION_CHANGED: "Your camera's retention period was changed",
    RequestEvent.COMMUNITY_DRAFTED: "{agency} drafted a community request covering your area",
    RequestEvent.COMMUNITY_SUBMITTED: "{agency} submitted a community request for approval",
    RequestEvent.COMMUNITY_APPROVED: "A supervisor at {agency} approved the community request",
    RequestEvent.COMMUNITY_DENIED: "The policy refused {agency}'s community request",
    RequestEvent.COMMUNITY_OPENED: "{agency}'s community request was opened to camera owners",
    RequestEvent.COMMUNITY_CLOSED: "{agency} closed the community request",
    RequestEvent.COMMUNITY_EXPIRED: "{agency}'s community request expired",
    RequestEvent.COMMUNITY_OWNER_NOTIFIED: "Camera owners in the area, you among them, were asked",
    RequestEvent.RESPONSE_SHARED: "You shared clips with {agency}",
    RequestEvent.RESPONSE_DECLINED: "You declined {agency}'s request",
    RequestEvent.LEGAL_SUBMITTED: "{agency} submitted legal process for footage of your cameras",
    RequestEvent.LEGAL_DENIED: "The policy refused {agency}'s legal process",
    RequestEvent.LEGAL_APPROVED: "A legal reviewer approved {agency}'s legal process",
    RequestEvent.LEGAL_NARROWED: "A legal reviewer narrowed {agency}'s legal process",
    RequestEvent.LEGAL_REJECTED: "A legal reviewer rejected {agency}'s legal process",
    RequestEvent.LEGAL_OWNER_NOTIFIED: "You were told of {agency}'s legal process",
    RequestEvent.EMERGENCY_SUBMITTED: "{agency} made an emergency request for your footage",
    RequestEvent.EMERGENCY_DENIED: "The policy refused {agency}'s emergency request",
    RequestEvent.EMERGENCY_ATTESTED: "A supervisor at {agency} attested the emergency",
    RequestEvent.EMERGENCY_APPROVED: "A legal reviewer approved {agency}'s emergency request",
    RequestEvent.EMERGENCY_REJECTED: "A legal reviewer rejected {agency}'s emergency request",
    RequestEvent.EMERGENCY_FOLLOWED_UP: "{agency} filed legal process after the emergency",
    RequestEvent.EMERGENCY_VIOLATION: "{agency} filed no legal process within 48 hours",
    RequestEvent.EMERGENCY_OWNER_NOTIFIED: "You were told of {agency}'s emergency request",
    RequestEvent.GRANT_CREATED: "{agency} was granted access to your clip",
    RequestEvent.GRANT_EXTENDED: "{agency}'s access to your clip was extended",
    RequestEvent.GRANT_EXTENSION_DENIED: "{agency} was refused a longer access to your clip",
    RequestEvent.GRANT_EXPIRED: "{agency}'s access to your clip ended",
    RequestEvent.ACCESS_VIEWED: "{agency} viewed your clip",
    RequestEvent.ACCESS_DOWNLOADED: "{agency} downloaded your clip",
    RequestEvent.ACCESS_REFUSED: "{agency} tried to open your clip after its access ended",
    RequestEvent.OWNER_OPTED_OUT: "You opted out of community requests",
    RequestEvent.OWNER_OPTED_IN: "You opted back in to community requests",
    FeedEvent.CLIP_MODERATOR_PLAYED: "A moderator played your clip shown with a post under review",
}

# The same events when the owner did it themselves.
_YOUR_WORDS: dict[str, str] = {
    FootageEvent.CLIP_DELETED: "You deleted a clip",
    FootageEvent.CLIPS_EXPORTED: "You exported your clips",
    CameraEvent.DEVICE_PAIRED: "You paired a device with your camera",
    CameraEvent.DEVICE_REVOKED: "You revoked a device of your camera",
    CameraEvent.RETENTION_CHANGED: "You changed your camera's retention period",
    FeedEvent.CLIPS_MADE_PUBLIC: "You showed your clip with a neighbor post",
    FeedEvent.CLIPS_WITHDRAWN: "You stopped showing your clip with a neighbor post",
}

# Events one owner's action causes under a request that many owners share:
# only the owner who acted may see them.
PER_OWNER_EVENTS: frozenset[str] = frozenset(
    {RequestEvent.RESPONSE_SHARED, RequestEvent.RESPONSE_DECLINED}
)

# Private detail keys an owner may read, with their labels, in this order.
OWNER_DETAIL_LABELS: dict[str, str] = {
    "reason": "Stated reason",
    "justification": "Justification",
    "danger": "Danger described",
    "case_number": "Case number",
    "description": "Description",
    "court": "Court",
    "camera_name": "Camera",
    "device_name": "Device",
    "started_at": "Clip recorded at",
}


def event_words(event: str, *, agency: str | None, by_you: bool = False) -> str:
    """One sentence for the event; an unknown event reads as its own name, spaced out."""
    template = (_YOUR_WORDS.get(event) if by_you else None) or _WORDS.get(event)
    if template is None:
        return event.replace(":", " ").replace("_", " ").capitalize()
    text = template.format(agency=agency or "An agency")
    return text[0].upper() + text[1:]


def owner_details(details: object) -> list[tuple[str, str]]:
    """The ``(label, text)`` pairs of the private details an owner may read."""
    if not isinstance(details, dict):
        return []
    out: list[tuple[str, str]] = []
    for key, label in OWNER_DETAIL_LABELS.items():
        value = details.get(key)
        if value is None or value == "" or isinstance(value, dict | list):
            continue
        out.append((label, str(value)))
    return out
