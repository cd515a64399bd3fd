"""End to end: the verifier command against a log served over loopback HTTP.

Each tampering test starts from a verifier that already accepted the honest
checkpoint (its state holds it), then changes what the server serves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fairwitness.audit.tests.conftest import ServedLog, log_entries
from fairwitness.audit.tlog.bundles import bundle_decode, bundle_encode
from fairwitness.audit.tlog.directory_log import DirectoryLog
from fairwitness.audit.tlog.keys import signer_generate, verifier_from_vkey, vkey_format
from fairwitness.audit.tlog.merkle import consistency_proof
from fairwitness.audit.tlog.proof import proof_parse
from fairwitness.audit.tlog.tiles import TileHashReader
from fairwitness.audit.verifier.__main__ import main as verify_main
from fairwitness.audit.witness.protocol import (
    WitnessConfig,
    add_checkpoint_request_format,
    witness_add_checkpoint,
)
from fairwitness.audit.witness.store import WitnessStore


def run(served: ServedLog, state: Path, *extra: str) -> int:
    return verify_main(["--log", served.url, "--key", served.vkey, "--state", str(state), *extra])


@pytest.fixture
def state(tmp_path: Path, served_log: ServedLog) -> Path:
    """Verifier state holding the honest size-600 checkpoint."""
    directory = tmp_path / "state"
    assert run(served_log, directory, "--full") == 0
    return directory


def _failure(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("FAIL ") and "\n" not in err, err
    return err


def test_honest_log_verifies_fully_and_proves_an_entry(
    served_log: ServedLog, state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served_log.log.append(log_entries(150, 600))
    served_log.publish()
    proof_file = tmp_path / "entry.tlog-proof"
    assert (
        run(served_log, state, "--full", "--prove-index", "612", "--proof-out", str(proof_file))
        == 0
    )
    out = capsys.readouterr().out
    assert "size 750" in out and "consistent with 600" in out and "entry 612 included" in out
    assert proof_parse(proof_file.read_text()).index == 612
    assert "\n750\n" in (state / "checkpoint").read_text()


def _rewrite_history(served: ServedLog, entries: list[bytes]) -> None:
    """The operator rebuilds the whole log from altered entries and re-signs it."""
    root = served.log.root
    for child in root.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    log = DirectoryLog(root, served.log.origin)
    log.append(entries)
    served.log = log
    served.publish()


HONEST = log_entries(610)


@pytest.mark.parametrize(
    "altered",
    [
        [*HONEST[:100], b'{"event":"changed"}', *HONEST[101:]],  # changed
        [*HONEST[:100], *HONEST[101:]],  # deleted
        [*HONEST[:100], HONEST[101], HONEST[100], *HONEST[102:]],  # reordered
        [*HONEST[:100], b'{"event":"inserted"}', *HONEST[100:]],  # inserted
    ],
    ids=["changed", "deleted", "reordered", "inserted"],
)
def test_rewritten_history_is_caught_as_inconsistent(
    served_log: ServedLog, state: Path, altered: list[bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    _rewrite_history(served_log, altered)
    # The rewritten log is self-consistent, so a newcomer could not tell...
    assert run(served_log, state.parent / "fresh", "--full") == 0
    capsys.readouterr()
    # ...but a verifier holding the earlier checkpoint refuses it and keeps its state.
    before = (state / "checkpoint").read_text()
    assert run(served_log, state) == 1
    assert "inconsistent with the earlier checkpoint" in _failure(capsys)
    assert (state / "checkpoint").read_text() == before


@pytest.mark.parametrize("how", ["changed", "deleted", "reordered", "inserted"])
def test_tampered_entry_bundle_is_caught_by_full_check(
    served_log: ServedLog, state: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = served_log.log.root / "tile" / "entries" / "001"
    entries = bundle_decode(path.read_bytes())
    if how == "changed":
        entries[7] = b'{"event":"forged"}'
    elif how == "deleted":
        del entries[7]
    elif how == "reordered":
        entries[7], entries[8] = entries[8], entries[7]
    else:
        entries.insert(7, b'{"event":"inserted"}')
    path.write_bytes(bundle_encode(entries))
    assert run(served_log, state, "--full") == 1
    assert _failure(capsys).startswith(("FAIL root mismatch", "FAIL malformed response"))


def test_tampered_hash_tile_is_caught(
    served_log: ServedLog, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = served_log.log.root / "tile" / "1" / "000.p" / "2"
    data = bytearray(path.read_bytes())
    data[5] ^= 1
    path.write_bytes(bytes(data))
    assert run(served_log, state) == 1
    assert "root mismatch" in _failure(capsys)


def test_tampered_level0_tile_is_caught_by_full_check(
    served_log: ServedLog, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = served_log.log.root / "tile" / "0" / "001"
    data = bytearray(path.read_bytes())
    data[0] ^= 1
    path.write_bytes(bytes(data))
    # Level-0 tile 1 is summarised by level-1 hashes, so only --full or a proof reads it.
    assert run(served_log, state, "--full") == 1
    assert "root mismatch" in _failure(capsys)
    assert run(served_log, state, "--prove-index", "300") == 1
    assert "inclusion proof for leaf 300" in _failure(capsys)


def test_missing_tile_bad_signature_and_network_errors(
    served_log: ServedLog, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (served_log.log.root / "tile" / "entries" / "000").unlink()
    assert run(served_log, state, "--full") == 1
    assert "missing tile" in _failure(capsys)
    other = vkey_format(signer_generate(served_log.log.origin))
    assert verify_main(["--log", served_log.url, "--key", other, "--state", str(state)]) == 1
    assert "bad signature" in _failure(capsys)
    assert (
        verify_main(
            ["--log", "http://127.0.0.1:9", "--key", served_log.vkey, "--state", str(state)]
        )
        == 1
    )
    assert "network error" in _failure(capsys)


def test_rollback_to_smaller_size_is_caught(
    served_log: ServedLog, state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _rewrite_history(served_log, HONEST[:500])
    assert run(served_log, state) == 1
    assert "rolled back" in _failure(capsys)


def test_witness_quorum_is_enforced(
    served_log: ServedLog, state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w1 = signer_generate("witness.test/w1", cosigner=True)
    w2 = signer_generate("witness.test/w2", cosigner=True)
    log = served_log.log
    config = WitnessConfig([w1], {log.origin: [verifier_from_vkey(served_log.vkey)]})  # type: ignore[list-item]
    note = (log.root / "checkpoint").read_text()
    body = add_checkpoint_request_format(0, [], note)
    response = witness_add_checkpoint(body=body, config=config, store=WitnessStore(tmp_path / "w"))
    assert response.status == 200
    (log.root / "checkpoint").write_text(note + response.body)
    witnesses = ["--witness", vkey_format(w1), "--witness", vkey_format(w2)]
    assert run(served_log, state, *witnesses, "--witness-threshold", "1") == 0
    capsys.readouterr()
    assert run(served_log, state, *witnesses) == 1
    assert "1 of the required 2" in _failure(capsys)


def test_fork_is_caught_by_verifier_and_refused_by_witness(
    served_log: ServedLog, state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a witness and a verifier that both saw size 600 WHEN the log forks THEN both refuse."""
    log = served_log.log
    w1 = signer_generate("witness.test/w1", cosigner=True)
    config = WitnessConfig([w1], {log.origin: [verifier_from_vkey(served_log.vkey)]})  # type: ignore[list-item]
    store = WitnessStore(tmp_path / "w")
    body = add_checkpoint_request_format(0, [], (log.root / "checkpoint").read_text())
    assert witness_add_checkpoint(body=body, config=config, store=store).status == 200
    _rewrite_history(served_log, [*HONEST[:42], b'{"event":"forked"}', *HONEST[43:]])
    fork = served_log.log
    proof = consistency_proof(600, fork.size, TileHashReader(fork.size, fork.read))
    fork_body = add_checkpoint_request_format(600, proof, (fork.root / "checkpoint").read_text())
    assert witness_add_checkpoint(body=fork_body, config=config, store=store).status == 422
    assert run(served_log, state) == 1
    assert "inconsistent with the earlier checkpoint" in _failure(capsys)
