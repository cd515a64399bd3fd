"""C2SP tlog-proof parse/format, and offline verification of a proof from a real log."""

from __future__ import annotations

import pytest

from fairwitness.audit.tests.conftest import ServedLog, log_entries
from fairwitness.audit.tests.shared_data import C2SP_SPECS, require
from fairwitness.audit.tlog.errors import FormatError, ProofError
from fairwitness.audit.tlog.keys import verifier_from_vkey
from fairwitness.audit.tlog.merkle import inclusion_proof, leaf_hash
from fairwitness.audit.tlog.proof import TlogProof, proof_parse, proof_verify
from fairwitness.audit.tlog.tiles import TileHashReader


def test_spec_example_parses() -> None:
    spec = require(C2SP_SPECS / "tlog-proof.md").read_text(encoding="utf-8")
    block = spec.split("```\n", 2)[1]
    proof = proof_parse(block)
    assert proof.index == 73894
    assert len(proof.path) == 5
    assert proof.extra is not None and proof.extra.startswith(b"age-v1.2.1-darwin")
    assert proof.checkpoint.startswith("example.com/fancylog\n109482\n")
    assert proof_parse(proof.format()) == proof


@pytest.mark.parametrize(
    "text",
    [
        "c2sp.org/tlog-proof@v2\nindex 1\n\nx\n",
        "c2sp.org/tlog-proof@v1\nindex 01\n\nx\n",
        "c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\nx\n",
        "c2sp.org/tlog-proof@v1\nindex 1\n",
        "c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\nx\n",
    ],
)
def test_malformed_proofs_are_rejected(text: str) -> None:
    with pytest.raises(FormatError):
        proof_parse(text)


def test_proof_from_served_log_verifies_offline(served_log: ServedLog) -> None:
    log = served_log.log
    note = (log.root / "checkpoint").read_text()
    index = 437
    path = inclusion_proof(index, log.size, TileHashReader(log.size, log.read))
    text = TlogProof(index, tuple(path), note, extra=b"ctx").format()
    parsed = proof_parse(text)
    keys = [verifier_from_vkey(served_log.vkey)]
    leaf = leaf_hash(log_entries(1, index)[0])
    signed = proof_verify(parsed, leaf, keys, origin=log.origin)
    assert signed.checkpoint.size == 600
    with pytest.raises(ProofError):
        proof_verify(parsed, leaf_hash(b"something else"), keys, origin=log.origin)
