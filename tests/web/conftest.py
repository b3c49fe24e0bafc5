"""Fixtures for the server-rendered pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings


@pytest.fixture
def rate_limits_on(settings: Settings) -> Iterator[None]:
    """Turn the rate limits on (the test settings turn them off), with fresh counters."""
    settings.OUTWARD_RATE_LIMITS_ENABLED = True
    cache.clear()
    yield
    cache.clear()
