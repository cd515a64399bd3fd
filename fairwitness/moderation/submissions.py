"""What moderation acts on: the submission state machine, and the kinds other apps register.

Moderation screens text and keeps the review queue; it knows no app above it.
An app whose rows go through screening (the feed's posts and comments)
registers each kind from its ``AppConfig.ready()`` with
``submission_kind_register``: how the log names a row, what the screen reads,
the app's own query of held rows and what a moderator sees beside the text.
Moderation then finds the kind of a row with ``submission_kind_of``.

A kind's ``name`` is also the name of the foreign key that moderation's own
rows (``Screening``, ``Review``, ``Appeal``) hold to a row of that kind.

A submission's ``state`` follows one state machine (``SubmissionState``):

    draft -> published | needs_edit | held | rejected        (screening on submit)
    needs_edit -> published | needs_edit | held | rejected   (author edits and resubmits)
    held -> published | needs_edit | rejected                (a moderator's review)
    published -> held                                        (a racial-profiling flag)
    published -> removed                                     (a moderator's review of a flag)
    rejected | removed -> published                          (an appeal overturned)

Only ``published`` is ever shown to other people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from fairwitness.audit.subjects import Subject as AuditSubject

if TYPE_CHECKING:
    from fairwitness.accounts.models import User
    from fairwitness.moderation.screening import PersonDescription, PostCategory


class SubmissionState(StrEnum):
    DRAFT = "draft"
    NEEDS_EDIT = "needs_edit"
    HELD = "held"
    PUBLISHED = "published"
    REJECTED = "rejected"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[SubmissionState, str] = {
    SubmissionState.DRAFT: "Draft, not posted yet",
    SubmissionState.NEEDS_EDIT: "Needs your edit before it can be posted",
    SubmissionState.HELD: "Held for a moderator to read",
    SubmissionState.PUBLISHED: "Published",
    SubmissionState.REJECTED: "Not published",
    SubmissionState.REMOVED: "Removed by a moderator",
}


class Submission(Protocol):
    """What moderation reads and writes of a row under screening (a saved model row)."""

    pk: Any
    text: str
    state: str
    hold_severity: int
    published_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    author_id: int

    @property
    def screenings(self) -> Any:
        """Moderation's own reverse relation (``Screening.<kind>``, related name ``screenings``)."""

    def save(self, *, update_fields: Iterable[str] | None = None) -> None: ...

    def refresh_from_db(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ScreenInput:
    """What the screen reads of a submission besides its text."""

    category: PostCategory | str | None = None
    description: PersonDescription | None = None


@dataclass(frozen=True, slots=True)
class SubmissionKind:
    """One kind of row moderation screens, as its owning app describes it.

    ``name``: the audit subject kind, the queue item's kind and the foreign key on
    moderation's rows. ``model``: the row class (recognises a row, locks it).
    ``published_event``: the owning app's own event for "now live", audited by
    moderation inside the caller's transaction when a row is published.
    ``audit_ref(row)``: how the log names the row (e.g. a comment and its post).
    ``screen_input(row)``: category and description the screen also reads.
    ``held_rows()``: the app's query of its rows waiting for a moderator, with what
    ``queue_flags`` and ``moderator_view`` read prefetched; moderation filters,
    orders and bounds it. ``moderator_rows()``: the same for one row a moderator opens.
    ``queue_flags(row)``: codes shown in the queue beside the screen's reasons.
    ``moderator_view(viewer, row)``: extra template context for the moderator pages:
    ``flags`` (shown with a held row) and ``subject_template``, the app's own
    template for what it shows of the row below its text (with whatever else it
    needs, e.g. ``clips``). ``not_appealable``: the message when an appeal is refused.
    ``flag_counts(start, end)``: flags people raised on rows of this kind in
    ``[start, end)``, by flag kind, every flag kind present (zeros too); ``None``
    for a kind that cannot be flagged.
    """

    name: str
    model: type[Any]
    published_event: StrEnum
    audit_ref: Callable[[Any], list[AuditSubject]]
    screen_input: Callable[[Any], ScreenInput]
    held_rows: Callable[[], QuerySet[Any]]
    moderator_rows: Callable[[], QuerySet[Any]]
    queue_flags: Callable[[Any], list[str]]
    moderator_view: Callable[[User, Any], dict[str, object]]
    not_appealable: str
    flag_counts: Callable[[dt.datetime, dt.datetime], dict[str, int]] | None = None


_KINDS: dict[str, SubmissionKind] = {}


def submission_kind_register(*, kind: SubmissionKind) -> None:
    """Declare a kind, from the ``ready()`` of the app that owns its model.

    Registering the same name for the same model again replaces it (Django may
    call ``ready()`` again in tests); another model under a taken name is a
    programming error.
    """
    known = _KINDS.get(kind.name)
    if known is not None and known.model is not kind.model:
        raise ImproperlyConfigured(
            f"submission kind {kind.name!r} is already registered for {known.model.__name__}"
        )
    _KINDS[kind.name] = kind


def submission_kinds() -> list[SubmissionKind]:
    """The registered kinds, in registration order."""
    return list(_KINDS.values())


def submission_kind(name: str) -> SubmissionKind:
    """The kind registered under ``name``; ``LookupError`` when there is none."""
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no submission kind {name!r} is registered") from None


def submission_kind_of(row: object) -> SubmissionKind:
    """The kind of ``row``, by its model; ``LookupError`` for a row of no registered kind."""
    for kind in _KINDS.values():
        if isinstance(row, kind.model):
            return kind
    raise LookupError(f"{type(row).__name__} is not a registered submission kind")
