"""Pages that htmx updates in part: a filter form swaps the results under it, and a page
without JavaScript works the same, whole (django-htmx's middleware sets `request.htmx`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


def is_htmx(request: HttpRequest) -> bool:
    details = getattr(request, "htmx", None)
    return isinstance(details, HtmxDetails) and bool(details)


def render_page_or_part(
    request: HttpRequest, page: str, part: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """`page`, or to an htmx request only `part` (the element it swaps); either way the
    response varies on HX-Request, so no cache hands a part to a page load."""
    response = render(request, part if is_htmx(request) else page, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response
