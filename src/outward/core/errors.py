"""Errors a user can cause. The edges (views, API, CLI) turn them into clear 4xx messages."""

from __future__ import annotations


class OutwardError(Exception):
    """Base of the errors a user can cause; `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class ValidationError(OutwardError):
    status = 422


class NotFound(OutwardError):
    status = 404


class Conflict(OutwardError):
    status = 409
