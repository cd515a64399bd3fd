"""Footage requests on the three channels, the owners' answers, grants and every access.

State machines (every transition is made by one service and audited):

- CommunityRequest: draft -> submitted -> (denied | open) -> (closed | expired).
  "approved" is the supervisor's step; the policy then opens or denies it.
- LegalProcess: submitted -> (denied | approved | narrowed | rejected).
- EmergencyRequest: submitted -> attested -> (approved | rejected); a policy
  denial ends it as denied. ``violation_at`` is set when no legal process
  followed by ``followup_due``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fairwitness.core.models import BaseModel

USER = settings.AUTH_USER_MODEL


class Channel(models.TextChoices):
    COMMUNITY = "community", "Community request"
    LEGAL = "legal", "Legal process"
    EMERGENCY = "emergency", "Emergency"


class CommunityState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for a supervisor"
    DENIED = "denied", "Denied by the policy"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    EXPIRED = "expired", "Expired"


class Decision(BaseModel):
    """One policy decision: what was asked, the rule, the reason and the policy hash."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    allowed = models.BooleanField()
    rule = models.CharField(max_length=64, db_index=True)
    reason = models.TextField()
    policy_hash = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=32)


class CommunityRequest(BaseModel):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(max_length=64)
    offense_category = models.CharField(max_length=64)
    description = models.TextField()
    area = models.JSONField(help_text="GeoJSON Polygon, or Point with radius_m.")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    attestations = models.JSONField(default=list)
    state = models.CharField(
        max_length=16, choices=CommunityState.choices, default=CommunityState.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True, help_text="Supervisor approval.")
    closes_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        indexes = [models.Index(fields=["agency", "case_number"])]


class CommunityMatch(BaseModel):
    """An owner the request was put to. Never shown to the agency in any form."""

    request = models.ForeignKey(CommunityRequest, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(
        "notifications.Notice", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "owner"], name="requests_match_once")
        ]


class ResponseKind(models.TextChoices):
    SHARED = "shared", "Shared clips"
    DECLINED = "declined", "Declined"


class Response(BaseModel):
    """An owner's answer. The agency sees it only as "Neighbor #n"."""

    request = models.ForeignKey(CommunityRequest, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    neighbor_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=ResponseKind.choices)
    contact = models.TextField(blank=True, help_text="Shared with the agency only if given.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "owner"], name="requests_answer_once"),
            models.UniqueConstraint(
                fields=["request", "neighbor_number"], name="requests_neighbor_number_unique"
            ),
        ]


class LegalKind(models.TextChoices):
    WARRANT = "warrant", "Search warrant"
    COURT_ORDER = "court_order", "Court order"
    SUBPOENA = "subpoena", "Subpoena"


