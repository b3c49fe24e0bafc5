"""A small fixed-window rate limiter on Django's cache, for sign-in and password reset.

Each POST counts against the client's IP address and against the name it tries (a username
or an e-mail address), so one address cannot try many accounts and many addresses cannot
hammer one account. The cache must be shared between processes for the limits to hold
across workers (a database or Redis cache in production; the local-memory default is per
process).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render


@dataclass(frozen=True)
class Limit:
    """At most `attempts` POSTs per `window` seconds, per IP address and per name."""

    scope: str
    attempts: int
    window: int
    name_field: str


LOGIN = Limit(scope="login", attempts=10, window=300, name_field="username")
PASSWORD_RESET = Limit(scope="password-reset", attempts=5, window=3600, name_field="email")


def enabled() -> bool:
    return bool(getattr(settings, "OUTWARD_RATE_LIMITS_ENABLED", True))


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites
    # REMOTE_ADDR, and trusting it would let anyone pick a fresh "address" per request.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(limit: Limit, kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"outward:rl:{limit.scope}:{kind}:{digest}"


def _count(key: str, window: int) -> int:
    """Count one hit in the current window; the window starts with its first hit."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr: a new window starts
        cache.set(key, 1, timeout=window)
        return 1


def is_over(limit: Limit, kind: str, value: str) -> bool:
    """Count one attempt against `value` (e.g. a survey link's token); True when over."""
    return _count(_key(limit, kind, value), limit.window) > limit.attempts


def is_limited(request: HttpRequest, limit: Limit) -> bool:
    """Record this attempt; True when the IP address or the name is over its limit."""
    keys = [_key(limit, "ip", client_ip(request))]
    name = str(request.POST.get(limit.name_field, "")).strip()
    if name:
        keys.append(_key(limit, "name", name))
    counts = [_count(key, limit.window) for key in keys]
    return max(counts) > limit.attempts


def too_many_requests(request: HttpRequest, limit: Limit) -> HttpResponse:
    response = render(
        request, "429.html", {"retry_minutes": max(1, limit.window // 60)}, status=429
    )
    response["Retry-After"] = str(limit.window)
    return response


def rate_limited(
    limit: Limit,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: POSTs over `limit` get the friendly 429 page instead of the view."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST" and enabled() and is_limited(request, limit):
                return too_many_requests(request, limit)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
