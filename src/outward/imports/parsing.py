"""Turning rows of a file into checked feedback rows, a chunk at a time, or saying why not.

Free of Django and of the database: the catalogue (touchpoints, products, batches) comes in
as plain dicts, so the parser can be tested on any input. Dates are parsed for the whole
chunk at once (pandas, the format found once per import by the analytics core); the rest
is a loop of cheap checks with caches for repeated values (scores, e-mails, touchpoints).
Every problem is a RowError naming the row, the column and the reason; a row with one is not
stored. Nothing here raises on bad cell contents.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd

from outward.analytics.columns import normalise
from outward.analytics.io import guess_date_format
from outward.feedback.choices import MAX_TAG_CHARS, MAX_TAGS, MAX_TEXT_CHARS, SCORE_RANGES
from outward.imports.mapping import FIELD_NAMES, ColumnMapping
from outward.imports.reader import Record

FUTURE_TOLERANCE = timedelta(days=1)
LIMITS = {
    "external_id": 200,
    "customer_external_id": 100,
    "customer_email": 254,
    "customer_name": 200,
    "segment": 50,
    "region": 50,
    "language": 12,
}
SCORES = {**SCORE_RANGES, "rating": (1, 5)}  # a star rating stands in for a missing CSAT
# Words some exports put in a score column: Zendesk's satisfaction is Good / Bad, and
# "offered" / "unoffered" mean the survey was (not) answered.
SCORE_WORDS = {"good": 5, "bad": 1}
NO_SCORE = {"-", "n/a", "na", "none", "null", "offered", "unoffered", "not offered"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# PostgreSQL stores neither NUL nor lone surrogates (which only JSON escapes can produce).
BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
TEXT_JOINER = "\n\n"
LIST_COLUMNS = {"tags", "labels"}  # normalised names of columns that hold several tags


@dataclass(frozen=True)
class Catalog:
    """What rows may refer to: touchpoints by slug or name (lower case), products by SKU or
    name (as given and lower case), batches by (product id, lot code), and the sources there
    are (value or label)."""

    touchpoints: dict[str, int] = field(default_factory=dict)
    products: dict[str, uuid.UUID] = field(default_factory=dict)
    batches: dict[tuple[uuid.UUID, str], uuid.UUID] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """How to read the rows of one import."""

    mapping: ColumnMapping
    source: str
    id_prefix: str

    @property
    def mapped_columns(self) -> frozenset[str]:
        return frozenset(c for columns in self.mapping.values() for c in columns)

    def column(self, name: str) -> str | None:
        columns = self.mapping.get(name)
        return columns[0] if columns else None


@dataclass(slots=True)
class ParsedRow:
    row: int
    source: str
    external_id: str
    text: str
    occurred_at: datetime | None = None
    customer_external_id: str = ""
    customer_email: str = ""
    customer_name: str = ""
    segment: str = ""
    region: str = ""
    language: str = "en"
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    touchpoint_id: int | None = None
    product_id: uuid.UUID | None = None
    batch_id: uuid.UUID | None = None
    raw: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str
    value: str = ""


@dataclass
class ParsedChunk:
    rows: list[ParsedRow]
    errors: list[RowError]
    error_rows: int
    read: int
    last_row: int


class DateReader:
    """Dates of one import: the format is found on the first values and kept, so 03/04 means
    the same day in every chunk; a value the format misses gets a second, slower try."""

    def __init__(self) -> None:
        self.format: str | None = None

    def parse(self, values: Sequence[str]) -> list[datetime | None]:
        """A UTC datetime per value; None for an empty or an unparseable one (the caller
        tells them apart)."""
        present = [i for i, v in enumerate(values) if v]
        out: list[datetime | None] = [None] * len(values)
        if not present:
            return out
        strings = pd.Series([values[i] for i in present], dtype=object)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self.format is None:
                self.format = _best_format(strings.head(1000))
            parsed = pd.to_datetime(strings, format=self.format, errors="coerce", utc=True)
            missed = parsed.isna()
            if missed.any() and self.format != "mixed":
                retry = pd.to_datetime(strings[missed], format="mixed", errors="coerce", utc=True)
                parsed = parsed.where(~missed, retry)
        for position, stamp in zip(present, parsed, strict=True):
            if not pd.isna(stamp):
                try:
                    out[position] = stamp.to_pydatetime()
                except ValueError:  # pandas knows year 0, Python does not
                    continue
        return out


def _best_format(sample: pd.Series) -> str:
    """The analytics core's format for the sample; when no format fits every value (a typo
    in the first rows), the one that fits most of them, so one bad date does not send the
    whole import down the slow per-value path."""
    fmt = guess_date_format(sample)
    if fmt != "mixed":
        return fmt
    candidates = {guess_date_format(sample.iloc[i : i + 1]) for i in range(min(len(sample), 20))}
    candidates.discard("mixed")
    best, best_share = "mixed", 0.5
    for candidate in candidates:
        share = pd.to_datetime(sample, format=candidate, errors="coerce", utc=True).notna().mean()
        if share > best_share:
            best, best_share = candidate, share
    return best


class RowParser:
    """Parses chunks of rows for one import (caches live as long as the import)."""

    def __init__(self, plan: Plan, catalog: Catalog, now: datetime) -> None:
        self.plan = plan
        self.catalog = catalog
        self.latest = now + FUTURE_TOLERANCE
        self.dates = DateReader()
        self.text_columns = plan.mapping.get("text", [])
        self.tag_columns = plan.mapping.get("tags", [])
        self.columns = {
            name: plan.column(name) for name in FIELD_NAMES if name not in {"text", "tags"}
        }
        self.mapped = plan.mapped_columns
        self._scores: dict[tuple[str, str], int | str | None] = {}
        self._emails: dict[str, str | None] = {}

    def parse(self, records: Sequence[Record]) -> ParsedChunk:
        date_column = self.columns["occurred_at"]
        cells_of = [cells for _, cells in records if isinstance(cells, dict)]
        stamps = iter(
            self.dates.parse([c.get(date_column, "").strip() for c in cells_of])
            if date_column
            else [None] * len(cells_of)
        )
        rows: list[ParsedRow] = []
        errors: list[RowError] = []
        error_rows = 0
        for number, cells in records:
            if isinstance(cells, str):
                errors.append(RowError(number, "", cells))
                error_rows += 1
                continue
            row, problems = self._row(number, cells, next(stamps))
            if problems:
                errors.extend(problems)
                error_rows += 1
            elif row is not None:
                rows.append(row)
        last = records[-1][0] if records else 0
        return ParsedChunk(rows, errors, error_rows, len(records), last)

    def _row(
        self, number: int, cells: dict[str, str], stamp: datetime | None
    ) -> tuple[ParsedRow | None, list[RowError]]:
        problems: list[RowError] = []

        def fail(column: str | None, reason: str, value: str = "") -> None:
            problems.append(RowError(number, column or "", reason, value[:200]))

        values = {name: cells.get(col, "").strip() for name, col in self.columns.items() if col}
        texts = [cells.get(c, "").strip() for c in self.text_columns]
        if BAD_CHARS.search("".join(texts) + "".join(values.values())):
            for column in (*self.text_columns, *(c for c in self.columns.values() if c)):
                if BAD_CHARS.search(cells.get(column, "")):
                    fail(column, "holds a NUL or an invalid Unicode character")
            return None, problems

        text = TEXT_JOINER.join(t for t in texts if t)
        text_column = self.text_columns[0] if self.text_columns else "text"
        if len(text) > MAX_TEXT_CHARS:
            fail(text_column, f"text longer than {MAX_TEXT_CHARS:,} characters")
        tags = self._tags(cells)

        for name, limit in LIMITS.items():
            value = values.get(name, "")
            if len(value) > limit and name != "external_id":
                fail(self.columns[name], f"longer than {limit} characters", value)

        date_value = values.get("occurred_at", "")
        if date_value and stamp is None:
            fail(self.columns["occurred_at"], "unparseable date", date_value)
        elif stamp is not None and stamp > self.latest:
            fail(self.columns["occurred_at"], "date in the future", date_value)

        scores: dict[str, int | None] = {}
        for name in SCORES:
            value = values.get(name, "")
            score = self._score(name, value) if value else None
            if isinstance(score, str):
                fail(self.columns[name], score, value)
            else:
                scores[name] = score

        email = values.get("customer_email", "")
        if email:
            checked = self._email(email)
            if checked is None:
                fail(self.columns["customer_email"], "bad e-mail address", email)
            email = checked or ""

        source = self.plan.source
        if value := values.get("source", ""):
            found = self.catalog.sources.get(value.lower())
            if found is None:
                fail(self.columns["source"], "unknown source", value)
            source = found or source

        touchpoint_id = None
        if value := values.get("touchpoint", ""):
            touchpoint_id = self.catalog.touchpoints.get(value.lower())
            if touchpoint_id is None:
                fail(self.columns["touchpoint"], "unknown touchpoint", value)
        product_id = None
        if value := values.get("product", ""):
            product_id = self.catalog.products.get(value) or self.catalog.products.get(
                value.lower()
            )
            if product_id is None:
                fail(self.columns["product"], "unknown product (neither a SKU nor a name)", value)
        batch_id = None
        if value := values.get("batch", ""):
            if not values.get("product"):
                fail(self.columns["batch"], "a batch needs the product too", value)
            elif product_id is not None:
                batch_id = self.catalog.batches.get((product_id, value))
                if batch_id is None:
                    fail(self.columns["batch"], "unknown batch of this product", value)

        external_id = ""
        if value := values.get("external_id", ""):
            external_id = f"{self.plan.id_prefix}:{value}"
            if len(external_id) > LIMITS["external_id"]:
                room = LIMITS["external_id"] - len(self.plan.id_prefix) - 1
                fail(self.columns["external_id"], f"id longer than {room} characters", value)
        if not text and not tags and all(score is None for score in scores.values()):
            fail(text_column, "nothing to store: no text, score or tag")
        if problems:
            return None, problems

        csat = scores.get("csat")
        raw = {k: v for k, v in cells.items() if v and k not in self.mapped}
        if scores.get("rating") is not None:
            if csat is None:
                csat = scores["rating"]
            else:
                raw[self.columns["rating"] or "rating"] = values["rating"]
        if raw and BAD_CHARS.search("".join(raw.values()) + "".join(raw)):
            raw = {BAD_CHARS.sub("\ufffd", k): BAD_CHARS.sub("\ufffd", v) for k, v in raw.items()}
        row = ParsedRow(
            row=number,
            source=source,
            external_id=external_id,
            text=text,
            occurred_at=stamp,
            customer_external_id=values.get("customer_external_id", ""),
            customer_email=email,
            customer_name=values.get("customer_name", ""),
            segment=values.get("segment", ""),
            region=values.get("region", ""),
            language=values.get("language", "") or "en",
            nps=scores.get("nps"),
            csat=csat,
            ces=scores.get("ces"),
            touchpoint_id=touchpoint_id,
            product_id=product_id,
            batch_id=batch_id,
            raw=raw,
            tags=tags,
        )
        if not external_id:
            row.external_id = content_id(row)
        return row, []

    def _tags(self, cells: dict[str, str]) -> list[str]:
        """The row's tags: each tag column's cell is one tag, but a column named Tags holds a
        list (Zendesk's are space-separated, others comma-separated); duplicates and tags
        past the limits are dropped, never a reason to refuse the row."""
        tags: dict[str, None] = {}
        for column in self.tag_columns:
            cell = BAD_CHARS.sub("", cells.get(column, "")).strip()
            if not cell:
                continue
            if normalise(column) in LIST_COLUMNS:
                parts = re.split(r"[,;]" if re.search(r"[,;]", cell) else r"\s+", cell)
            else:
                parts = [cell]
            tags.update(dict.fromkeys(p.strip()[:MAX_TAG_CHARS] for p in parts if p.strip()))
        return list(tags)[:MAX_TAGS]

    def _score(self, name: str, value: str) -> int | str | None:
        key = (name, value)
        if key not in self._scores:
            self._scores[key] = read_score(name, value)
        return self._scores[key]

    def _email(self, value: str) -> str | None:
        if value not in self._emails:
            lowered = value.lower()
            ok = len(lowered) <= LIMITS["customer_email"] and EMAIL.match(lowered)
            self._emails[value] = lowered if ok else None
        return self._emails[value]


def read_score(name: str, value: str) -> int | str | None:
    """The score in a cell: an int in range, None for "no score", or the reason it is bad."""
    low, high = SCORES[name]
    word = value.strip().lower()
    if word in NO_SCORE:
        return None
    if name in {"csat", "rating"} and word in SCORE_WORDS:
        return SCORE_WORDS[word]
    try:
        number = float(word.replace(",", "."))
    except ValueError:
        return "not a number"
    if number != number or not number.is_integer():  # NaN, or 3.5
        return "not a whole number"
    if not low <= number <= high:
        return f"score out of range ({low}-{high})"
    return int(number)


def content_id(row: ParsedRow) -> str:
    """A stable id for a row without one: a hash of its mapped values, so the same row in
    another file (same values, any column order or date format) gets the same id."""
    parts = (
        row.text,
        row.occurred_at.isoformat() if row.occurred_at else "",
        row.customer_external_id,
        row.customer_email,
        row.customer_name,
        row.segment,
        row.region,
        row.language,
        *(str(s) if s is not None else "" for s in (row.nps, row.csat, row.ces)),
        str(row.touchpoint_id or ""),
        str(row.product_id or ""),
        str(row.batch_id or ""),
        *row.tags,
    )
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f"sha:{digest}"
