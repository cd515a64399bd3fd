"""Tables of the public audit log.

An ``AuditEntry`` is appended by ``audit_record`` inside the caller's
transaction with ``index = NULL`` (pending). The sequencer assigns gap-free
indexes ``0, 1, 2, ...`` in the order it integrates entries, writes the hash
tiles and signs a ``Checkpoint``, all in one transaction. Entries are never
updated after integration and never deleted.

The public leaf is ``AuditEntry.leaf`` (canonical JSON); the private details
behind its commitment live in ``AuditPrivate``, which oversight auditors read
in full and owners read in part, for the entries about their own footage
(found through ``AuditSubject``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from fairwitness.core.models import BaseModel


class AuditEntry(models.Model):
    index = models.BigIntegerField(null=True, blank=True, unique=True)
    event = models.CharField(max_length=96, db_index=True)
    recorded_at = models.DateTimeField()
    leaf = models.BinaryField(help_text="Canonical JSON of the public fields: the log entry.")
    leaf_hash = models.BinaryField(max_length=32, db_index=True, help_text="SHA-256(0x00 || leaf)")
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["id"], condition=Q(index__isnull=True), name="audit_entry_pending")
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.index if self.index is not None else 'pending'}"


class AuditPrivate(models.Model):
    """Details committed to by an entry: ``SHA-256(salt || details)`` is in its leaf."""

    entry = models.OneToOneField(
        AuditEntry, primary_key=True, on_delete=models.CASCADE, related_name="private"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    salt = models.BinaryField()
    details = models.TextField(help_text="Canonical JSON; the commitment covers these bytes.")

    def __str__(self) -> str:
        return f"private details of entry {self.entry_id}"


class AuditSubject(models.Model):
    """One row an entry names in its subject, e.g. ``("clip", 7)``: an index, not the log.

    Written with the entry by ``audit_record`` from the same checked subject, so
    it says nothing the public leaf does not. It lets a reader find the entries
    about given rows (an owner's cameras, clips and grants) without parsing every
    leaf. Only integer ids are indexed; code ids name no row.
    """

    # The key is the lookup index itself: one index to maintain per row, not two.
    pk = models.CompositePrimaryKey("kind", "ref", "entry")
    # No database constraint: rows are written with their entry, in its
    # transaction, and entries are never deleted; a per-row FK check at commit
    # would cost the log's append path more than the index does.
    entry = models.ForeignKey(
        AuditEntry,
        on_delete=models.DO_NOTHING,
        related_name="subjects",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(max_length=40)
    ref = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref} in entry {self.entry_id}"


class LogHead(models.Model):
    """The one row the sequencer locks; ``size`` is the integrated tree size."""

    size = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"log head at size {self.size}"


class Tile(models.Model):
    """A C2SP hash tile at its newest width; narrower widths are served as its prefix."""

    level = models.SmallIntegerField()
    index = models.BigIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="audit_tile_unique")]

    def __str__(self) -> str:
        return f"tile {self.level}/{self.index}"


class Checkpoint(BaseModel):
    """A signed tree head, stored before it is served. Sizes only grow."""

    size = models.BigIntegerField(unique=True)
    root_hash = models.BinaryField()
    note = models.TextField(help_text="The signed note, log signature only.")

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"checkpoint {self.size}"


class Cosignature(BaseModel):
    """A witness's tlog-cosignature line on a checkpoint."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="cosignatures"
    )
    witness = models.CharField(max_length=200)
    line = models.TextField(help_text="The signature line, ending in a newline.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness"], name="audit_cosignature_unique"
            )
        ]


class WitnessStatus(BaseModel):
    """What the log knows about one configured witness."""

    name = models.CharField(max_length=200, unique=True)
    size = models.BigIntegerField(default=0, help_text="Tree size the witness last cosigned.")
    last_error = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
