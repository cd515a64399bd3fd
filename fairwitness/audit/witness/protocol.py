"""The tlog-witness ``add-checkpoint`` call, independent of HTTP.

Status codes follow C2SP tlog-witness exactly:

- 400: malformed body, old size larger than the checkpoint size, > 63 proof lines;
- 404: unknown origin;
- 403: no trusted log signature, or a trusted key's signature fails;
- 409: old size differs from the latest cosigned size (body: that size, newline,
  ``Content-Type: text/x.tlog.size``);
- 422: size 0 with a non-empty-tree root, proof given for old size 0, same
  size with a different root, or a consistency proof that does not verify;
- 200: the checkpoint was persisted, body is the cosignature line(s).
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from fairwitness.audit.tlog.checkpoint import Checkpoint, checkpoint_parse
from fairwitness.audit.tlog.cosignature import CosignatureSigner
from fairwitness.audit.tlog.errors import FormatError, ProofError, SignatureError
from fairwitness.audit.tlog.merkle import EMPTY_ROOT, HASH_SIZE, verify_consistency
from fairwitness.audit.tlog.note import Note, NoteVerifier, note_open, note_parse
from fairwitness.audit.witness.store import WitnessStore

MAX_PROOF_LINES = 63
_OLD = re.compile(r"^old (0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class WitnessResponse:
    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class WitnessConfig:
    """The witness's cosigning key(s) and the logs it trusts, keyed by origin."""

    signers: Sequence[CosignatureSigner]
    logs: Mapping[str, Sequence[NoteVerifier]]
    clock: Callable[[], float] = field(default=time.time)


@dataclass(frozen=True)
class AddCheckpointRequest:
    old_size: int
    proof: tuple[bytes, ...]
    checkpoint_note: str


def add_checkpoint_request_parse(body: bytes) -> AddCheckpointRequest:
    """Split the request body; FormatError (-> 400) if it is malformed."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError("request body is not UTF-8") from exc
    head, sep, note = text.partition("\n\n")
    if not sep:
        raise FormatError("request has no blank line before the checkpoint")
    lines = head.split("\n")
    match = _OLD.match(lines[0])
    if not match:
        raise FormatError("request must start with 'old <size>'")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise FormatError("more than 63 consistency proof lines")
    proof: list[bytes] = []
    for line in lines[1:]:
        try:
            value = base64.b64decode(line, validate=True)
        except binascii.Error as exc:
            raise FormatError("consistency proof line is not base64") from exc
        if len(value) != HASH_SIZE:
            raise FormatError("consistency proof line is not a SHA-256 hash")
        proof.append(value)
    return AddCheckpointRequest(int(match.group(1)), tuple(proof), note)


def add_checkpoint_request_format(old_size: int, proof: Sequence[bytes], note: str) -> bytes:
    """The request body a log sends (used by the verifier tests and log pushers)."""
    lines = [f"old {old_size}", *(base64.b64encode(p).decode() for p in proof)]
    return ("\n".join(lines) + "\n\n" + note).encode("utf-8")


def _unprocessable(reason: str) -> WitnessResponse:
    return WitnessResponse(422, reason + "\n")


def _consistency_problem(
    req: AddCheckpointRequest, previous: Checkpoint | None, new: Checkpoint
) -> str | None:
    if new.size == 0 and new.root_hash != EMPTY_ROOT:
        return "a size 0 checkpoint must carry the empty tree's root hash"
    if req.old_size == 0:
        return "old size 0 takes no consistency proof" if req.proof else None
    assert previous is not None  # old size matched a stored, non-zero size
    if req.old_size == new.size:
        if req.proof or previous.root_hash != new.root_hash:
            return "same size as the cosigned checkpoint but a different root: log forked"
        return None
    try:
        verify_consistency(req.old_size, new.size, previous.root_hash, new.root_hash, req.proof)
    except ProofError as exc:
        return f"consistency proof does not verify: {exc}"
    return None


def witness_add_checkpoint(
    *, body: bytes, config: WitnessConfig, store: WitnessStore
) -> WitnessResponse:
    """Handle one add-checkpoint request; persist before returning a 200."""
    try:
        req = add_checkpoint_request_parse(body)
        note = note_parse(req.checkpoint_note)
        checkpoint = checkpoint_parse(note.text)
    except FormatError as exc:
        return WitnessResponse(400, f"{exc}\n")
    verifiers = config.logs.get(checkpoint.origin)
    if verifiers is None:
        return WitnessResponse(404, "unknown log origin\n")
    try:
        _, verified = note_open(req.checkpoint_note, verifiers)
    except SignatureError as exc:
        return WitnessResponse(403, f"{exc}\n")
    if req.old_size > checkpoint.size:
        return WitnessResponse(400, "old size is larger than the checkpoint size\n")
    with store.locked():
        previous = store.latest(checkpoint.origin)
        current = previous.size if previous else 0
        if req.old_size != current:
            return WitnessResponse(409, f"{current}\n", "text/x.tlog.size")
        problem = _consistency_problem(req, previous, checkpoint)
        if problem:
            return _unprocessable(problem)
        timestamp = int(config.clock())
        raw = note.text.encode()
        cosigs = [signer.cosign(raw, timestamp) for signer in config.signers]
        # Stored (and served to monitors): the log signatures we verified plus ours.
        store.save(checkpoint.origin, Note(note.text, (*verified, *cosigs)).format())
    return WitnessResponse(200, "".join(sig.line() for sig in cosigs))
