"""A small fixed-window rate limiter on Django's cache, for sign-in, password reset and the
public survey pages.

Sign-in counts *failed* attempts only, and locks out a username at one address: ten wrong
passwords for "sam" from the office lock out "sam" there, never "alex" at the next desk,
and a successful sign-in never counts. Looser caps stop one address from trying many
names and many addresses from hammering one name. Password reset counts every request
(each may send an e-mail).

The client's address is REMOTE_ADDR unless the deployment names its reverse proxies
(``TRUSTED_PROXIES``, see `client_ip`). The cache must be shared between processes for the
limits to hold across workers (the database cache by default).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable, Sequence
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
    """At most `attempts` counted POSTs per `window` seconds for one key."""

    scope: str
    attempts: int
    window: int


@dataclass(frozen=True)
class Policy:
    """The limits one form applies: per name (the POSTed `name_field`) at one address, per
    address, per name.

    `failures_only`: only POSTs the view answers without a redirect (a refused form) count.
    """

    name_field: str
    name_at_address: Limit
    address: Limit
    name: Limit
    failures_only: bool


LOGIN = Policy(
    name_field="username",
    name_at_address=Limit("login", 10, 300),
    address=Limit("login-address", 100, 300),
    name=Limit("login-name", 50, 300),
    failures_only=True,
)
PASSWORD_RESET = Policy(
    name_field="email",
    name_at_address=Limit("password-reset", 5, 3600),
    address=Limit("password-reset-address", 50, 3600),
    name=Limit("password-reset-name", 10, 3600),
    failures_only=False,
)


def enabled() -> bool:
    return bool(getattr(settings, "OUTWARD_RATE_LIMITS_ENABLED", True))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def forwarded_client(remote_addr: str, forwarded_for: str, trusted: int | Sequence[Network]) -> str:
    """The client's address behind trusted proxies.

    The hops are X-Forwarded-For's entries followed by REMOTE_ADDR; each proxy appends the
    address it received from, so only the rightmost entries were written by proxies we
    trust. With a count N, the client is the hop N places left of REMOTE_ADDR (or the first
    hop when there are fewer); with networks, it is the rightmost hop outside them. A client
    can prepend anything it likes, which is why we never read from the left.
    """
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()] + [remote_addr]
    if isinstance(trusted, int):
        return hops[max(0, len(hops) - 1 - trusted)]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None or not any(address in network for network in trusted):
            return hop
    return hops[0]


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, trusting X-Forwarded-For only as far as the
    deployment's TRUSTED_PROXIES says (otherwise anyone could pick a fresh "address" per
    request)."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    trusted = getattr(settings, "OUTWARD_TRUSTED_PROXIES", 0)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if not trusted or not forwarded:
        return remote
    return forwarded_client(remote, forwarded, trusted)


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


def _policy_keys(request: HttpRequest, policy: Policy) -> list[tuple[Limit, str]]:
    address = client_ip(request)
    keys = [(policy.address, _key(policy.address, "ip", address))]
    name = str(request.POST.get(policy.name_field, "")).strip()
    if name:
        pair = f"{name.lower()}\n{address}"
        keys.append((policy.name_at_address, _key(policy.name_at_address, "pair", pair)))
        keys.append((policy.name, _key(policy.name, "name", name)))
    return keys


def is_locked(request: HttpRequest, policy: Policy) -> bool:
    """True when any of the policy's counters for this request is already at its limit."""
    keys = _policy_keys(request, policy)
    counts = cache.get_many([key for _, key in keys])
    return any(counts.get(key, 0) >= limit.attempts for limit, key in keys)


def record_attempt(request: HttpRequest, policy: Policy) -> None:
    for limit, key in _policy_keys(request, policy):
        _count(key, limit.window)


def too_many_requests(request: HttpRequest, window: int) -> HttpResponse:
    response = render(request, "429.html", {"retry_minutes": max(1, window // 60)}, status=429)
    response["Retry-After"] = str(window)
    return response


def rate_limited(
    policy: Policy,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: a POST past the policy's limits gets the friendly 429 page instead of
    the view; a POST is counted after the view answers (only refusals, if so configured)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method != "POST" or not enabled():
                return view(request, *args, **kwargs)
            if is_locked(request, policy):
                return too_many_requests(request, policy.name_at_address.window)
            response = view(request, *args, **kwargs)
            if not policy.failures_only or not 300 <= response.status_code < 400:
                record_attempt(request, policy)
            return response

        return wrapper

    return decorator
