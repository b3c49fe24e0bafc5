from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Each test starts with no counted attempts (the limits live in the cache)."""
    cache.clear()
    yield
    cache.clear()
