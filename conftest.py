"""Fixtures shared by every test.

Celery runs tasks eagerly unless a test starts a real worker (see
tests/test_jobs.py), so a plain test never depends on a broker.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--browser-tests", action="store_true", help="also run the Playwright browser tests"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run only when asked for (`make test-browser`), never silently skipped."""
    if config.getoption("--browser-tests"):
        return
    kept = [item for item in items if "browser" not in item.keywords]
    deselected = [item for item in items if "browser" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True, scope="session")
def _private_keyring(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keys that tests make (owners', orders') go to a temporary keyring, never into the data
    folder's. Tests that need their own folders (``footage_env``) override it."""
    from django.conf import settings

    if settings.configured:
        settings.FOOTAGE_KEYRING_DIR = tmp_path_factory.mktemp("keyring")


@pytest.fixture(autouse=True)
def _celery_eager() -> Iterator[None]:
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_local_cache() -> Iterator[None]:
    """Counters kept in the per-process cache (pairing throttles) never leak between tests.

    Only a local-memory cache is cleared: a test that points the cache at Redis owns its keys.
    """
    yield
    from django.conf import settings

    if not settings.configured:
        return
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, LocMemCache):
            cache.clear()
