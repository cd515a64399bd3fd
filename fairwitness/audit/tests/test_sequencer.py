"""The sequencer: gap-free indexes, tiles, signed checkpoints, crash recovery."""

from __future__ import annotations

import pytest
from django.db import transaction

from fairwitness.audit.keys import log_origin, log_signer
from fairwitness.audit.models import AuditEntry, Checkpoint, Tile
from fairwitness.audit.sequencer import SequencerRefused, log_sequence
from fairwitness.audit.tests.factories import entry_record
from fairwitness.audit.tlog.checkpoint import checkpoint_open
from fairwitness.audit.tlog.merkle import leaf_hash, root_from_leaf_hashes
from fairwitness.audit.tlog.note import Ed25519NoteVerifier

pytestmark = pytest.mark.django_db


def _verifier() -> Ed25519NoteVerifier:
    signer = log_signer()
    return Ed25519NoteVerifier(signer.name, signer.public_key)


def test_batches_get_gap_free_indexes_and_a_signed_checkpoint_per_batch() -> None:
    for n in range(700):
        entry_record(n=n)
    assert log_sequence(batch=300) == 700
    indexes = list(AuditEntry.objects.order_by("id").values_list("index", flat=True))
    assert indexes == list(range(700))
    assert list(Checkpoint.objects.order_by("size").values_list("size", flat=True)) == [
        300,
        600,
        700,
    ]
    latest = Checkpoint.objects.order_by("-size").first()
    assert latest is not None
    signed = checkpoint_open(latest.note, [_verifier()], origin=log_origin())
    leaves = [
        bytes(leaf) for leaf in AuditEntry.objects.order_by("index").values_list("leaf", flat=True)
    ]
    assert signed.checkpoint.root_hash == root_from_leaf_hashes([leaf_hash(x) for x in leaves])
    assert Tile.objects.filter(level=0).count() == 3
    assert Tile.objects.filter(level=1).count() == 1


def test_empty_log_gets_a_signed_empty_checkpoint_once() -> None:
    assert log_sequence() == 0
    assert log_sequence() == 0
    assert list(Checkpoint.objects.values_list("size", flat=True)) == [0]


@pytest.mark.django_db(transaction=True)
def test_entries_committed_without_a_sequencer_run_are_integrated_by_the_next_run() -> None:
    """GIVEN entries committed but never integrated (the process died after the commit)
    WHEN a sequencer runs later THEN every one of them is integrated, in order."""
    with transaction.atomic():
        ids = [entry_record(n=n).pk for n in range(5)]
    # Simulate the crash: the on-commit run never happened for these rows.
    AuditEntry.objects.filter(pk__in=ids).update(index=None)
    from fairwitness.audit.models import LogHead

    LogHead.objects.filter(pk=1).update(size=0)
    Tile.objects.all().delete()
    Checkpoint.objects.all().delete()
    assert AuditEntry.objects.filter(index__isnull=True).count() == 5
    assert log_sequence() == 5
    indexes = AuditEntry.objects.order_by("index").values_list("index", flat=True)
    assert list(indexes) == [0, 1, 2, 3, 4]


@pytest.mark.django_db(transaction=True)
def test_commit_of_a_recording_transaction_runs_the_sequencer() -> None:
    with transaction.atomic():
        entry_record(n=1)
        entry_record(n=2)
    assert list(AuditEntry.objects.order_by("index").values_list("index", flat=True)) == [0, 1]
    assert Checkpoint.objects.filter(size=2).exists()


def test_sequencer_refuses_to_sign_a_tree_that_forks_from_its_last_checkpoint() -> None:
    for n in range(10):
        entry_record(n=n)
    log_sequence()
    tile = Tile.objects.get(level=0, index=0)
    data = bytearray(bytes(tile.data))
    data[0] ^= 1
    tile.data = bytes(data)
    tile.save()
    entry_record(n=11)
    with pytest.raises(SequencerRefused):
        log_sequence()
    assert not Checkpoint.objects.filter(size=11).exists()
    assert AuditEntry.objects.filter(index__isnull=True).count() == 1


def test_audit_sequence_command_integrates_and_prints_the_size() -> None:
    from io import StringIO

    from django.core.management import call_command

    for n in range(3):
        entry_record(n=n)
    out = StringIO()
    call_command("audit_sequence", "--show-key", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "integrated 3 entries; tree size 3"
    assert lines[1].startswith(log_origin() + "+")
