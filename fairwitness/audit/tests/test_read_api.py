"""The tlog-tiles read endpoints and the JSON / tlog-proof proofs, through Django's test client."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from fairwitness.audit.keys import log_origin, log_signer
from fairwitness.audit.models import AuditEntry
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.tests.factories import entry_record
from fairwitness.audit.tlog.bundles import bundle_decode
from fairwitness.audit.tlog.checkpoint import checkpoint_open
from fairwitness.audit.tlog.merkle import leaf_hash, verify_consistency, verify_inclusion
from fairwitness.audit.tlog.note import Ed25519NoteVerifier
from fairwitness.audit.tlog.proof import proof_parse, proof_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_600() -> None:
    for n in range(300):
        entry_record(n=n)
    log_sequence()
    for n in range(300, 600):
        entry_record(n=n)
    log_sequence()


def _verifier() -> Ed25519NoteVerifier:
    return Ed25519NoteVerifier(log_signer().name, log_signer().public_key)


def test_checkpoint_is_signed_and_short_cached(log_600: None) -> None:
    response = Client().get("/log/checkpoint")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=5"
    signed = checkpoint_open(response.content, [_verifier()], origin=log_origin())
    assert signed.checkpoint.size == 600


def test_full_tiles_are_immutable_and_partial_tiles_short_cached(log_600: None) -> None:
    client = Client()
    full = client.get("/log/tile/0/001")
    assert full.status_code == 200 and len(full.content) == 256 * 32
    assert full["Cache-Control"] == "public, max-age=31536000, immutable"
    partial = client.get("/log/tile/0/002.p/88")
    assert partial.status_code == 200 and len(partial.content) == 88 * 32
    assert partial["Cache-Control"] == "public, max-age=5"
    # An older, narrower width is the prefix of the stored tile.
    assert client.get("/log/tile/0/002.p/44").content == partial.content[: 44 * 32]
    assert client.get("/log/tile/1/000.p/2").status_code == 200


def test_entry_bundles_hold_the_entries_in_index_order(log_600: None) -> None:
    response = Client().get("/log/tile/entries/001")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    entries = bundle_decode(response.content, 256)
    expected = AuditEntry.objects.filter(index__gte=256, index__lt=512).order_by("index")
    assert entries == [bytes(e.leaf) for e in expected]
    partial = bundle_decode(Client().get("/log/tile/entries/002.p/88").content, 88)
    assert len(partial) == 88


@pytest.mark.parametrize(
    "path",
    [
        "/log/tile/0/003",  # beyond the tree
        "/log/tile/0/002",  # not full yet
        "/log/tile/0/002.p/89",  # wider than the published tree
        "/log/tile/0/2",  # not canonical
        "/log/tile/0/002.p/256",
        "/log/tile/entries/x000/002",
        "/log/tile/99/000",
    ],
)
def test_tiles_outside_the_published_tree_or_malformed_are_404(log_600: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_inclusion_proof_by_index_and_by_leaf_hash_verifies(log_600: None) -> None:
    entry = AuditEntry.objects.get(index=345)
    client = Client()
    by_index = client.get("/api/log/proof/inclusion?index=345").json()
    by_hash = client.get(
        f"/api/log/proof/inclusion?leaf_hash={bytes(entry.leaf_hash).hex()}"
    ).json()
    assert by_index == by_hash
    assert base64.b64decode(by_index["leaf_hash"]) == leaf_hash(bytes(entry.leaf))
    signed = checkpoint_open(by_index["checkpoint"], [_verifier()], origin=log_origin())
    path = [base64.b64decode(h) for h in by_index["proof"]]
    verify_inclusion(345, 600, leaf_hash(bytes(entry.leaf)), path, signed.checkpoint.root_hash)


def test_consistency_proof_between_two_checkpoints_verifies(log_600: None) -> None:
    old = checkpoint_open(
        Client().get("/log/checkpoint").content, [_verifier()], origin=log_origin()
    )
    for n in range(600, 650):
        entry_record(n=n)
    log_sequence()
    body = Client().get("/api/log/proof/consistency?old_size=600").json()
    new = checkpoint_open(body["checkpoint"], [_verifier()], origin=log_origin())
    proof = [base64.b64decode(h) for h in body["proof"]]
    verify_consistency(600, 650, old.checkpoint.root_hash, new.checkpoint.root_hash, proof)


def test_tlog_proof_text_verifies_with_the_library(log_600: None) -> None:
    entry = AuditEntry.objects.get(index=7)
    text = Client().get("/api/log/proof/tlog-proof?index=7").content.decode()
    proof = proof_parse(text)
    proof_verify(proof, leaf_hash(bytes(entry.leaf)), [_verifier()], origin=log_origin())


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/log/proof/inclusion", 400),
        ("/api/log/proof/inclusion?index=1&leaf_hash=" + "00" * 32, 400),
        ("/api/log/proof/inclusion?leaf_hash=zz", 400),
        ("/api/log/proof/inclusion?index=-1", 400),
        ("/api/log/proof/inclusion?index=600", 404),
        ("/api/log/proof/inclusion?index=1&size=17", 404),
        ("/api/log/proof/inclusion?index=abc", 422),
        ("/api/log/proof/consistency?old_size=0", 400),
        ("/api/log/proof/consistency?old_size=601", 400),
    ],
)
def test_bad_proof_requests_get_the_error_shape(log_600: None, path: str, status: int) -> None:
    response = Client().get(path)
    assert response.status_code == status
    assert set(response.json()) == {"error", "message", "detail"}
