"""Pushing checkpoints to witnesses (C2SP tlog-witness add-checkpoint)."""

from __future__ import annotations


def witnesses_push() -> int:
    """Filled in by the witness step; returns cosignatures gained."""
    return 0