class LegalState(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for a legal reviewer"
    DENIED = "denied", "Denied by the policy"
    APPROVED = "approved", "Approved"
    NARROWED = "narrowed", "Approved, narrowed"
    REJECTED = "rejected", "Rejected"


class LegalProcess(BaseModel):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(max_length=64)
    offense_category = models.CharField(max_length=64)
    attestations = models.JSONField(default=list)
    kind = models.CharField(max_length=16, choices=LegalKind.choices)
    court = models.CharField(max_length=200)
    judge = models.CharField(max_length=200)
    signed_on = models.DateField()
    scope_cameras = models.ManyToManyField("cameras.Camera", blank=True, related_name="+")
    scope_start = models.DateTimeField()
    scope_end = models.DateTimeField()
    document = models.BinaryField(
        help_text="The order's PDF, encrypted (AES-256-GCM) under its own data key."
    )
    document_key = models.BinaryField(
        default=b"", help_text="The order's data key, wrapped by the key provider."
    )
    document_sha256 = models.CharField(max_length=64)
    has_nondisclosure = models.BooleanField(default=False)
    nondisclosure_until = models.DateTimeField(null=True, blank=True)
    emergency = models.ForeignKey(
        "EmergencyRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    state = models.CharField(
        max_length=16, choices=LegalState.choices, default=LegalState.SUBMITTED
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT)
    reviewer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_reason = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    owner_notice_due = models.DateTimeField(null=True, blank=True)
    owners_notified_at = models.DateTimeField(null=True, blank=True)


class EmergencyState(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for the supervisor"
    ATTESTED = "attested", "Waiting for a legal reviewer"
    DENIED = "denied", "Denied by the policy"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class EmergencyRequest(BaseModel):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(max_length=64)
    offense_category = models.CharField(max_length=64)
    danger = models.TextField(help_text="The imminent danger of death or serious injury.")
    attestations = models.JSONField(default=list)
    cameras = models.ManyToManyField("cameras.Camera", related_name="+")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    state = models.CharField(
        max_length=16, choices=EmergencyState.choices, default=EmergencyState.SUBMITTED
    )
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT)
    review_reason = models.TextField(blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    followup_due = models.DateTimeField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    violation_at = models.DateTimeField(null=True, blank=True)
    owner_notice_due = models.DateTimeField(null=True, blank=True)
    owners_notified_at = models.DateTimeField(null=True, blank=True)


class Grant(BaseModel):
    """One agency, one clip, until ``expires_at``. Not transferable.

    Exactly one of the three sources is set, matching ``channel``.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    clip = models.ForeignKey("footage.Clip", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    case_number = models.CharField(max_length=64)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="grants"
    )
    legal_process = models.ForeignKey(
        LegalProcess, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    emergency = models.ForeignKey(
        EmergencyRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "clip"])]


class GrantExtension(BaseModel):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="extensions")
    supervisor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    justification = models.TextField()
    previous_expires_at = models.DateTimeField()
    new_expires_at = models.DateTimeField()
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT)


class AccessKind(models.TextChoices):
    VIEW = "view", "Viewed"
    DOWNLOAD = "download", "Downloaded"


class Access(BaseModel):
    """One view or download of a clip under a grant, with its reason."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="accesses")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=AccessKind.choices)
    reason = models.TextField()
    # The log entry recording this access (null only for rows older than the field).
    audit_entry = models.OneToOneField(
        "audit.AuditEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class OwnerPreference(BaseModel):
    owner = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    community_opt_out = models.BooleanField(default=False)


class PolicyVersionState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved, in force"
    REJECTED = "rejected", "Rejected"


class PolicyVersion(BaseModel):
    """A policy file proposed by an operator; in force once an oversight auditor approves.

    The newest approved version is the policy in force; with none, the packaged file.
    """

    version = models.CharField(max_length=32)
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField()
    note = models.TextField(blank=True)
    state = models.CharField(
        max_length=16, choices=PolicyVersionState.choices, default=PolicyVersionState.PROPOSED
    )
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)


class DownloadState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Preparing"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
    DESTROYED = "destroyed", "Destroyed with its grant"


class DownloadStep(models.TextChoices):
    DECRYPTING = "decrypting", "Opening the clip"
    REDACTING = "redacting", "Covering faces"
    WATERMARKING = "watermarking", "Burning in the watermark"
    SEALING = "sealing", "Adding the log's proofs and signing the package"


class Download(BaseModel):
    """An evidence package of a granted clip, prepared in the background.

    queued -> running -> done | failed; any of them -> destroyed when the grant ends.
    While running, ``step`` (a DownloadStep) and ``progress`` (0..100 within the step)
    say how far it got. ``file_name`` is the package's blob in the vault, encrypted
    under a data key of its own that ``wrapped_key`` holds wrapped; both are erased
    when it is destroyed (services/download_store.py).
    """

    access = models.OneToOneField(Access, on_delete=models.PROTECT, related_name="download")
    state = models.CharField(
        max_length=16, choices=DownloadState.choices, default=DownloadState.QUEUED
    )
    step = models.CharField(max_length=16, choices=DownloadStep.choices, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    wrapped_key = models.BinaryField(max_length=1024, blank=True, default=b"")
    error = models.CharField(max_length=300, blank=True)
