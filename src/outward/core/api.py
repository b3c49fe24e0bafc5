"""Building blocks of the API's schemas: strict input bases and scalar types safe to store.

Every input schema refuses unknown fields. Text refuses NUL characters and lone surrogates,
which PostgreSQL (and SQLite's UTF-8 encoder) would reject with a server error, and
timestamps must carry a time zone and convert to UTC without overflowing.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

from django.db import models
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, JsonValue, StrictStr

from outward.core.errors import ValidationError

EARLIEST_YEAR = 1900
M = TypeVar("M", bound=models.Model)


def _storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("Must be valid Unicode text.") from error
    return value


def _utc_moment(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Give a time zone (e.g. 2026-05-01T10:00:00Z).")
    try:
        in_utc = value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError("Out of range.") from error
    if in_utc.year < EARLIEST_YEAR or in_utc.year > 9998:
        raise ValueError(f"Must lie between {EARLIEST_YEAR} and 9998.")
    return value


_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*")


def _not_a_number(value: Any) -> Any:
    """Dates and moments come as text: pydantic would read 0 or "0.5" as seconds since 1970,
    which no client means (and the published schema says a date string)."""
    number = isinstance(value, bool | int | float)
    if number or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("Give a date as text, e.g. 2026-05-01 (or 2026-05-01T10:00:00Z).")
    return value


def _day_in_range(value: date) -> date:
    if value.year < EARLIEST_YEAR or value.year > 9998:
        raise ValueError(f"Must lie between {EARLIEST_YEAR} and 9998.")
    return value


def _storable_json(value: dict[str, JsonValue]) -> dict[str, JsonValue]:
    # ensure_ascii escapes every character, so NUL shows as \u0000 and lone surrogates as
    # \ud8xx: both are refused by PostgreSQL's jsonb.
    encoded = json.dumps(value)
    if "\\u0000" in encoded:
        raise ValueError("Must not contain NUL characters.")
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("Must be valid Unicode text.") from error
    return value


Text = Annotated[StrictStr, AfterValidator(_storable_text)]
# The years the server takes (EARLIEST_YEAR to 9998), published as a pattern on the text.
_YEARS = {"pattern": r"^(19\d\d|[2-8]\d{3}|9[0-8]\d\d|99[0-8]\d|999[0-8])-"}
Moment = Annotated[
    datetime,
    BeforeValidator(_not_a_number),
    AfterValidator(_utc_moment),
    Field(json_schema_extra=_YEARS),
]
Day = Annotated[
    date,
    BeforeValidator(_not_a_number),
    AfterValidator(_day_in_range),
    Field(json_schema_extra=_YEARS),
]


def _whole(value: Any) -> Any:
    """An integer, or a float with nothing after the point (JSON Schema counts 3.0 as an
    integer, so the server does too); never text or a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Must be a whole number.")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("Must be a whole number.")
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole)]
JsonObject = Annotated[dict[str, JsonValue], AfterValidator(_storable_json)]
Slug = Annotated[StrictStr, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=50)]
# A query parameter (so "5" is accepted), bounded so it never overflows a database integer.
SmallInt = Annotated[int, Field(ge=-32768, le=32767)]


class InSchema(Schema):
    """A request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# The default of a Patch field, meaning "not sent". It is None to pydantic, which does not
# validate defaults, while an explicit null sent by a client is validated against the type.
# Typed Any so that a non-nullable field (`name: Text = Field(UNSET)`) may default to it.
UNSET: Any = None


class PatchSchema(InSchema):
    """A partial update: only the fields sent change.

    Fields default to UNSET; their type refuses an explicit null unless the field is declared
    `X | None` (a value that may be cleared).
    """

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class PageQuery(Schema):
    """Cursor pagination parameters shared by every list endpoint."""

    cursor: Text | None = Field(None, max_length=512, description="next_cursor of the last page")
    limit: int = Field(50, ge=1, le=500)


def referenced(queryset: models.QuerySet[M], pk: Any, *, field: str) -> M:
    """The object a request body refers to by id; a dangling id is the caller's error (422)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        label = queryset.model._meta.verbose_name
        raise ValidationError(f"No such {label}.", field_errors={field: f"No {label} {pk}."})
    return found
