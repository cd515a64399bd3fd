"""Verify a Fair Witness audit log from outside.

    python -m fairwitness.audit.verifier --log https://example.org/log \\
        --key 'example.org/log+1234abcd+AQ...' [--witness VKEY ...] \\
        [--witness-threshold M] [--state DIR] [--full] [--prove-index N]

Prints one line and exits 0 when every check passes; otherwise prints one
line starting with ``FAIL`` to stderr and exits 1 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from fairwitness.audit.tlog.cosignature import CosignatureVerifier
from fairwitness.audit.tlog.errors import (
    FormatError,
    MissingHashError,
    ProofError,
    SignatureError,
    TlogError,
)
from fairwitness.audit.tlog.keys import verifier_from_vkey
from fairwitness.audit.tlog.note import Ed25519NoteVerifier, NoteVerifier
from fairwitness.audit.verifier.check import RootMismatch, log_verify
from fairwitness.audit.verifier.fetch import FetchError, LogClient
from fairwitness.audit.verifier.state import state_dir_default

_KIND = (
    (SignatureError, "bad signature"),
    (ProofError, "proof failed"),
    (RootMismatch, "root mismatch"),
    (MissingHashError, "missing tile"),
    (FetchError, "network error"),
    (FormatError, "malformed response"),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fairwitness.audit.verifier")
    parser.add_argument("--log", required=True, help="log URL prefix (serves /checkpoint)")
    parser.add_argument("--key", required=True, action="append", help="log verifier key")
    parser.add_argument("--origin", help="checkpoint origin (default: the key name)")
    parser.add_argument("--witness", action="append", default=[], help="witness verifier key")
    parser.add_argument("--witness-threshold", type=int, help="cosignatures required (default all)")
    parser.add_argument("--state", type=Path, help="folder remembering the last checkpoint")
    parser.add_argument("--full", action="store_true", help="fetch every entry, recompute all")
    parser.add_argument("--prove-index", type=int, metavar="N", help="prove entry N's inclusion")
    parser.add_argument("--proof-out", type=Path, help="write the entry's tlog-proof here")
    return parser


def _keys(
    args: argparse.Namespace,
) -> tuple[list[NoteVerifier], list[NoteVerifier], str, int]:
    log_keys: list[NoteVerifier] = []
    for vkey in args.key:
        verifier = verifier_from_vkey(vkey)
        if not isinstance(verifier, Ed25519NoteVerifier):
            raise FormatError("--key must be a log (type 0x01) verifier key")
        log_keys.append(verifier)
    witnesses: list[NoteVerifier] = []
    for vkey in args.witness:
        witness = verifier_from_vkey(vkey)
        if not isinstance(witness, CosignatureVerifier):
            raise FormatError("--witness must be a cosigner (type 0x04) verifier key")
        witnesses.append(witness)
    threshold = len(witnesses) if args.witness_threshold is None else args.witness_threshold
    if not 0 <= threshold <= len(witnesses):
        raise FormatError("--witness-threshold must be between 0 and the number of witnesses")
    return log_keys, witnesses, args.origin or log_keys[0].name, threshold


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        log_keys, witnesses, origin, threshold = _keys(args)
    except FormatError as exc:
        print(f"FAIL bad arguments: {exc}", file=sys.stderr)
        return 2
    state_dir = args.state or state_dir_default(origin)
    try:
        with LogClient(args.log) as client:
            report = log_verify(
                client=client,
                log_keys=log_keys,
                origin=origin,
                state_dir=state_dir,
                witnesses=witnesses,
                witness_threshold=threshold,
                full=args.full,
                prove_index=args.prove_index,
            )
    except TlogError as exc:
        kind = next((label for cls, label in _KIND if isinstance(exc, cls)), "verification error")
        print(f"FAIL {kind}: {exc}", file=sys.stderr)
        return 1
    cp = report.checkpoint
    parts = [f"OK {cp.origin} size {cp.size}"]
    if report.previous_size is not None:
        parts.append(f"consistent with {report.previous_size}")
    if witnesses:
        parts.append(f"{report.witnesses}/{len(witnesses)} witnesses")
    if args.full:
        parts.append(f"{report.entries_checked} entries recomputed")
    if report.proof is not None:
        parts.append(f"entry {report.proof.index} included")
        if args.proof_out:
            args.proof_out.write_text(report.proof.format(), encoding="utf-8")
    print(", ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
