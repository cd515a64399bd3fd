"""What an audit entry is about: the one typed subject, and the kinds apps register.

``audit_record`` takes a list of ``Subject(kind, id)``, whatever app calls it.
The kinds are not known to the audit app: each app registers the kinds it
logs in its ``AppConfig.ready()`` (``subject_kind_register``), with, for kinds
that can concern a camera owner, the query of the ids an owner may see in
their own log (``/log/mine/``). The owning app writes that query, so its own
visibility rules (legal process shows only once owners were notified, for
example) stay with it; the audit app never imports a domain app.

The private subject index holds every subject. The public entry holds only
those whose kind its app registered as public (``Publicity``), as one JSON
object, kind to id, in the order given; a kind named more than once holds the
list of its ids. A kind is private unless registered otherwise: an id that names
one person's camera, clip or device would be the same in all their entries
(docs/audit-log.md, "What a public entry may hold").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import QuerySet

if TYPE_CHECKING:
    from fairwitness.accounts.models import User

_KIND = re.compile(r"^[a-z][a-z_]{0,39}$")
_CODE = re.compile(r"^[A-Za-z0-9_.:/+=,-]{1,64}$")
MAX_SUBJECTS = 256


class OwnerRefs(Protocol):
    """The ids of one kind whose entries a resident may read: a query of one column of ids."""

    def __call__(self, *, viewer: User) -> QuerySet[Any]: ...


@dataclass(frozen=True, slots=True)
class Subject:
    """One thing an entry is about: a registered kind and its id (a row id, or a code).

    A row id names a database row and feeds the subject index; a code (for
    example a pairing scope) is logged but indexes nothing.
    """

    kind: str
    id: int | str


class SubjectError(ValueError):
    """A subject is malformed or of an unregistered kind; the message says which."""


class Publicity(StrEnum):
    """Where a subject kind's ids may appear in the public entry."""

    # Only in the private subject index: ids of one person's things (camera, clip).
    PRIVATE = "private"
    # In every entry: things public or shared by many (a request, a post, an agency).
    PUBLIC = "public"
    # In entries no resident made: what officials and the system act on (a grant),
    # never in a resident's own entry, where it would tie their acts together.
    OFFICIAL = "official"


@dataclass(frozen=True, slots=True)
class _Kind:
    app: str
    owner_refs: OwnerRefs | None
    publicity: Publicity


_KINDS: dict[str, _Kind] = {}


def subject_kind_register(
    *,
    kind: str,
    app: str,
    owner_refs: OwnerRefs | None = None,
    publicity: Publicity = Publicity.PRIVATE,
) -> None:
    """Declare a subject kind, from the ``ready()`` of the app ``app`` that owns it.

    ``owner_refs(viewer=...)`` gives the ids of this kind whose entries the resident
    ``viewer`` may read; leave it out for kinds that never concern an owner.
    ``publicity`` says whether its ids may appear in public entries (default: never).
    Registering a kind twice from the same app replaces it (Django may call
    ``ready()`` again in tests); from two apps it is a programming error.
    """
    if not _KIND.match(kind):
        raise SubjectError(f"subject kind {kind!r} must be a lowercase name like 'clip'")
    known = _KINDS.get(kind)
    if known is not None and known.app != app:
        raise SubjectError(f"subject kind {kind!r} is already registered by {known.app}")
    _KINDS[kind] = _Kind(app=app, owner_refs=owner_refs, publicity=Publicity(publicity))


def subject_owner_queries(*, viewer: User) -> dict[str, QuerySet[Any]]:
    """Per kind, the query of the ids the resident ``viewer`` may see entries about."""
    return {
        kind: known.owner_refs(viewer=viewer)
        for kind, known in _KINDS.items()
        if known.owner_refs is not None
    }


def subjects_body(subjects: Sequence[Subject]) -> dict[str, Any]:
    """The subjects as the public entry holds them; SubjectError if one is bad.

    ``[Subject("clip", 7), Subject("camera", 1), Subject("camera", 2)]`` gives
    ``{"clip": 7, "camera": [1, 2]}``.
    """
    if not isinstance(subjects, list | tuple):
        raise SubjectError("subject must be a list of Subject(kind, id)")
    if len(subjects) > MAX_SUBJECTS:
        raise SubjectError(f"an entry names at most {MAX_SUBJECTS} subjects")
    grouped: dict[str, list[int | str]] = {}
    for subject in subjects:
        if not isinstance(subject, Subject):
            raise SubjectError(f"subject {subject!r} must be a Subject(kind, id)")
        if subject.kind not in _KINDS:
            raise SubjectError(
                f"subject kind {subject.kind!r} is not registered: the app that owns it "
                "registers it with fairwitness.audit.subjects.subject_kind_register"
            )
        ref = subject.id
        if isinstance(ref, bool) or not (
            (isinstance(ref, int) and 0 <= ref < 1 << 63)
            or (isinstance(ref, str) and _CODE.match(ref))
        ):
            raise SubjectError(
                f"subject {subject.kind!r} needs a row id or a short code, not {ref!r}"
            )
        grouped.setdefault(subject.kind, []).append(ref)
    return {kind: refs[0] if len(refs) == 1 else refs for kind, refs in grouped.items()}


def subjects_public_body(subjects: Sequence[Subject], *, by_resident: bool) -> dict[str, Any]:
    """The subjects a public entry may hold, shaped as ``subjects_body`` shapes them.

    Kinds registered ``Publicity.PUBLIC`` always; ``Publicity.OFFICIAL`` only when
    no resident made the entry (``by_resident`` false); private kinds never. Call
    it after ``subjects_body`` has checked the subjects.
    """
    allowed = {Publicity.PUBLIC} if by_resident else {Publicity.PUBLIC, Publicity.OFFICIAL}
    return subjects_body(
        [s for s in subjects if s.kind in _KINDS and _KINDS[s.kind].publicity in allowed]
    )


def subject_refs(subjects: Sequence[Subject]) -> list[tuple[str, int]]:
    """The ``(kind, row id)`` pairs for the subject index, each once, in order; codes left out."""
    pairs = dict.fromkeys(
        (s.kind, s.id) for s in subjects if isinstance(s.id, int) and not isinstance(s.id, bool)
    )
    return [(kind, int(ref)) for kind, ref in pairs]
