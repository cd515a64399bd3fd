"""Neighbor posts, their comments and flags, and where each reader reads from.

A post's and a comment's ``state`` follows moderation's submission state
machine (``SubmissionState``, drawn in ``fairwitness.moderation.submissions``);
the feed registers both kinds with moderation (``fairwitness.feed.submissions``).
Only ``published`` is ever shown to other neighbors. Locations are coarse H3
cells; no exact location is stored for a post or a reader.

Clips: a post carries the clips its author chose to make public with it
(``PostClip``). Only the author's own clips can be chosen, by an explicit,
audited choice while the post can still be edited. Other neighbors can play
such a clip only while the post is ``published`` and the clip is ``ready`` and
not past its retention (``fairwitness.feed.selectors.post_clip_for_playback``).
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models

from fairwitness.core.models import BaseModel
from fairwitness.moderation.screening import PersonDescription, PostCategory
from fairwitness.moderation.submissions import SubmissionState

# Posts share the cameras' resolution: about 0.74 km^2, never a house.
FEED_CELL_RESOLUTION = 8
DESCRIPTOR_MAX_LENGTH = 120

CATEGORY_LABELS: dict[PostCategory, str] = {
    PostCategory.CRIME: "Crime",
    PostCategory.SUSPICIOUS_ACTIVITY: "Suspicious activity",
    PostCategory.SAFETY: "Safety",
    PostCategory.LOST_AND_FOUND: "Lost and found",
    PostCategory.OTHER: "Other",
}
# Categories that describe people under suspicion take the Nextdoor-style steps.
PERSON_CATEGORIES = frozenset({PostCategory.CRIME, PostCategory.SUSPICIOUS_ACTIVITY})


# The author may still change a post in these states (and choose its clips).
EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.NEEDS_EDIT})


class FlagKind(StrEnum):
    RACIAL_PROFILING = "racial_profiling"
    HATE = "hate"
    PERSONAL_INFO = "personal_info"
    SURVEILLANCE_OF_LAWFUL_ACTIVITY = "surveillance_of_lawful_activity"
    HARASSMENT = "harassment"
    SPAM = "spam"
    OTHER = "other"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]


FLAG_LABELS: dict[FlagKind, str] = {
    FlagKind.RACIAL_PROFILING: "Racial profiling",
    FlagKind.HATE: "Hate speech",
    FlagKind.PERSONAL_INFO: "Personal information about someone",
    FlagKind.SURVEILLANCE_OF_LAWFUL_ACTIVITY: "Watching a protest or other lawful activity",
    FlagKind.HARASSMENT: "Harassment",
    FlagKind.SPAM: "Spam",
    FlagKind.OTHER: "Something else",
}

_STATE_CHOICES = [(s.value, s.label) for s in SubmissionState]


class Post(BaseModel):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    category = models.CharField(
        max_length=32, choices=[(c.value, label) for c, label in CATEGORY_LABELS.items()]
    )
    text = models.TextField()
    # The structured description of a person (crime and suspicious activity only).
    behaviour = models.CharField(max_length=300, blank=True)
    top = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    bottom = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    shoes = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    hair = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    build = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    age_range = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    vehicle = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    other_features = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    race_ethnicity = models.CharField(max_length=DESCRIPTOR_MAX_LENGTH, blank=True)
    # The author's answer to "would this be suspicious without race?" (None: not asked).
    suspicious_without_race = models.BooleanField(null=True, blank=True)
    coarse_cell = models.CharField(max_length=16, db_index=True)
    state = models.CharField(max_length=16, choices=_STATE_CHOICES, default=SubmissionState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    # Set whenever the post enters the moderators' queue; orders the queue.
    hold_severity = models.PositiveSmallIntegerField(default=0)
    clips = models.ManyToManyField(
        "footage.Clip", through="PostClip", related_name="feed_posts", blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "coarse_cell", "-published_at"]),
            models.Index(fields=["state", "-hold_severity", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} ({self.state})"

    @property
    def state_enum(self) -> SubmissionState:
        return SubmissionState(self.state)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[PostCategory(self.category)]

    def description(self) -> PersonDescription | None:
        description = PersonDescription(
            behaviour=self.behaviour,
            top=self.top,
            bottom=self.bottom,
            shoes=self.shoes,
            hair=self.hair,
            build=self.build,
            age_range=self.age_range,
            vehicle=self.vehicle,
            other=self.other_features,
            race_ethnicity=self.race_ethnicity,
        )
        return description if description != PersonDescription() else None

    def description_items(self) -> list[tuple[str, str]]:
        """Filled descriptors as (label, value), for showing the post."""
        pairs = [
            ("What they did", self.behaviour),
            ("Top", self.top),
            ("Bottom", self.bottom),
            ("Shoes", self.shoes),
            ("Hair", self.hair),
            ("Build", self.build),
            ("Age range", self.age_range),
            ("Vehicle", self.vehicle),
            ("Other features", self.other_features),
            ("Race or ethnicity", self.race_ethnicity),
        ]
        return [(label, value) for label, value in pairs if value.strip()]


class PostClip(BaseModel):
    """One clip the post's author chose to show with the post.

    Invariant (kept by ``post_clips_choose``): the clip's camera belongs to the
    post's author. A row is not a permission by itself: readers are checked
    against the post's state and the clip's state and expiry on every request.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="post_clips")
    clip = models.ForeignKey(
        "footage.Clip", on_delete=models.CASCADE, related_name="post_attachments"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "clip"], name="feed_postclip_once_per_post")
        ]

    def __str__(self) -> str:
        return f"clip {self.clip_id} on post {self.post_id}"


class Comment(BaseModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_comments"
    )
    text = models.TextField()
    state = models.CharField(max_length=16, choices=_STATE_CHOICES, default=SubmissionState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    hold_severity = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["post", "state", "created_at"])]

    def __str__(self) -> str:
        return f"comment {self.pk} ({self.state})"

    @property
    def state_enum(self) -> SubmissionState:
        return SubmissionState(self.state)


class Flag(BaseModel):
    """A neighbor's report about a live post; one per neighbor and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_flags"
    )
    kind = models.CharField(max_length=40, choices=[(k.value, k.label) for k in FlagKind])
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "flagger"], name="feed_flag_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.kind} flag on post {self.post_id}"


class ReaderLocation(BaseModel):
    """Where a reader reads the feed from: a coarse cell only, never coordinates."""

    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_location"
    )
    cell = models.CharField(max_length=16)
    radius_km = models.FloatField(default=1.0)

    def __str__(self) -> str:
        return f"feed location of {self.reader_id}"
