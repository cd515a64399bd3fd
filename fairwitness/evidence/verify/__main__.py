"""Verify a Fair Witness evidence package.

    python -m fairwitness.evidence.verify PACKAGE.zip --key VKEY [--log URL]

``VKEY`` is the log's verifier key (C2SP signed-note, as ``fairwitness-verify``
takes). Prints one ``OK ...`` line and exits 0 when every check passes;
otherwise prints one line starting with ``FAIL`` to stderr and exits 1 (2 for
bad arguments).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.keys import verifier_from_vkey
from fairwitness.audit.tlog.note import Ed25519NoteVerifier
from fairwitness.audit.verifier.fetch import LogClient
from fairwitness.evidence.verify.checks import EvidenceFailure, EvidenceReport, package_verify


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fairwitness.evidence.verify")
    parser.add_argument("package", type=Path, help="the evidence package (.zip)")
    parser.add_argument("--key", required=True, help="the log's verifier key")
    parser.add_argument("--log", help="log URL prefix: also check against the live log")
    return parser


def _run(args: argparse.Namespace, key: Ed25519NoteVerifier) -> EvidenceReport:
    with tempfile.TemporaryDirectory(prefix="fairwitness-evidence-") as folder:
        if args.log is None:
            return package_verify(path=args.package, key=key, folder=Path(folder))
        with LogClient(args.log) as client:
            return package_verify(path=args.package, key=key, folder=Path(folder), client=client)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        key = verifier_from_vkey(args.key)
        if not isinstance(key, Ed25519NoteVerifier):
            raise FormatError("--key must be a log (type 0x01) verifier key")
    except FormatError as exc:
        print(f"FAIL bad arguments: {exc}", file=sys.stderr)
        return 2
    if not args.package.is_file():
        print(f"FAIL bad arguments: no package at {args.package}", file=sys.stderr)
        return 2
    try:
        report = _run(args, key)
    except EvidenceFailure as exc:
        print(exc.line(), file=sys.stderr)
        return 1
    line = (
        f"OK {args.package.name}: release.mp4 SHA-256 {report.release_sha256}, C2PA signed by "
        f"the instance (edits: {', '.join(report.edits) or 'none'}), {report.entries} log "
        f"entries included in {report.origin} at size {report.checkpoint_size}"
    )
    if report.live_size is not None:
        line += f", consistent with the live log at size {report.live_size}"
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
