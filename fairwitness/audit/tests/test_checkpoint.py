"""C2SP tlog-checkpoint parsing is strict and round-trips."""

from __future__ import annotations

import base64

import pytest

from fairwitness.audit.tests.shared_data import C2SP_SPECS, require
from fairwitness.audit.tlog.checkpoint import Checkpoint, checkpoint_open, checkpoint_parse
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.keys import signer_generate, verifier_from_vkey, vkey_format
from fairwitness.audit.tlog.note import note_parse, note_sign

ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="


def test_spec_example_checkpoint_parses() -> None:
    spec = require(C2SP_SPECS / "tlog-checkpoint.md").read_text(encoding="utf-8")
    block = spec.split("```\n", 2)[1]
    checkpoint = checkpoint_parse(note_parse(block).text)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode(ROOT)
    assert checkpoint.extensions == ()


def test_round_trip_with_extensions() -> None:
    cp = Checkpoint("log.test/a", 42, bytes(range(32)), ("ext one", "ext two"))
    assert checkpoint_parse(cp.text()) == cp


@pytest.mark.parametrize(
    "text",
    [
        f"log.test/a\n042\n{ROOT}\n",  # leading zero
        f"log.test/a\n-1\n{ROOT}\n",
        f"log.test/a\n42\n{ROOT}",  # no final newline
        "log.test/a\n42\n",
        f"\n42\n{ROOT}\n",  # empty origin
        f"log.test/a\n42\n{ROOT}\n\n",  # empty extension line
        "log.test/a\n42\nAAAA\n",  # root too short
        f"log.test/a\n42\n{ROOT[:-1]}\n",  # bad base64
        f"log.test/a\n 42\n{ROOT}\n",
    ],
)
def test_invalid_checkpoints_are_rejected(text: str) -> None:
    with pytest.raises(FormatError):
        checkpoint_parse(text)


def test_checkpoint_open_checks_origin_and_signature() -> None:
    signer = signer_generate("log.test/a")
    cp = Checkpoint("log.test/a", 7, bytes(32))
    note = note_sign(cp.text(), [signer])
    verifier = verifier_from_vkey(vkey_format(signer))
    assert checkpoint_open(note, [verifier], origin="log.test/a").checkpoint == cp
    with pytest.raises(FormatError):
        checkpoint_open(note, [verifier], origin="log.test/other")
