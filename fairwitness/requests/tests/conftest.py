"""Footage storage in a temporary folder, for tests that need real encrypted clips."""

from fairwitness.footage.tests.fixtures import footage_env

__all__ = ["footage_env"]
