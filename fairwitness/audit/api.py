"""Public JSON proofs over the audit log, and the same inclusion proof as a C2SP tlog-proof."""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from fairwitness.audit import selectors
from fairwitness.audit.schemas import ConsistencyOut, InclusionOut
from fairwitness.core.errors import ApplicationError

router = Router(tags=["audit"])


class InclusionQuery(Schema):
    index: int | None = None
    leaf_hash: str | None = None
    size: int | None = None


class ConsistencyQuery(Schema):
    old_size: int
    size: int | None = None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _leaf_hash_parse(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        raise ApplicationError("leaf_hash must be a SHA-256 hash in hex (64 digits) or base64.")
    return raw


def _inclusion(query: InclusionQuery) -> selectors.InclusionProof:
    if query.index is not None and query.index < 0:
        raise ApplicationError("index must not be negative.")
    return selectors.inclusion_proof_read(
        index=query.index, leaf_hash=_leaf_hash_parse(query.leaf_hash), size=query.size
    )


@router.get(
    "/log/proof/inclusion",
    response=InclusionOut,
    auth=None,
    summary="Inclusion proof of one log entry, by index or leaf hash",
)
def log_inclusion(request: HttpRequest, query: Query[InclusionQuery]) -> InclusionOut:
    proof = _inclusion(query)
    return InclusionOut(
        index=proof.index,
        tree_size=proof.checkpoint.size,
        leaf_hash=_b64(proof.leaf_hash),
        proof=[_b64(h) for h in proof.path],
        checkpoint=selectors.checkpoint_served_note(proof.checkpoint),
    )


@router.get(
    "/log/proof/consistency",
    response=ConsistencyOut,
    auth=None,
    summary="Consistency proof between an older tree size and the latest (or given) one",
)
def log_consistency(request: HttpRequest, query: Query[ConsistencyQuery]) -> ConsistencyOut:
    proof = selectors.consistency_proof_read(old_size=query.old_size, size=query.size)
    return ConsistencyOut(
        old_size=proof.old_size,
        tree_size=proof.checkpoint.size,
        proof=[_b64(h) for h in proof.path],
        checkpoint=selectors.checkpoint_served_note(proof.checkpoint),
    )


@router.get(
    "/log/proof/tlog-proof",
    auth=None,
    summary="Inclusion proof in the C2SP tlog-proof text format",
)
def log_tlog_proof(request: HttpRequest, query: Query[InclusionQuery]) -> HttpResponse:
    text = selectors.tlog_proof_text(_inclusion(query))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
