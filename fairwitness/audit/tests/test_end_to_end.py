"""The verifier and a witness against the running server over loopback HTTP.

Each tampering test starts from a verifier that already accepted an honest
checkpoint (kept in its state folder), lets the log grow honestly, then
changes the database behind the server and shows the verifier fails.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from fairwitness.audit.keys import log_origin, log_signer, log_vkey
from fairwitness.audit.models import (
    AuditEntry,
    Checkpoint,
    Cosignature,
    LogHead,
    Tile,
    WitnessStatus,
)
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.tests.factories import entry_record
from fairwitness.audit.tlog.cosignature import CosignatureSigner
from fairwitness.audit.tlog.keys import signer_generate, vkey_format
from fairwitness.audit.tlog.note import Ed25519NoteVerifier
from fairwitness.audit.verifier.__main__ import main as verify_main
from fairwitness.audit.witness.protocol import WitnessConfig
from fairwitness.audit.witness.server import WitnessServer
from fairwitness.audit.witness.store import WitnessStore
from fairwitness.audit.witnessing import checkpoint_is_final, witnesses_push

pytestmark = pytest.mark.django_db(transaction=True)


def grow(count: int, start: int) -> None:
    """Record ``count`` entries in one committed transaction; the commit integrates them."""
    with transaction.atomic():
        for n in range(start, start + count):
            entry_record(n=n)


@dataclass
class Served:
    url: str
    state: Path

    def verify(self, *extra: str) -> int:
        args = ["--log", self.url, "--key", log_vkey(), "--state", str(self.state), *extra]
        return verify_main(args)


@pytest.fixture
def served(live_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Served:
    """A 600-entry log whose size-600 checkpoint the verifier has already accepted."""
    grow(600, 0)
    result = Served(f"{live_server.url}/log", tmp_path / "verifier-state")
    assert result.verify("--full") == 0
    assert "size 600" in capsys.readouterr().out
    grow(100, 600)
    return result


def _fails(served: Served, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert served.verify("--full", *extra) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("FAIL "), err
    return err


def test_honest_growth_verifies_and_proves_an_entry(
    served: Served, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proof_file = tmp_path / "entry.tlog-proof"
    code = served.verify("--full", "--prove-index", "650", "--proof-out", str(proof_file))
    out = capsys.readouterr().out
    assert code == 0, out
    assert "size 700" in out and "consistent with 600" in out
    assert proof_file.read_text().startswith("c2sp.org/tlog-proof@v1\nindex 650\n")


def test_changed_entry_row_is_caught(served: Served, capsys: pytest.CaptureFixture[str]) -> None:
    entry = AuditEntry.objects.get(index=5)
    AuditEntry.objects.filter(pk=entry.pk).update(
        leaf=bytes(entry.leaf).replace(b"allowed", b"denied!")
    )
    assert "root mismatch" in _fails(served, capsys)


def test_deleted_entry_row_is_caught(served: Served, capsys: pytest.CaptureFixture[str]) -> None:
    AuditEntry.objects.filter(index=300).delete()
    assert "missing" in _fails(served, capsys)


def test_reordered_entry_rows_are_caught(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = AuditEntry.objects.get(index=10), AuditEntry.objects.get(index=11)
    AuditEntry.objects.filter(pk=first.pk).update(index=-1)
    AuditEntry.objects.filter(pk=second.pk).update(index=10)
    AuditEntry.objects.filter(pk=first.pk).update(index=11)
    assert "root mismatch" in _fails(served, capsys)


def test_inserted_entry_row_is_caught(served: Served, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(699, 19, -1):
        AuditEntry.objects.filter(index=index).update(index=index + 1)
    forged = AuditEntry.objects.get(index=21)
    AuditEntry.objects.create(
        index=20,
        event=forged.event,
        recorded_at=forged.recorded_at,
        leaf=b'{"forged":1}',
        leaf_hash=b"\0" * 32,
    )
    assert "root mismatch" in _fails(served, capsys)


@pytest.mark.parametrize(("level", "index"), [(0, 0), (0, 2), (1, 0)])
def test_changed_stored_hash_is_caught(
    served: Served, capsys: pytest.CaptureFixture[str], level: int, index: int
) -> None:
    tile = Tile.objects.get(level=level, index=index)
    data = bytearray(bytes(tile.data))
    data[40] ^= 0x01
    Tile.objects.filter(pk=tile.pk).update(data=bytes(data))
    _fails(served, capsys)


def test_deleted_stored_tile_is_caught(served: Served, capsys: pytest.CaptureFixture[str]) -> None:
    Tile.objects.filter(level=0, index=1).delete()
    assert "missing" in _fails(served, capsys)


def _rewrite_history() -> None:
    """The operator rewrites entry 5 and re-signs a whole new tree with the log key."""
    entry = AuditEntry.objects.get(index=5)
    AuditEntry.objects.filter(pk=entry.pk).update(
        leaf=bytes(entry.leaf).replace(b"allowed", b"denied!")
    )
    AuditEntry.objects.update(index=None)
    Tile.objects.all().delete()
    Checkpoint.objects.all().delete()
    LogHead.objects.update(size=0)
    assert log_sequence() == 700


def test_forked_log_is_caught_by_the_verifier(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    _rewrite_history()
    err = _fails(served, capsys)
    assert "inconsistent with the earlier checkpoint" in err


@dataclass
class RunningWitness:
    signer: CosignatureSigner
    url: str


@pytest.fixture
def witness(tmp_path: Path, settings: Any) -> Iterator[RunningWitness]:
    signer = signer_generate("oversight.test/w1", cosigner=True)
    assert isinstance(signer, CosignatureSigner)
    log_key = Ed25519NoteVerifier(log_signer().name, log_signer().public_key)
    config = WitnessConfig(signers=[signer], logs={log_origin(): [log_key]})
    server = WitnessServer(("127.0.0.1", 0), config, WitnessStore(tmp_path / "witness"))
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.AUDIT_WITNESSES = f"{signer.name}={url}={vkey_format(signer)}"
    settings.AUDIT_WITNESS_QUORUM = 1
    try:
        yield RunningWitness(signer, url)
    finally:
        server.shutdown()
        server.server_close()


def test_witness_cosigns_each_checkpoint_and_the_verifier_checks_it(
    served: Served, witness: RunningWitness, capsys: pytest.CaptureFixture[str]
) -> None:
    assert witnesses_push() == 1
    grow(20, 700)  # the new checkpoint is pushed after its commit: old 700 plus a proof
    assert witnesses_push() == 0
    latest = Checkpoint.objects.order_by("-size").first()
    assert latest is not None and latest.size == 720 and checkpoint_is_final(latest)
    code = served.verify("--witness", vkey_format(witness.signer), "--witness-threshold", "1")
    assert code == 0, capsys.readouterr().err
    assert WitnessStatus.objects.get(name=witness.signer.name).size == 720


def test_witness_refuses_a_forked_log_with_422(served: Served, witness: RunningWitness) -> None:
    assert witnesses_push() == 1
    _rewrite_history()
    grow(5, 700)
    assert witnesses_push() == 0
    status = WitnessStatus.objects.get(name=witness.signer.name)
    assert status.last_error.startswith("add-checkpoint refused: HTTP 422"), status.last_error
    latest = Checkpoint.objects.order_by("-size").first()
    assert latest is not None and not checkpoint_is_final(latest)
    assert not Cosignature.objects.filter(checkpoint=latest).exists()
