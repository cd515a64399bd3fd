"""Exceptions raised by the transparency-log library.

Every failure the library detects is a ``TlogError``; the subclasses let a
caller tell malformed input apart from a failed cryptographic check.
"""

from __future__ import annotations


class TlogError(Exception):
    """Base class for every error raised by ``fairwitness.audit.tlog``."""


class FormatError(TlogError):
    """Text or bytes do not follow the format they claim (note, checkpoint, tile...)."""


class ProofError(TlogError):
    """A Merkle inclusion or consistency proof does not verify."""


class SignatureError(TlogError):
    """A signed note carries no valid signature from a trusted key, or a bad one."""


class MissingHashError(TlogError):
    """A hash the computation needs is not stored (missing tile, pruned node)."""
