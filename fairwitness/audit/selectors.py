"""Reads of the audit log: what is served publicly, and proofs over it.

Everything public is bounded by the latest stored checkpoint: a tile or entry
beyond its size is not served, so readers only see signed state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.describe import PER_OWNER_EVENTS, event_words, owner_details
from fairwitness.audit.entries import ENTRY_VERSION
from fairwitness.audit.models import AuditEntry, AuditSubject, Checkpoint, Cosignature
from fairwitness.audit.sequencer import stored_tile_read, stored_tiles_read
from fairwitness.audit.subjects import subject_owner_queries
from fairwitness.audit.tlog.bundles import bundle_encode
from fairwitness.audit.tlog.errors import MissingHashError
from fairwitness.audit.tlog.merkle import consistency_proof, inclusion_proof
from fairwitness.audit.tlog.proof import TlogProof
from fairwitness.audit.tlog.tiles import (
    ENTRIES_LEVEL,
    TILE_WIDTH,
    Tile,
    TileHashReader,
    level_count,
)
from fairwitness.core.errors import ApplicationError, NotFound, PermissionDenied


def checkpoint_latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def checkpoint_served_note(checkpoint: Checkpoint) -> str:
    """The signed note with every stored witness cosignature line appended."""
    lines = Cosignature.objects.filter(checkpoint=checkpoint).order_by("witness")
    return checkpoint.note + "".join(c.line for c in lines)


def published_size() -> int:
    latest = checkpoint_latest()
    return latest.size if latest else 0


def tile_served(tile: Tile) -> bytes | None:
    """A hash tile or entry bundle if it lies within the published tree, else None."""
    size = published_size()
    if (tile.index * TILE_WIDTH) + tile.width > level_count(size, tile.level):
        return None
    if tile.level == ENTRIES_LEVEL:
        return _bundle_read(tile)
    try:
        return stored_tile_read(tile)
    except MissingHashError:
        return None


def _bundle_read(tile: Tile) -> bytes | None:
    # Bundles are built from the entry rows themselves, so the served entries
    # are exactly what the database holds.
    leaves = list(
        AuditEntry.objects.filter(index__gte=tile.start, index__lt=tile.start + tile.width)
        .order_by("index")
        .values_list("leaf", flat=True)
    )
    if len(leaves) != tile.width:
        return None
    return bundle_encode([bytes(leaf) for leaf in leaves])


@dataclass(frozen=True)
class InclusionProof:
    index: int
    leaf_hash: bytes
    path: list[bytes]
    checkpoint: Checkpoint


@dataclass(frozen=True)
class ConsistencyProof:
    old_size: int
    path: list[bytes]
    checkpoint: Checkpoint


def _checkpoint_at(size: int | None) -> Checkpoint:
    checkpoint = (
        checkpoint_latest() if size is None else Checkpoint.objects.filter(size=size).first()
    )
    if checkpoint is None:
        raise NotFound(
            "No signed checkpoint has that tree size. Ask without a size for the latest one."
        )
    return checkpoint


def inclusion_proof_read(
    *, index: int | None = None, leaf_hash: bytes | None = None, size: int | None = None
) -> InclusionProof:
    """Inclusion of one entry (by index or by leaf hash) in the tree at ``size`` (or latest)."""
    checkpoint = _checkpoint_at(size)
    if (index is None) == (leaf_hash is None):
        raise ApplicationError("Give exactly one of index or leaf_hash.")
    query = AuditEntry.objects.filter(index__isnull=False)
    query = query.filter(index=index) if index is not None else query.filter(leaf_hash=leaf_hash)
    row = query.order_by("index").values_list("index", "leaf_hash").first()
    if row is None or row[0] is None or row[0] >= checkpoint.size:
        raise NotFound(f"No entry like that is in the log at tree size {checkpoint.size}.")
    found_index, found_hash = row[0], bytes(row[1])
    reader = TileHashReader(checkpoint.size, stored_tile_read, stored_tiles_read)
    path = inclusion_proof(found_index, checkpoint.size, reader)
    return InclusionProof(found_index, found_hash, path, checkpoint)


def consistency_proof_read(*, old_size: int, size: int | None = None) -> ConsistencyProof:
    """Proof that the tree at ``size`` (or latest) extends the tree at ``old_size``."""
    checkpoint = _checkpoint_at(size)
    if not 0 < old_size <= checkpoint.size:
        raise ApplicationError(f"old_size must be between 1 and the tree size {checkpoint.size}.")
    reader = TileHashReader(checkpoint.size, stored_tile_read, stored_tiles_read)
    return ConsistencyProof(
        old_size, consistency_proof(old_size, checkpoint.size, reader), checkpoint
    )


def tlog_proof_text(proof: InclusionProof) -> str:
    """The C2SP tlog-proof for an inclusion proof, with the served (cosigned) checkpoint."""
    note = checkpoint_served_note(proof.checkpoint)
    return TlogProof(proof.index, tuple(proof.path), note).format()


@dataclass(frozen=True)
class EntryWithDetails:
    entry: AuditEntry
    details: str
    commitment_ok: bool


def entry_commitment_matches(entry: AuditEntry) -> bool:
    """Does the stored private detail still hash to the commitment in the public entry?"""
    import json

    from fairwitness.audit.entries import commitment

    private = getattr(entry, "private", None)
    if private is None:
        return False
    expected = json.loads(bytes(entry.leaf)).get("commitment")
    return bool(commitment(salt=bytes(private.salt), details=private.details.encode()) == expected)


def entry_search_for_auditor(
    *, viewer: User, query: str = "", limit: int = 50
) -> list[EntryWithDetails]:
    """Newest entries matching ``query`` in their event name or private details.

    Oversight auditors only: raises PermissionDenied for anyone else.
    """
    if viewer.role != Role.OVERSIGHT_AUDITOR:
        raise PermissionDenied("Only oversight auditors may read private audit details.")
    rows = AuditEntry.objects.select_related("private").order_by("-id")
    query = query.strip()
    if query:
        rows = rows.filter(Q(event__icontains=query) | Q(private__details__icontains=query))
    return [
        EntryWithDetails(e, e.private.details, entry_commitment_matches(e)) for e in rows[:limit]
    ]


def witness_status_list() -> list[dict[str, object]]:
    """Each configured witness with its last cosigned size and last error."""
    from fairwitness.audit.keys import witnesses_configured
    from fairwitness.audit.models import WitnessStatus

    stored = {s.name: s for s in WitnessStatus.objects.all()}
    return [
        {"name": w.name, "url": w.url, "vkey": w.vkey, "status": stored.get(w.name)}
        for w in witnesses_configured()
    ]


def entries_about_owner(*, viewer: User) -> QuerySet[AuditEntry]:
    """The log entries about the viewer's own footage, newest first. Residents only.

    An entry is about it when its subject names the viewer as an owner, or an
    id of a kind whose owning app says the viewer may see it (the ``owner_refs``
    each app registers in ``fairwitness.audit.subjects``: their cameras and
    clips, grants on their clips, requests that reached their cameras, under
    that app's own rules of when owners may know). Answers to a shared
    community request show only to the owner who gave them.

    Each kind is one lookup in the ``(kind, ref)`` subject index, so the cost
    follows the viewer's own rows, not the size of the log.
    """
    if viewer.role_enum is not Role.RESIDENT:
        raise NotFound("Nothing is here, or you may not see it.")
    # A UNION of one index probe per kind: an OR of the kinds would make the
    # database scan the whole subject index instead.
    hits = AuditSubject.objects.filter(kind="owner", ref=viewer.pk).values("entry_id")
    hits = hits.union(
        *(
            AuditSubject.objects.filter(kind=kind, ref__in=ids).values("entry_id")
            for kind, ids in subject_owner_queries(viewer=viewer).items()
        )
    )
    return (
        AuditEntry.objects.filter(pk__in=hits)
        .filter(~Q(event__in=PER_OWNER_EVENTS) | Q(private__actor=viewer))
        .order_by("-id")
    )


@dataclass(frozen=True)
class OwnerEntry:
    """One entry as its owner reads it: plain words, and only the details that concern them.

    ``provable`` entries (version 2, by the viewer) offer the viewer a proof that
    they are theirs (``ownership.entry_ownership_proof``).
    """

    entry_id: int
    provable: bool
    index: int | None
    published: bool
    recorded_at: datetime
    event: str
    words: str
    agency: str | None
    by_you: bool
    details: list[tuple[str, str]]
    leaf: str


OWNER_PAGE_SIZE = 25


def _entry_version(leaf: bytes) -> int | None:
    try:
        body = json.loads(leaf)
    except ValueError:
        return None
    version = body.get("v") if isinstance(body, dict) else None
    return version if isinstance(version, int) else None


def entry_page_for_owner(
    *, viewer: User, page: str | int | None = 1
) -> tuple[Page[AuditEntry], list[OwnerEntry]]:
    """One page of ``entries_about_owner``; any bad page number gives the nearest page."""
    rows = entries_about_owner(viewer=viewer).select_related("private", "agency")
    found = Paginator(rows, OWNER_PAGE_SIZE).get_page(page)
    size = published_size()
    out = []
    for entry in found.object_list:
        private = getattr(entry, "private", None)
        by_you = private is not None and private.actor_id == viewer.pk
        try:
            stored = json.loads(private.details) if private else None
        except ValueError:
            stored = None
        details = stored.get("details") if isinstance(stored, dict) else None
        agency = entry.agency.name if entry.agency else None
        out.append(
            OwnerEntry(
                entry_id=entry.pk,
                provable=by_you and _entry_version(bytes(entry.leaf)) == ENTRY_VERSION,
                index=entry.index,
                published=entry.index is not None and entry.index < size,
                recorded_at=entry.recorded_at,
                event=entry.event,
                words=event_words(entry.event, agency=agency, by_you=by_you),
                agency=agency,
                by_you=by_you,
                details=owner_details(details),
                leaf=bytes(entry.leaf).decode("utf-8", "replace"),
            )
        )
    return found, out
