"""Fixtures shared by the footage tests (those of the vault and processing need no database)."""

from __future__ import annotations

import pytest

from fairwitness.footage.tests.fixtures import any_storage, footage_env, footage_s3, s3_server
from fairwitness.footage.vault import DataKey

__all__ = ["any_storage", "data_key", "footage_env", "footage_s3", "s3_server"]


@pytest.fixture
def data_key() -> DataKey:
    return DataKey.generate()
