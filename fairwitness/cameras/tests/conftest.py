from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _throttle_counts_cleared() -> Iterator[None]:
    """Pairing throttle counts live in the per-process cache: no test inherits another's."""
    cache.clear()
    yield
    cache.clear()
