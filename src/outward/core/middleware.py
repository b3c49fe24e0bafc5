"""Request middleware: refuse query parameters holding NUL; attribute writes made during a
request to the signed-in user."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from outward.core.api_errors import error_body
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


class RejectNulMiddleware:
    """A 400 for any query parameter (name or value) holding a NUL character.

    No text column stores NUL (PostgreSQL refuses it with an error, which became a 500 in any
    view that searched with the parameter), and no legitimate link carries one, so the
    request is refused once here instead of in every view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                shown = name.replace("\x00", "\\0")
                return bad_request(request, shown, "must not contain a NUL character")
        return self.get_response(request)


def bad_request(request: HttpRequest, parameter: str, problem: str) -> HttpResponse:
    """A 400 naming the query parameter: JSON for the API, the error page for people."""
    if request.path.startswith("/api/"):
        body = error_body("Invalid query parameters.", {parameter: problem})
        return JsonResponse(body, status=400)
    reason = f'The query parameter "{parameter}" {problem}.'
    return render(request, "400.html", {"reason": reason}, status=400)
