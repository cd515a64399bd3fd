"""The demo's clips go to a temporary vault, like the footage app's own tests.

Seeding creates some thirty accounts; a fast password hasher keeps each test's
seeding to a few seconds (the hasher is not what these tests check).
"""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from fairwitness.footage.tests.fixtures import FootageEnv, footage_env

__all__ = ["footage_env"]


@pytest.fixture(autouse=True)
def _demo_vault(footage_env: FootageEnv, settings: SettingsWrapper) -> FootageEnv:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return footage_env
