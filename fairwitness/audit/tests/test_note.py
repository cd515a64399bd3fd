"""C2SP signed-note: the spec's example, key IDs, vkeys, signer keys and the trust rules."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from fairwitness.audit.tests.shared_data import C2SP_SPECS, require
from fairwitness.audit.tlog.errors import FormatError, SignatureError
from fairwitness.audit.tlog.keys import (
    signer_from_skey,
    signer_generate,
    skey_format,
    verifier_from_vkey,
    vkey_format,
)
from fairwitness.audit.tlog.note import (
    Ed25519NoteVerifier,
    Signature,
    note_open,
    note_parse,
    note_sign,
)

SPEC = require(C2SP_SPECS / "signed-note.md").read_text(encoding="utf-8")


def _spec_example() -> tuple[str, str]:
    """The vkey and the note it verifies, read from the spec's Example section."""
    example = SPEC.split("### Example", 1)[1]
    vkey = re.search(r"^    (\S+\+[0-9a-f]{8}\+\S+)$", example, re.M)
    note = re.search(r"```\n(.*?)```", example, re.S)
    assert vkey and note
    return vkey.group(1), note.group(1)


def test_spec_example_note_verifies_with_spec_vkey() -> None:
    vkey, note = _spec_example()
    verifier = verifier_from_vkey(vkey)
    opened, verified = note_open(note, [verifier])
    assert opened.text == "This is an example message.\n"
    assert [s.name for s in verified] == ["example.com/foo"]


def test_spec_example_key_id_is_computed_as_the_spec_says() -> None:
    vkey, _ = _spec_example()
    name, hex_id, b64 = vkey.split("+", 2)
    public = base64.b64decode(b64)[1:]
    expected = hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex()
    assert hex_id == expected
    verifier = verifier_from_vkey(vkey)
    assert f"{verifier.key_id:08x}" == expected
    assert vkey_format(verifier) == vkey


def test_spec_example_fails_when_text_is_altered() -> None:
    vkey, note = _spec_example()
    with pytest.raises(SignatureError):
        note_open(note.replace("example message", "exemplary message"), [verifier_from_vkey(vkey)])


def test_unknown_keys_are_ignored_but_one_known_key_is_required() -> None:
    log = signer_generate("log.test/a")
    other = signer_generate("other.test/b")
    note = note_sign("hello\n", [log, other])
    log_verifier = verifier_from_vkey(vkey_format(log))
    _, verified = note_open(note, [log_verifier])
    assert [s.name for s in verified] == ["log.test/a"]
    with pytest.raises(SignatureError):
        note_open(note, [verifier_from_vkey(vkey_format(other)).__class__("x.test/c", b"\0" * 32)])


def test_known_key_with_bad_signature_rejects_the_whole_note() -> None:
    good = signer_generate("log.test/a")
    note = note_parse(note_sign("hello\n", [good]))
    forged = Signature(good.name, good.key_id, bytes(64))
    text = note.text + "\n" + note.signatures[0].line() + forged.line()
    with pytest.raises(SignatureError):
        note_open(text, [verifier_from_vkey(vkey_format(good))])


def test_same_name_different_key_id_is_not_trusted() -> None:
    trusted = signer_generate("log.test/a")
    impostor = signer_generate("log.test/a")
    note = note_sign("hello\n", [impostor])
    with pytest.raises(SignatureError, match="not signed by any trusted key"):
        note_open(note, [verifier_from_vkey(vkey_format(trusted))])


def test_signer_key_round_trip_and_format() -> None:
    signer = signer_generate("log.test/a")
    skey = skey_format(signer)
    assert skey.startswith(f"PRIVATE+KEY+log.test/a+{signer.key_id:08x}+")
    assert signer_from_skey(skey) == signer
    verifier = verifier_from_vkey(vkey_format(signer))
    assert isinstance(verifier, Ed25519NoteVerifier)
    assert verifier.public_key == signer.public_key


@pytest.mark.parametrize(
    "vkey",
    [
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # wrong ID
        "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # uppercase
        "example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # bad base64
        "example com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # space
        "example.com/foo+530d903a",
    ],
)
def test_malformed_vkeys_are_rejected(vkey: str) -> None:
    with pytest.raises(FormatError):
        verifier_from_vkey(vkey)


@pytest.mark.parametrize(
    "text",
    [
        "no blank line\n— a AAAAAAA=\n",
        "text\n\n— a AAAA\n",  # shorter than a key ID plus a signature
        "text\n\n— a !!!!\n",
        "te\x07xt\n\n— a AAAAAAAAAA==\n",
        "text\n\n- a AAAAAAAAAA==\n",
        "text\n\n— a b AAAAAAAAAA==\n",
    ],
)
def test_malformed_notes_are_rejected(text: str) -> None:
    with pytest.raises(FormatError):
        note_parse(text)


def test_note_text_may_contain_blank_lines() -> None:
    signer = signer_generate("poet.test/s")
    note = note_sign("line one\n\nline three\n", [signer])
    opened, _ = note_open(note, [verifier_from_vkey(vkey_format(signer))])
    assert opened.text == "line one\n\nline three\n"
