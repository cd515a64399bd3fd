"""Run a tlog-witness, or generate its key.

    python -m fairwitness.audit.witness --generate-key witness.example.org/w1
    python -m fairwitness.audit.witness --key-file witness.key --state ./witness-state \\
        --log 'log.example.org/audit+1234abcd+AQ...' --listen 127.0.0.1:7380

The key file holds the ``PRIVATE+KEY+...`` string printed by ``--generate-key``
(or set ``FAIRWITNESS_WITNESS_KEY``). Each ``--log`` is a log's verifier key;
its key name is the log origin unless given as ``--log ORIGIN=VKEY``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from fairwitness.audit.tlog.cosignature import CosignatureSigner
from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.keys import (
    signer_from_skey,
    signer_generate,
    skey_format,
    verifier_from_vkey,
    vkey_format,
)
from fairwitness.audit.tlog.note import Ed25519NoteVerifier, NoteVerifier
from fairwitness.audit.witness.protocol import WitnessConfig
from fairwitness.audit.witness.server import WitnessServer
from fairwitness.audit.witness.store import WitnessStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fairwitness.audit.witness")
    parser.add_argument("--generate-key", metavar="NAME", help="print a new key pair and exit")
    parser.add_argument("--key-file", type=Path, help="file holding the PRIVATE+KEY+ string")
    parser.add_argument("--state", type=Path, default=Path("witness-state"))
    parser.add_argument("--log", action="append", default=[], metavar="[ORIGIN=]VKEY")
    parser.add_argument("--listen", default="127.0.0.1:7380", metavar="HOST:PORT")
    parser.add_argument("--prefix", default="", help="URL path prefix of the endpoints")
    return parser


def logs_parse(specs: Sequence[str]) -> dict[str, list[NoteVerifier]]:
    """``[ORIGIN=]VKEY`` strings to the origin -> log verifiers mapping."""
    logs: dict[str, list[NoteVerifier]] = {}
    for spec in specs:
        origin, sep, vkey = spec.partition("=")
        if not sep or "+" in origin:
            # No explicit origin: the whole string is the vkey (it may end in '=').
            origin, vkey = "", spec
        verifier = verifier_from_vkey(vkey)
        if not isinstance(verifier, Ed25519NoteVerifier):
            raise FormatError(f"log key {verifier.name} must be an Ed25519 (type 0x01) key")
        logs.setdefault(origin or verifier.name, []).append(verifier)
    return logs


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.generate_key:
            signer = signer_generate(args.generate_key, cosigner=True)
            print(skey_format(signer))
            print(vkey_format(signer))
            return 0
        skey = (
            args.key_file.read_text()
            if args.key_file
            else os.environ.get("FAIRWITNESS_WITNESS_KEY")
        )
        if not skey:
            raise FormatError("give --key-file or set FAIRWITNESS_WITNESS_KEY")
        signer = signer_from_skey(skey)
        if not isinstance(signer, CosignatureSigner):
            raise FormatError("the witness key must be a cosigner (type 0x04) key")
        logs = logs_parse(args.log)
        if not logs:
            raise FormatError("configure at least one --log")
        host, _, port = args.listen.rpartition(":")
        server = WitnessServer(
            (host, int(port)), WitnessConfig([signer], logs), WitnessStore(args.state), args.prefix
        )
    except (FormatError, OSError, ValueError) as exc:
        print(f"witness: {exc}", file=sys.stderr)
        return 2
    print(f"witness {vkey_format(signer)} listening on {args.listen}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
