"""Writes to the audit log. ``audit_record`` is the one way every app logs an event."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from fairwitness.accounts.models import Agency, User
from fairwitness.audit.entries import (
    EVENT_NAME,
    RESIDENT_ROLE,
    EntryFieldError,
    canonical_json,
    commitment,
    entry_build,
    official_pseudonym,
    public_fields_check,
    resident_tag,
    time_public,
)
from fairwitness.audit.models import AuditEntry, AuditPrivate, AuditSubject
from fairwitness.audit.subjects import (
    Subject,
    SubjectError,
    subject_refs,
    subjects_body,
    subjects_public_body,
)
from fairwitness.audit.tlog.merkle import leaf_hash
from fairwitness.core.errors import ApplicationError


class AuditRecordError(ApplicationError):
    """An event could not be recorded as given; nothing was written."""

    code = "audit_invalid"


@dataclass(frozen=True)
class AuditEventRecord:
    """One event for ``audit_record_many``: the same fields ``audit_record`` takes."""

    event: StrEnum
    actor: User | None
    subject: list[Subject]
    public: dict[str, Any]
    private: dict[str, Any]
    agency: Agency | None = None


class _Row(NamedTuple):
    """The checked values of one entry and its private details, not yet stored."""

    event: str
    leaf: bytes
    leaf_hash: bytes
    agency_id: int | None
    actor_id: int | None
    salt: bytes
    details: str
    subjects: list[tuple[str, int]]


def audit_record(
    *,
    event: StrEnum,
    actor: User | None,
    subject: list[Subject],
    public: dict[str, Any],
    private: dict[str, Any],
    agency: Agency | None = None,
) -> AuditEntry:
    """Append a pending entry inside the caller's transaction.

    If the caller's transaction rolls back, the entry never existed. After the
    commit, a sequencer run is enqueued that integrates it into the tree; the
    periodic run picks up anything left behind (a crash after the commit).

    ``subject`` names what the event is about, as ``Subject(kind, id)`` of
    kinds the owning apps registered (``fairwitness.audit.subjects``).
    ``public`` holds only allow-listed, non-personal codes (see
    ``fairwitness.audit.entries.PUBLIC_FIELDS``); names, addresses, free text
    and reasons go in ``private``, which is stored apart and committed to by a
    salted SHA-256 in the public entry. ``agency`` defaults to the actor's.
    Raises AuditRecordError (and writes nothing) for a malformed event name,
    a personal-looking public field, a bad subject, or details that are not JSON.
    """
    record = AuditEventRecord(
        event=event, actor=actor, subject=subject, public=public, private=private, agency=agency
    )
    now = _now()
    row = _row_prepare(record, time=time_public(now))
    # No savepoint: if either row fails, the caller's whole change must fail with it.
    with transaction.atomic(savepoint=False):
        entry = AuditEntry.objects.create(
            event=row.event,
            recorded_at=now,
            leaf=row.leaf,
            leaf_hash=row.leaf_hash,
            agency_id=row.agency_id,
        )
        AuditPrivate.objects.create(entry=entry, actor=actor, salt=row.salt, details=row.details)
        AuditSubject.objects.bulk_create(
            AuditSubject(entry=entry, kind=kind, ref=ref) for kind, ref in row.subjects
        )
    _sequence_after_commit()
    return entry


def audit_record_many(*, records: Sequence[AuditEventRecord]) -> list[int]:
    """Append many pending entries at once, inside the caller's transaction; their ids.

    For callers that log many events together (retention sweeps, notices).
    Each record is checked exactly as ``audit_record`` checks it, and all are
    checked before anything is written: if one is refused, AuditRecordError
    names its position and nothing is written. Ids ascend in the order of
    ``records``, so the entries are integrated in that order. The rows are
    written with one multi-row INSERT per table (entries, their private
    details, their subject index). Rollback and integration behave as for
    ``audit_record``.
    """
    now = _now()
    time = time_public(now)
    rows: list[_Row] = []
    for position, record in enumerate(records):
        try:
            rows.append(_row_prepare(record, time=time))
        except AuditRecordError as exc:
            raise AuditRecordError(f"record {position}: {exc}") from exc
    if not rows:
        return []
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            ids = _rows_insert_unnest(rows, recorded_at=now)
        else:
            entries = AuditEntry.objects.bulk_create(
                [
                    AuditEntry(
                        event=r.event,
                        recorded_at=now,
                        leaf=r.leaf,
                        leaf_hash=r.leaf_hash,
                        agency_id=r.agency_id,
                    )
                    for r in rows
                ],
                batch_size=_BULK_ROWS,
            )
            ids = [entry.pk for entry in entries]
            AuditPrivate.objects.bulk_create(
                [
                    AuditPrivate(entry_id=i, actor_id=r.actor_id, salt=r.salt, details=r.details)
                    for i, r in zip(ids, rows, strict=True)
                ],
                batch_size=_BULK_ROWS,
            )
            AuditSubject.objects.bulk_create(
                [
                    AuditSubject(entry_id=i, kind=kind, ref=ref)
                    for i, r in zip(ids, rows, strict=True)
                    for kind, ref in r.subjects
                ],
                batch_size=_BULK_ROWS,
            )
    _sequence_after_commit()
    return ids


# Rows per INSERT statement where bulk_create is used: far below SQLite's
# bound-parameter limit.
_BULK_ROWS = 2000


def _rows_insert_unnest(rows: list[_Row], *, recorded_at: datetime) -> list[int]:
    """All three tables' rows, one INSERT each, with every column passed as one array.

    Django's bulk_create cannot use UNNEST for binary columns, and a statement
    with a placeholder per value costs more to build and parse than the rows
    cost to store. Ids are matched back by leaf hash (unique: each leaf holds
    the commitment under a fresh random salt), so no RETURNING order is
    assumed; ``ORDER BY n`` makes the ids ascend in the order of ``rows``.
    """
    entry_table = connection.ops.quote_name(AuditEntry._meta.db_table)
    private_table = connection.ops.quote_name(AuditPrivate._meta.db_table)
    subject_table = connection.ops.quote_name(AuditSubject._meta.db_table)
    # Only quoted table names are interpolated; every value is a parameter.
    entry_sql = (
        f"INSERT INTO {entry_table} (event, recorded_at, leaf, leaf_hash, agency_id) "  # noqa: S608
        "SELECT e, %b::timestamptz, l, h, a FROM unnest(%b::varchar[], %b::bytea[], "
        "%b::bytea[], %b::bigint[]) WITH ORDINALITY AS t(e, l, h, a, n) ORDER BY n "
        "RETURNING id, leaf_hash"
    )
    private_sql = (
        f"INSERT INTO {private_table} (entry_id, actor_id, salt, details) "  # noqa: S608
        "SELECT * FROM unnest(%b::bigint[], %b::bigint[], %b::bytea[], %b::text[])"
    )
    subject_sql = (
        f"INSERT INTO {subject_table} (entry_id, kind, ref) "  # noqa: S608
        "SELECT * FROM unnest(%b::bigint[], %b::varchar[], %b::bigint[])"
    )
    connection.ensure_connection()
    # A server-side-binding cursor on the same connection (so the same
    # transaction): each array goes out as one binary parameter.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            entry_sql,
            [
                recorded_at,
                [r.event for r in rows],
                [r.leaf for r in rows],
                [r.leaf_hash for r in rows],
                [r.agency_id for r in rows],
            ],
            binary=True,
        )
        by_hash = {bytes(hash_): id_ for id_, hash_ in cursor.fetchall()}
        if len(by_hash) != len(rows):
            raise RuntimeError("the new audit entries could not be matched to their ids")
        ids = [by_hash[r.leaf_hash] for r in rows]
        cursor.execute(
            private_sql,
            [
                ids,
                [r.actor_id for r in rows],
                [r.salt for r in rows],
                [r.details for r in rows],
            ],
        )
        subjects = [
            (i, kind, ref) for i, r in zip(ids, rows, strict=True) for kind, ref in r.subjects
        ]
        if subjects:
            cursor.execute(
                subject_sql,
                [[s[0] for s in subjects], [s[1] for s in subjects], [s[2] for s in subjects]],
            )
    return ids


def _now() -> datetime:
    return timezone.now().replace(microsecond=0)


def _actor_parts(actor: User | None) -> tuple[dict[str, str] | None, dict[str, Any] | None]:
    """The public actor of a version 2 entry, and what the private details say of the actor.

    A resident gets a tag under a fresh nonce (kept privately), so no value
    repeats across their entries; an official gets a pseudonym stable within
    their role and agency. The private side names the person for auditors.
    """
    if actor is None:
        return None, None
    role = str(actor.role)
    private: dict[str, Any] = {"id": actor.pk, "username": actor.username, "role": role}
    if role == RESIDENT_ROLE:
        nonce = secrets.token_bytes(32)
        private["nonce"] = nonce.hex()
        return {"role": role, "tag": resident_tag(nonce=nonce, user_id=actor.pk)}, private
    pseudonym = official_pseudonym(
        secret=settings.AUDIT_PSEUDONYM_SECRET,
        role=role,
        agency_id=actor.agency_id,
        user_id=actor.pk,
    )
    return {"role": role, "pseudonym": pseudonym}, private


def _row_prepare(record: AuditEventRecord, *, time: str) -> _Row:
    """The checked row of one record; AuditRecordError (nothing written) if it is bad."""
    event, actor = record.event, record.actor
    if not isinstance(event, StrEnum) or not EVENT_NAME.match(event.value):
        raise AuditRecordError(
            f"event {event!r} must be a StrEnum member spelled scope:resource:action"
        )
    agency_id = _agency_id(agency=record.agency, actor=actor, public=record.public)
    public_actor, private_actor = _actor_parts(actor)
    try:
        checked_public = public_fields_check(record.public)
        subjects_body(record.subject)  # every subject is checked, public or not
        public_subject = subjects_public_body(
            record.subject,
            by_resident=actor is not None and str(actor.role) == RESIDENT_ROLE,
        )
        details = canonical_json({"actor": private_actor, "details": record.private})
    except (EntryFieldError, SubjectError) as exc:
        raise AuditRecordError(str(exc)) from exc
    except (TypeError, ValueError) as exc:
        raise AuditRecordError(f"private details must be plain JSON values: {exc}") from exc
    salt = secrets.token_bytes(32)
    try:
        leaf = entry_build(
            event=event.value,
            time=time,
            actor=public_actor,
            agency=agency_id,
            subject=public_subject,
            commitment_hex=commitment(salt=salt, details=details),
            public=checked_public,
        )
    except EntryFieldError as exc:
        raise AuditRecordError(str(exc)) from exc
    return _Row(
        event=event.value,
        leaf=leaf,
        leaf_hash=leaf_hash(leaf),
        agency_id=agency_id,
        actor_id=None if actor is None else actor.pk,
        salt=salt,
        details=details.decode("utf-8"),
        subjects=subject_refs(record.subject),
    )


def _sequence_after_commit() -> None:
    """One sequencer run per committed transaction, however many entries it recorded."""
    pending_callbacks = transaction.get_connection().run_on_commit
    if not any(callback is _sequence_soon for _, callback, _ in pending_callbacks):
        transaction.on_commit(_sequence_soon, robust=True)


def _agency_id(*, agency: Agency | None, actor: User | None, public: dict[str, Any]) -> int | None:
    """The agency: the argument, else an ``agency`` id in ``public``, else the actor's."""
    given = public.get("agency")
    if given is not None and (isinstance(given, bool) or not isinstance(given, int)):
        raise AuditRecordError("public field 'agency' must be an agency id (an integer)")
    if agency is not None:
        if given is not None and given != agency.pk:
            raise AuditRecordError("the agency argument and public['agency'] disagree")
        return agency.pk
    if given is not None:
        return given
    return actor.agency_id if actor is not None else None


def _sequence_soon() -> None:
    from fairwitness.audit.tasks import audit_sequence

    audit_sequence.delay()


def details_viewed_record(*, viewer: User, entry_ids: list[int]) -> None:
    """Log that an auditor read private details; the search text itself stays out."""
    from fairwitness.audit.events import AuditEvent

    with transaction.atomic():
        audit_record(
            event=AuditEvent.DETAILS_VIEWED,
            actor=viewer,
            subject=[Subject("entries", pk) for pk in entry_ids[:50]],
            public={"count": len(entry_ids)},
            private={},
        )
