"""Pushing checkpoints to witnesses (C2SP tlog-witness add-checkpoint) and storing cosignatures.

For each configured witness the log remembers the size the witness last
cosigned (``WitnessStatus.size``). A push sends ``old <size>``, the consistency
proof from that size and the signed checkpoint; a 409 answer carries the size
the witness really holds, and the push is retried once from there. Any other
refusal (403, 404, 422: the witness thinks the log forked) is stored as the
witness's last error and shown on the auditors' witness page.
"""

from __future__ import annotations

import logging

import httpx
from django.db import IntegrityError, transaction
from django.utils import timezone

from fairwitness.audit.keys import WitnessConfig, witness_quorum, witnesses_configured
from fairwitness.audit.models import Checkpoint, Cosignature, WitnessStatus
from fairwitness.audit.selectors import checkpoint_latest
from fairwitness.audit.sequencer import stored_tile_read
from fairwitness.audit.tlog.errors import TlogError
from fairwitness.audit.tlog.merkle import consistency_proof
from fairwitness.audit.tlog.note import note_open
from fairwitness.audit.tlog.tiles import TileHashReader
from fairwitness.audit.witness.protocol import add_checkpoint_request_format

logger = logging.getLogger(__name__)
SIZE_CONTENT_TYPE = "text/x.tlog.size"


def witnesses_push() -> int:
    """Push the latest checkpoint to every witness that has not cosigned it; count new ones."""
    checkpoint = checkpoint_latest()
    if checkpoint is None or checkpoint.size == 0:
        return 0
    return sum(_push_one(witness, checkpoint) for witness in witnesses_configured())


def checkpoint_is_final(checkpoint: Checkpoint) -> bool:
    """True once M of the N configured witnesses cosigned it."""
    names = {w.name for w in witnesses_configured()}
    count = Cosignature.objects.filter(checkpoint=checkpoint, witness__in=names).count()
    return count >= witness_quorum()


def _failed(status: WitnessStatus, message: str) -> int:
    logger.warning("witness %s: %s", status.name, message)
    status.last_error = message[:1000]
    status.save(update_fields=["last_error", "updated_at"])
    return 0


def _push_one(witness: WitnessConfig, checkpoint: Checkpoint) -> int:
    if Cosignature.objects.filter(checkpoint=checkpoint, witness=witness.name).exists():
        return 0
    status, _ = WitnessStatus.objects.get_or_create(name=witness.name)
    for _attempt in range(2):
        old = status.size
        if old > checkpoint.size:
            return _failed(status, f"witness holds size {old}, above the log's {checkpoint.size}")
        proof: list[bytes] = []
        if 0 < old < checkpoint.size:
            reader = TileHashReader(checkpoint.size, stored_tile_read)
            proof = consistency_proof(old, checkpoint.size, reader)
        body = add_checkpoint_request_format(old, proof, checkpoint.note)
        try:
            response = httpx.post(f"{witness.url}/add-checkpoint", content=body, timeout=15.0)
        except httpx.HTTPError as exc:
            return _failed(status, f"could not reach {witness.url}: {exc}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if response.status_code == 409 and content_type == SIZE_CONTENT_TYPE:
            try:
                status.size = int(response.text.strip())
            except ValueError:
                return _failed(status, "witness answered 409 without a size")
            continue
        if response.status_code != 200:
            return _failed(
                status, f"add-checkpoint refused: HTTP {response.status_code} {response.text[:200]}"
            )
        return _cosignature_store(witness, status, checkpoint, response.text)
    return _failed(status, "witness kept answering with a different size")


def _cosignature_store(
    witness: WitnessConfig, status: WitnessStatus, checkpoint: Checkpoint, line: str
) -> int:
    text = checkpoint.note.split("\n\n", 1)[0] + "\n"
    try:
        note_open(text + "\n" + line, [witness.verifier])
    except TlogError as exc:
        return _failed(status, f"witness returned a cosignature that does not verify: {exc}")
    try:
        with transaction.atomic():
            Cosignature.objects.create(checkpoint=checkpoint, witness=witness.name, line=line)
    except IntegrityError:
        return 0  # a concurrent push stored it first
    status.size = checkpoint.size
    status.last_error = ""
    status.last_success_at = timezone.now()
    status.save(update_fields=["size", "last_error", "last_success_at", "updated_at"])
    return 1
