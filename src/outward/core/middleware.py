"""Request middleware: attribute writes made during a request to the signed-in user."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from outward.core.audit import acting_as


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        # The API's token authentication fills in the token on this same actor.
        with acting_as(user=user) as actor:
            request.audit_actor = actor  # type: ignore[attr-defined]
            return self.get_response(request)
