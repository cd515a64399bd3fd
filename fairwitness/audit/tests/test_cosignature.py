"""C2SP tlog-cosignature (Ed25519, type 0x04): message layout, key IDs, sign/verify."""

from __future__ import annotations

import base64
import hashlib

from fairwitness.audit.tests.shared_data import C2SP_SPECS, require
from fairwitness.audit.tlog.checkpoint import Checkpoint
from fairwitness.audit.tlog.cosignature import (
    CosignatureSigner,
    CosignatureVerifier,
    cosignature_timestamp,
    cosigned_message,
)
from fairwitness.audit.tlog.keys import signer_generate, verifier_from_vkey, vkey_format
from fairwitness.audit.tlog.note import key_id, note_open, note_parse


def test_spec_example_cosignature_carries_the_spec_timestamp() -> None:
    spec = require(C2SP_SPECS / "tlog-cosignature.md").read_text(encoding="utf-8")
    note = note_parse(spec.split("```\n", 2)[1])
    witness_sig = next(s for s in note.signatures if s.name == "witness.example.com/w1")
    # The spec's signed-message example shows "time 1679315147" for this checkpoint.
    assert cosignature_timestamp(witness_sig.signature) == 1679315147


def test_signed_message_layout_matches_spec() -> None:
    text = b"example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    assert cosigned_message(text, 1679315147) == b"cosignature/v1\ntime 1679315147\n" + text


def test_key_id_uses_type_0x04() -> None:
    signer = signer_generate("witness.test/w1", cosigner=True)
    assert isinstance(signer, CosignatureSigner)
    expected = hashlib.sha256(b"witness.test/w1\n\x04" + signer.public_key).digest()[:4]
    assert signer.key_id == int.from_bytes(expected, "big")
    assert signer.key_id != key_id("witness.test/w1", 0x01, signer.public_key)
    vkey = vkey_format(signer)
    assert base64.b64decode(vkey.split("+", 2)[2])[0] == 0x04
    assert isinstance(verifier_from_vkey(vkey), CosignatureVerifier)


def test_cosignature_verifies_and_binds_text_and_timestamp() -> None:
    signer = signer_generate("witness.test/w1", cosigner=True)
    assert isinstance(signer, CosignatureSigner)
    verifier = verifier_from_vkey(vkey_format(signer))
    text = Checkpoint("log.test/a", 3, bytes(32)).text().encode()
    sig = signer.cosign(text, 1_700_000_000)
    assert sig.signature[:8] == (1_700_000_000).to_bytes(8, "big")
    assert verifier.verify(text, sig.signature)
    assert not verifier.verify(text.replace(b"3", b"4"), sig.signature)
    tampered = (1_700_000_001).to_bytes(8, "big") + sig.signature[8:]
    assert not verifier.verify(text, tampered)
    future = CosignatureVerifier(signer.name, signer.public_key, max_timestamp=1_600_000_000)
    assert not future.verify(text, sig.signature)
    _, verified = note_open(text.decode() + "\n" + sig.line(), [verifier])
    assert verified == [sig]
