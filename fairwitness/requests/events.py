"""Audit event names for footage requests, grants and the policy, spelled scope:resource:action."""

from enum import StrEnum


class RequestEvent(StrEnum):
    COMMUNITY_DRAFTED = "request:community:drafted"
    COMMUNITY_SUBMITTED = "request:community:submitted"
    COMMUNITY_APPROVED = "request:community:approved"
    COMMUNITY_DENIED = "request:community:denied"
    COMMUNITY_OPENED = "request:community:opened"
    COMMUNITY_CLOSED = "request:community:closed"
    COMMUNITY_EXPIRED = "request:community:expired"
    COMMUNITY_OWNER_NOTIFIED = "request:community:owners_notified"
    RESPONSE_SHARED = "request:response:shared"
    # No longer written: a decline is counted in the request's closing entry. Kept so
    # that entries written before (format version 1) still read in plain words.
    RESPONSE_DECLINED = "request:response:declined"
    LEGAL_SUBMITTED = "request:legal:submitted"
    LEGAL_DENIED = "request:legal:denied"
    LEGAL_APPROVED = "request:legal:approved"
    LEGAL_NARROWED = "request:legal:narrowed"
    LEGAL_REJECTED = "request:legal:rejected"
    LEGAL_OWNER_NOTIFIED = "request:legal:owner_notified"
    EMERGENCY_SUBMITTED = "request:emergency:submitted"
    EMERGENCY_DENIED = "request:emergency:denied"
    EMERGENCY_ATTESTED = "request:emergency:attested"
    EMERGENCY_APPROVED = "request:emergency:approved"
    EMERGENCY_REJECTED = "request:emergency:rejected"
    EMERGENCY_FOLLOWED_UP = "request:emergency:followed_up"
    EMERGENCY_VIOLATION = "request:emergency:violation"
    EMERGENCY_OWNER_NOTIFIED = "request:emergency:owner_notified"
    GRANT_CREATED = "grant:clip:created"
    GRANT_EXTENDED = "grant:clip:extended"
    GRANT_EXTENSION_DENIED = "grant:clip:extension_denied"
    GRANT_EXPIRED = "grant:clip:expired"
    ACCESS_VIEWED = "access:clip:viewed"
    ACCESS_DOWNLOADED = "access:clip:downloaded"
    ACCESS_REFUSED = "access:clip:refused"
    OWNER_OPTED_OUT = "owner:preference:opted_out"
    OWNER_OPTED_IN = "owner:preference:opted_in"
    POLICY_PROPOSED = "policy:version:proposed"
    POLICY_APPROVED = "policy:version:approved"
    POLICY_REJECTED = "policy:version:rejected"


# How an owner reads these events in their own log (registered with audit in apps.py).
# "{agency}" is the agency's name, or "An agency" when the entry names none.
OWNER_WORDS: dict[str, str] = {
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
}
# Answers one owner gives to a request many owners share: only that owner sees them.
PER_OWNER_EVENTS: frozenset[str] = frozenset(
    {RequestEvent.RESPONSE_SHARED, RequestEvent.RESPONSE_DECLINED}
)
