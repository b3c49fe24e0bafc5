"""Cursor (keyset) pagination: stable under inserts, constant cost at any depth.

The cursor is opaque to clients: URL-safe base64 of the JSON list of the last row's sort key
values. Every ordering ends with the primary key, so the key is unique and no row is skipped
or repeated between pages.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q

from outward.core.errors import OutwardError

M = TypeVar("M", bound=models.Model)


class InvalidCursor(OutwardError):
    status = 400

    def __init__(self) -> None:
        super().__init__(
            "Invalid cursor.",
            field_errors={"cursor": "Use the next_cursor of a previous page, unchanged."},
        )


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _field_name(term: str) -> str:
    return term.removeprefix("-")


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    plain = [str(v) if isinstance(v, uuid.UUID) else v for v in plain]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(model: type[models.Model], ordering: Sequence[str], cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
    except (binascii.Error, ValueError) as error:  # JSONDecodeError and UnicodeError included
        raise InvalidCursor from error
    if not isinstance(plain, list) or len(plain) != len(ordering):
        raise InvalidCursor
    values = []
    for term, value in zip(ordering, plain, strict=True):
        field = model._meta.get_field(_field_name(term))
        assert isinstance(field, models.Field)  # orderings name concrete fields
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise InvalidCursor
        try:
            parsed = field.to_python(value)
        except (DjangoValidationError, TypeError, ValueError, OverflowError) as error:
            raise InvalidCursor from error
        if isinstance(parsed, datetime):
            _check_aware(parsed)
        values.append(parsed)
    return values


def _check_aware(value: datetime) -> None:
    if value.tzinfo is None:
        raise InvalidCursor
    try:
        value.astimezone(UTC)
    except OverflowError as error:
        raise InvalidCursor from error


def _after(ordering: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in `ordering`: (a > x) or (a = x and b > y) or ..."""
    condition = Q()
    for depth, term in enumerate(ordering):
        op = "lt" if term.startswith("-") else "gt"
        same = {_field_name(t): v for t, v in zip(ordering[:depth], values[:depth], strict=True)}
        condition |= Q(**same, **{f"{_field_name(term)}__{op}": values[depth]})
    return condition


def paginate(
    queryset: models.QuerySet[M], *, ordering: Sequence[str], cursor: str | None, limit: int
) -> Page[M]:
    """One page of `queryset` in `ordering` (whose last term must be the primary key)."""
    queryset = queryset.order_by(*ordering)
    if cursor:
        queryset = queryset.filter(_after(ordering, _decode(queryset.model, ordering, cursor)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return Page(items=rows, next_cursor=None)
    last = rows[limit - 1]
    next_cursor = _encode([getattr(last, _field_name(term)) for term in ordering])
    return Page(items=rows[:limit], next_cursor=next_cursor)
