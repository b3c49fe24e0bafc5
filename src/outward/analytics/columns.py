"""Which column of an input table holds what: guessed from common names, or named by the user.

Guessing compares normalised names (lower case, letters and digits only, so "Created at",
"created_at" and "CreatedAt" are the same) against ordered lists of common names, and
recognises two exports as presets: Zendesk tickets (Subject + Description, Requester,
Created at, Satisfaction Score, Via) and CFPB complaints (Consumer complaint narrative,
Date received, Product, Submitted via, Complaint ID). A name the user gives always wins;
a column is never guessed for two roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from outward.analytics.results import Result


class InputError(Exception):
    """A problem with the input the user can fix: the message says what and where."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ColumnMap(Result):
    """Column names by role. Several text columns are joined (". ") into one text per row."""

    text: tuple[str, ...]
    customer: str | None = None
    date: str | None = None
    score: str | None = None
    outcome: str | None = None
    touchpoint: str | None = None
    product: str | None = None
    batch: str | None = None
    id: str | None = None

    def used(self) -> list[str]:
        """Every column named, text columns first, without repeats."""
        names = [*self.text, *(getattr(self, r) for r in SINGLE_ROLES)]
        return list(dict.fromkeys(n for n in names if n))


SINGLE_ROLES: tuple[str, ...] = tuple(f.name for f in fields(ColumnMap) if f.name != "text")

CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "consumer complaint narrative",
        "review text",
        "comment",
        "comments",
        "feedback",
        "verbatim",
        "body",
        "description",
        "message",
        "utterance",
        "review",
        "content",
        "narrative",
        "complaint",
        "response",
        "answer",
        "question",
    ),
    "customer": (
        "customer",
        "customer id",
        "customer_id",
        "author id",
        "requester",
        "requester id",
        "user id",
        "client id",
        "account id",
        "email",
        "customer email",
        "requester email",
        "user",
        "author",
    ),
    "date": (
        "date",
        "created at",
        "date received",
        "timestamp",
        "submitted at",
        "created",
        "datetime",
        "time",
        "review date",
        "received at",
    ),
    "score": (
        "score",
        "nps",
        "csat",
        "ces",
        "rating",
        "satisfaction",
        "satisfaction score",
        "stars",
        "likelihood to recommend",
    ),
    "outcome": (
        "outcome",
        "churned",
        "churn",
        "recommended",
        "recommended ind",
        "resolved",
        "escalated",
        "renewed",
        "consumer disputed?",
    ),
    "touchpoint": ("touchpoint", "channel", "via", "submitted via", "source", "medium"),
    "product": ("product", "product name", "product id", "sku", "item", "class name"),
    "batch": ("batch", "batch id", "batch number", "lot", "lot number"),
    "id": ("id", "ticket id", "complaint id", "review id", "tweet id", "response id", "case id"),
}
"""Common column names per role, best first (compared after normalisation)."""

PRESETS: dict[str, tuple[frozenset[str], dict[str, tuple[str, ...]]]] = {
    "zendesk": (
        frozenset({"subject", "description", "requester", "created at"}),
        {
            "text": ("subject", "description"),
            "customer": ("requester",),
            "date": ("created at",),
            "score": ("satisfaction score",),
            "touchpoint": ("via",),
            "id": ("id",),
        },
    ),
    "cfpb": (
        frozenset({"consumer complaint narrative", "date received", "complaint id"}),
        {
            "text": ("consumer complaint narrative",),
            "date": ("date received",),
            "product": ("product",),
            "touchpoint": ("submitted via",),
            "outcome": ("consumer disputed?",),
            "id": ("complaint id",),
        },
    ),
}
"""Known exports: the columns that identify them, and their columns by role."""


def normalise(name: str) -> str:
    """Lower case, letters and digits only: "Created at" -> "createdat"."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _available(columns: Sequence[str]) -> str:
    shown = ", ".join(f'"{c}"' for c in columns[:40])
    return shown + (f", ... ({len(columns)} in all)" if len(columns) > 40 else "")


def _detect_preset(by_norm: Mapping[str, str]) -> str | None:
    for name, (signature, _) in PRESETS.items():
        if all(normalise(s) in by_norm for s in signature):
            return name
    return None


def guess_columns(
    columns: Iterable[str],
    overrides: Mapping[str, str | Sequence[str] | None] | None = None,
) -> ColumnMap:
    """The ColumnMap for a table with these columns: the user's names, then guesses.

    overrides maps a role ("text", "customer", ...) to a column name (a list for "text").
    InputError when a named column is missing, or when no text column can be found.
    """
    names = [str(c) for c in columns]
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalise(name), name)
    given = {k: v for k, v in (overrides or {}).items() if v}
    for role, value in given.items():
        if role != "text" and role not in SINGLE_ROLES:
            raise ValueError(f"unknown column role {role!r}")
        for column in [value] if isinstance(value, str) else list(value):
            if column not in names:
                raise InputError(
                    f'missing column "{column}" (for --{role}); available: {_available(names)}'
                )
    taken = {c for v in given.values() for c in ([v] if isinstance(v, str) else v)}
    preset = _detect_preset(by_norm)
    preset_roles = PRESETS[preset][1] if preset else {}

    def pick(role: str) -> list[str]:
        if role in given:
            value = given[role]
            return [value] if isinstance(value, str) else list(value)
        if role in preset_roles:
            found = [by_norm[normalise(c)] for c in preset_roles[role] if normalise(c) in by_norm]
            found = [c for c in found if c not in taken]
            if found:
                taken.update(found)
                return found
        for candidate in CANDIDATES[role]:
            column = by_norm.get(normalise(candidate))
            if column is not None and column not in taken:
                taken.add(column)
                return [column]
        return []

    text = pick("text")
    if not text:
        raise InputError(
            f"no text column found: name one with --text (available: {_available(names)})"
        )

    def single(role: str) -> str | None:
        found = pick(role)
        return found[0] if found else None

    return ColumnMap(
        text=tuple(text),
        customer=single("customer"),
        date=single("date"),
        score=single("score"),
        outcome=single("outcome"),
        touchpoint=single("touchpoint"),
        product=single("product"),
        batch=single("batch"),
        id=single("id"),
    )
