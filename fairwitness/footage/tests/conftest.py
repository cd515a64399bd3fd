"""Fixtures shared by the vault and processing tests (no database)."""

from __future__ import annotations

import pytest

from fairwitness.footage.vault import DataKey


@pytest.fixture
def data_key() -> DataKey:
    return DataKey.generate()
