"""Shared fixtures: the hand-written development examples (not the evaluation set)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
DEV_EXAMPLES = REPO / "benchmarks" / "data" / "neighborhood_dev.jsonl"


def dev_examples(*kinds: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in DEV_EXAMPLES.read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if not kinds or row["kind"] in kinds]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("screening tried to open a network socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
