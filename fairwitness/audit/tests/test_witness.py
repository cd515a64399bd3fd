"""tlog-witness add-checkpoint: every status code the spec names, persistence, HTTP."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import httpx
import pytest

from fairwitness.audit.tlog.checkpoint import Checkpoint
from fairwitness.audit.tlog.cosignature import CosignatureSigner
from fairwitness.audit.tlog.directory_log import DirectoryLog
from fairwitness.audit.tlog.keys import signer_generate, verifier_from_vkey, vkey_format
from fairwitness.audit.tlog.merkle import EMPTY_ROOT, consistency_proof
from fairwitness.audit.tlog.note import Ed25519NoteSigner, note_open, note_sign
from fairwitness.audit.tlog.tiles import TileHashReader
from fairwitness.audit.witness.__main__ import main as witness_main
from fairwitness.audit.witness.protocol import (
    WitnessConfig,
    WitnessResponse,
    add_checkpoint_request_format,
    witness_add_checkpoint,
)
from fairwitness.audit.witness.server import WitnessServer
from fairwitness.audit.witness.store import WitnessStore, origin_hash

ORIGIN = "log.test/witnessed"


class Harness:
    def __init__(self, tmp: Path) -> None:
        log_signer = signer_generate(ORIGIN)
        witness = signer_generate("witness.test/w1", cosigner=True)
        assert isinstance(log_signer, Ed25519NoteSigner)
        assert isinstance(witness, CosignatureSigner)
        self.log_signer, self.witness = log_signer, witness
        self.log = DirectoryLog(tmp / "log", ORIGIN)
        self.fork = DirectoryLog(tmp / "fork", ORIGIN)
        self.config = WitnessConfig(
            [witness], {ORIGIN: [verifier_from_vkey(vkey_format(log_signer))]}, clock=lambda: 1e9
        )
        self.store = WitnessStore(tmp / "witness")

    def grow(self, log: DirectoryLog, count: int, tag: bytes = b"") -> str:
        log.append([tag + b"entry %d" % (log.size + i) for i in range(count)])
        return log.checkpoint_publish([self.log_signer])

    def submit(self, old: int, note: str, log: DirectoryLog | None = None) -> WitnessResponse:
        log = log or self.log
        proof = consistency_proof(old, log.size, TileHashReader(log.size, log.read)) if old else []
        body = add_checkpoint_request_format(old, proof, note)
        return witness_add_checkpoint(body=body, config=self.config, store=self.store)


@pytest.fixture
def h(tmp_path: Path) -> Harness:
    return Harness(tmp_path)


def test_first_checkpoint_is_cosigned_and_persisted(h: Harness) -> None:
    note = h.grow(h.log, 10)
    response = h.submit(0, note)
    assert response.status == 200
    assert response.body.startswith("\u2014 witness.test/w1 ") and response.body.endswith("\n")
    cosigned = note + response.body
    witness_key = verifier_from_vkey(vkey_format(h.witness))
    _, verified = note_open(cosigned, [witness_key])
    assert len(verified) == 1
    # A fresh store instance (a restart) sees the persisted size.
    restarted = WitnessStore(h.store.root)
    latest = restarted.latest(ORIGIN)
    assert latest is not None and latest.size == 10


def test_consistent_growth_is_cosigned(h: Harness) -> None:
    assert h.submit(0, h.grow(h.log, 10)).status == 200
    assert h.submit(10, h.grow(h.log, 300)).status == 200
    assert h.submit(310, h.grow(h.log, 1)).status == 200
    assert h.submit(311, h.log.checkpoint_publish([h.log_signer])).status == 200


def test_stale_old_size_gets_409_with_current_size(h: Harness) -> None:
    h.submit(0, h.grow(h.log, 10))
    note = h.grow(h.log, 5)
    response = h.submit(0, note)
    assert (response.status, response.body, response.content_type) == (
        409,
        "10\n",
        "text/x.tlog.size",
    )
    latest = h.store.latest(ORIGIN)
    assert latest is not None and latest.size == 10


def test_forked_log_is_refused_with_422(h: Harness) -> None:
    """GIVEN a cosigned size-10 checkpoint WHEN a rewritten history of size 20 arrives THEN 422."""
    h.submit(0, h.grow(h.log, 10))
    h.grow(h.fork, 20, tag=b"rewritten ")
    fork_note = h.fork.checkpoint_publish([h.log_signer])
    response = h.submit(10, fork_note, log=h.fork)
    assert response.status == 422
    latest = h.store.latest(ORIGIN)
    assert latest is not None and latest.size == 10


def test_same_size_different_root_is_refused_with_422(h: Harness) -> None:
    h.submit(0, h.grow(h.log, 10))
    fork_note = h.grow(h.fork, 10, tag=b"other ")
    assert h.submit(10, fork_note, log=h.fork).status == 422


def test_unknown_origin_is_404(h: Harness) -> None:
    other = signer_generate("other.test/log")
    note = note_sign(Checkpoint("other.test/log", 0, bytes(32)).text(), [other])
    assert h.submit(0, note).status == 404


def test_untrusted_or_bad_signature_is_403(h: Harness) -> None:
    impostor = signer_generate(ORIGIN)
    note = h.grow(h.log, 3)
    text = Checkpoint(ORIGIN, 3, h.log.checkpoint().root_hash).text()
    assert h.submit(0, note_sign(text, [impostor])).status == 403
    signature_line = note.split("\n\n", 1)[1]
    tampered = text.replace("\n3\n", "\n4\n") + "\n" + signature_line
    assert h.submit(0, tampered).status == 403


def test_malformed_request_and_old_size_above_size_are_400(h: Harness) -> None:
    note = h.grow(h.log, 3)
    body = add_checkpoint_request_format(4, [], note)
    assert witness_add_checkpoint(body=body, config=h.config, store=h.store).status == 400
    for bad in (b"old 01\n\n" + note.encode(), b"new 0\n\n" + note.encode(), b"old 0\n"):
        assert witness_add_checkpoint(body=bad, config=h.config, store=h.store).status == 400
    too_long = add_checkpoint_request_format(0, [bytes(32)] * 64, note)
    assert witness_add_checkpoint(body=too_long, config=h.config, store=h.store).status == 400


def test_size_zero_must_carry_empty_root_and_old_zero_takes_no_proof(h: Harness) -> None:
    bad_empty = note_sign(Checkpoint(ORIGIN, 0, bytes(32)).text(), [h.log_signer])
    assert h.submit(0, bad_empty).status == 422
    note = h.grow(h.log, 4)
    body = add_checkpoint_request_format(0, [bytes(32)], note)
    assert witness_add_checkpoint(body=body, config=h.config, store=h.store).status == 422
    good_empty = note_sign(Checkpoint(ORIGIN, 0, EMPTY_ROOT).text(), [h.log_signer])
    assert h.submit(0, good_empty).status == 200


def test_failed_write_leaves_previous_state_intact(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h.submit(0, h.grow(h.log, 10))
    note = h.grow(h.log, 5)

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        h.submit(10, note)
    monkeypatch.undo()
    latest = WitnessStore(h.store.root).latest(ORIGIN)
    assert latest is not None and latest.size == 10
    assert not [p for p in h.store.root.iterdir() if p.name.startswith(".tmp-")]


def test_concurrent_submissions_cannot_roll_back(h: Harness) -> None:
    """GIVEN two racing requests from the same old size THEN exactly one is cosigned."""
    note_a = h.grow(h.log, 10)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(h.submit(0, note_a).status))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] + [409] * 7


def test_http_server_add_checkpoint_and_monitoring_endpoint(h: Harness) -> None:
    server = WitnessServer(("127.0.0.1", 0), h.config, h.store)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        note = h.grow(h.log, 7)
        body = add_checkpoint_request_format(0, [], note)
        ok = httpx.post(f"{url}/add-checkpoint", content=body)
        assert ok.status_code == 200 and ok.text.startswith("\u2014 witness.test/w1")
        stale = httpx.post(f"{url}/add-checkpoint", content=body)
        assert stale.status_code == 409 and stale.text == "7\n"
        assert stale.headers["content-type"] == "text/x.tlog.size"
        served = httpx.get(f"{url}/{origin_hash(ORIGIN)}/checkpoint")
        assert served.status_code == 200 and served.text == note + ok.text
        assert httpx.get(f"{url}/{'0' * 64}/checkpoint").status_code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_generate_key_prints_matching_signer_and_verifier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert witness_main(["--generate-key", "witness.test/new"]) == 0
    skey, vkey = capsys.readouterr().out.split()
    assert skey.startswith("PRIVATE+KEY+witness.test/new+")
    verifier = verifier_from_vkey(vkey)
    assert skey.split("+")[3] == f"{verifier.key_id:08x}"
