"""The API's error responses: JSON, a `detail` sentence, and a message per field.

    {"detail": "Invalid customer.", "errors": {"email": "Enter a valid email address."}}

Errors a caller can cause map to 4xx here. Anything else is a bug and is left to Django's
500 handling (ninja's default), so it is logged and seen rather than hidden.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from pydantic import Field

from outward.core.errors import OutwardError

_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def error_body(detail: str, errors: Mapping[str, str] | list[Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return body


def field_path(loc: tuple[Any, ...] | list[Any], body_param: str | None = None) -> str:
    """`("body", "payload", "items", 3, "nps")` -> `"items.3.nps"`; the request itself: "body"."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == body_param:
            parts.pop(0)
    return ".".join(str(p) for p in parts) or "body"


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value."))
    return message.removeprefix("Value error, ")


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, str]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        # ninja nests a body schema under its parameter name; every body param here is
        # called `payload`.
        path = field_path(loc, body_param="payload")
        if error.get("type") == "extra_forbidden":
            by_field.setdefault(path, []).append("Unknown field.")
        else:
            by_field.setdefault(path, []).append(_message(error))
    return {path: " ".join(messages) for path, messages in by_field.items()}


@contextmanager
def api_field_names(renames: Mapping[str, str]) -> Iterator[None]:
    """Report a service's field errors under the API's field names (`account` -> `account_id`)."""
    try:
        yield
    except OutwardError as error:
        error.field_errors = {renames.get(k, k): v for k, v in error.field_errors.items()}
        raise


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(OutwardError)
    def on_outward_error(request: HttpRequest, exc: OutwardError) -> HttpResponse:
        return respond(request, error_body(exc.message, exc.field_errors), exc.status)

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = validation_errors(exc.errors)
        return respond(request, error_body("Invalid request.", errors), 422)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, error_body(exc.message), exc.status_code)

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message
        if message == "Unauthorized":  # ninja's default: no credentials at all
            message = "Sign in or send an API token (Authorization: Bearer ow_...)."
        response = respond(request, error_body(message), 401)
        response["WWW-Authenticate"] = 'Bearer realm="outward"'
        return response

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, error_body(str(exc) or "Not allowed."), 403)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, error_body("Not found."), 404)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, error_body("The request body is too large."), 413)


class ItemErrorOut(Schema):
    index: int = Field(description="Position of the item in the batch, from 0")
    field: str
    message: str


class ErrorOut(Schema):
    """Every error the API answers with."""

    detail: str = Field(description="What went wrong, in one sentence")
    errors: dict[str, str] | list[ItemErrorOut] | None = Field(
        None, description="A message per field (dotted path), or per item of a batch"
    )


_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_WHY = {
    "400": "A query parameter holds a NUL character, or the request cannot be read",
    "401": "No credentials, or an unknown, revoked or expired token",
    "403": "The token or user lacks the operation's permission (x-permission)",
    "404": "No such object",
    "409": "Conflicts with what is stored (a duplicate key, a state that forbids it)",
    "413": "The request body is larger than the server accepts",
    "422": "A field is missing, of the wrong type or out of range: named in errors",
}
_WRITES = {"post", "put", "patch", "delete"}
# Every text the API takes refuses NUL (core.api.Text, and the NUL middleware for queries).
NO_NUL_PATTERN = "^[^\\u0000]*$"
_INPUT_SUFFIXES = ("In", "Patch")


def _no_nul(schema: Any) -> None:
    """Add the no-NUL pattern to every free-text string in a JSON schema (in place)."""
    if isinstance(schema, list):
        for part in schema:
            _no_nul(part)
        return
    if not isinstance(schema, dict):
        return
    free_text = not {"pattern", "enum", "format", "const", "$ref"} & schema.keys()
    if schema.get("type") == "string" and free_text:
        schema["pattern"] = NO_NUL_PATTERN
    for value in schema.values():
        _no_nul(value)


class OutwardAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI description states every error an operation can answer with
    (the statuses the error handlers above produce, each with the Error schema) and that
    free text it takes may not hold NUL."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["Error"] = error_schema
        for name, component in components.items():
            if name.endswith(_INPUT_SUFFIXES):
                _no_nul(component.get("properties", {}))
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for parameter in operation.get("parameters", []):
                    _no_nul(parameter.get("schema"))
                # 404 too where no id is in the path: a look-up can find nothing.
                statuses = ["400", "401", "403", "404", "422"]
                if method in _WRITES:
                    statuses += ["409", "413"]
                responses = operation.setdefault("responses", {})
                for status in statuses:
                    responses.setdefault(
                        status,
                        {
                            "description": _WHY[status],
                            "content": {"application/json": {"schema": _ERROR_REF}},
                        },
                    )
        return schema
