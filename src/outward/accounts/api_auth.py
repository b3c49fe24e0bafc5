"""Who may call an API operation: authentication, the operation's permission, the body limit.

Each operation declares its one permission with `api_requires(Perm.X)`, which both enforces
it (through ninja's auth callables, which run before the body is parsed) and publishes it in
the OpenAPI description as `x-permission`: one declaration, so the two cannot disagree.

The checks run in this order, so a caller learns the first thing wrong:
401 not authenticated, 403 permission missing, 413 body too large; then ninja parses
(400 malformed JSON, 422 wrong shape).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie

from outward.accounts.models import ApiToken, User
from outward.accounts.services import authenticate_api_token
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, token_has, user_has

PERMISSION_KEY = "x-permission"
_BODY_METHODS = {"POST", "PUT", "PATCH"}


class RequestTooLarge(OutwardError):
    status = 413


def _check_body_size(request: HttpRequest) -> None:
    if request.method not in _BODY_METHODS:
        return
    limit: int = settings.OUTWARD_API_MAX_BODY_BYTES
    too_large = RequestTooLarge(f"The request body is larger than {limit} bytes.")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as error:
        raise HttpError(400, "Invalid Content-Length header.") from error
    if declared > limit:
        raise too_large
    # Reading the body may itself raise RequestDataTooBig, answered with 413 as well.
    if len(request.body) > limit:
        raise too_large


def _denied(perm: Perm) -> AuthorizationError:
    return AuthorizationError(message=f"This needs the {perm} permission.")


class BearerToken(HttpBearer):
    """`Authorization: Bearer ow_...`: an API token, with its owner's role narrowed by scope."""

    def __init__(self, perm: Perm) -> None:
        self.perm = perm
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        api_token = authenticate_api_token(token.strip())
        if api_token is None:
            raise AuthenticationError(message="Invalid, expired or revoked API token.")
        if not token_has(api_token.user, api_token.scope, self.perm):
            raise _denied(self.perm)
        actor = getattr(request, "audit_actor", None)
        if actor is not None:  # writes made by this request are attributed to the token
            actor.user = api_token.user
            actor.token = api_token
        _check_body_size(request)
        return api_token


class SignedInSession(APIKeyCookie):
    """The browser session of a signed-in user (for /api/v1/docs); unsafe methods need CSRF."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self, perm: Perm) -> None:
        self.perm = perm
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        # Anonymous callers get 401 (not a CSRF 403): they have no session to protect.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User:
        if not user_has(request.user, self.perm):
            raise _denied(self.perm)
        _check_body_size(request)
        return request.user  # type: ignore[return-value]


def caller(request: HttpRequest) -> User:
    """The person behind an authenticated API request: a token's owner, or the signed-in
    user of a session (`api_requires` has authenticated the request before the body runs)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return auth.user
    if isinstance(auth, User):
        return auth
    raise AuthenticationError(message="Sign in or send an API token.")


def _undeclared(request: HttpRequest) -> None:
    """The API-wide default: an operation that declares no permission is refused to all."""
    raise AuthorizationError(message="This operation declares no permission.")


_undeclared.csrf = True  # type: ignore[attr-defined]  # tells the docs page to send CSRF tokens
FAIL_CLOSED = [_undeclared]


def api_requires(perm: Perm) -> dict[str, Any]:
    """Keyword arguments for a router operation: enforce `perm` and publish it in OpenAPI.

    Usage: `@router.get("/customers", response=..., **api_requires(Perm.CUSTOMERS_VIEW))`.
    """
    return {
        "auth": [BearerToken(perm), SignedInSession(perm)],
        "openapi_extra": {PERMISSION_KEY: perm.value},
    }
