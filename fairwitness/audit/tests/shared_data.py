"""Locates the shared test data that ships beside the repository (``../shared``)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
MERKLE_TESTDATA = SHARED / "data" / "merkle-testdata"
C2SP_SPECS = SHARED / "specs" / "c2sp"


def require(path: Path) -> Path:
    """Return ``path``, failing loudly when the shared data is not checked out."""
    if not path.exists():
        raise FileNotFoundError(
            f"shared test data missing at {path}; check out ../shared beside the repository"
        )
    return path
