"""Every named page of the site, and a URL for each: the permission matrix and the page-wide
checks (security headers) walk the same list, so a new view cannot escape either."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from outward.core.urls import PUBLIC_URL_NAMES

SKIPPED_NAMESPACES = {"admin"}


def _pages(resolvers: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES or "api" in str(entry.pattern):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pages(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


PAGES = sorted(_pages(get_resolver().url_patterns), key=lambda page: page[0])
PROTECTED = [(name, pattern) for name, pattern in PAGES if name not in PUBLIC_URL_NAMES]


def page_url(name: str, pattern: URLPattern, customer_id: uuid.UUID, token_id: int) -> str:
    """A URL of the page, its UUID and int parts filled with a real customer and token."""
    kwargs: dict[str, Any] = {}
    for key, converter in pattern.pattern.converters.items():
        kind = type(converter).__name__
        kwargs[key] = customer_id if kind == "UUIDConverter" else token_id
        if kind not in {"UUIDConverter", "IntConverter"}:
            kwargs[key] = "x"
    return reverse(name, kwargs=kwargs)
