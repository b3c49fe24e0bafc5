"""The survey answer rollup (`AnswerDay`): what each customer survey's completed responses
answered, per day and slice, so its results page counts a few rows per question.

`add` counts one response in as it completes (in the completing transaction, which holds the
response's lock, so a response is counted once); `rebuild` recounts surveys from their
stored responses (responses written in bulk: the demo company, a benchmark).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from outward.core.bulk import add_counts
from outward.surveys.choices import Audience, QuestionType
from outward.surveys.models import AnswerDay, Question, Response, Survey

COMPLETED = ""
"""The `question` of the row that counts completed responses."""
KEY = ("day", "survey_id", "question", "answer", "segment", "region", "touchpoint_id", "product_id")
FLUSH = 20_000  # keys held in memory by `rebuild` before they are written


def answer_text(question_type: str, value: Any) -> str:
    """An answer as the rollup keeps it: "" for an open question, a multiple choice as its
    JSON list, anything else as its text."""
    if question_type == QuestionType.TEXT:
        return ""
    if isinstance(value, list):
        return json.dumps([str(v) for v in value])
    return str(value)


def _count(
    rows: dict[tuple[Any, ...], list[float]],
    survey_id: uuid.UUID,
    types: Mapping[str, str],
    answers: Mapping[str, Any],
    day: dt.date,
    slices: tuple[str, str, int, str],
) -> None:
    """Add one response's answers to `rows` (key -> [n])."""
    keys = [(COMPLETED, "")]
    keys += [
        (key, answer_text(types[key], value))
        for key, value in answers.items()
        if key in types and value is not None
    ]
    for question, answer in keys:
        rows.setdefault((day, survey_id, question, answer, *slices), [0])[0] += 1


def add(response: Response, survey: Survey, questions: Sequence[Question]) -> None:
    """Count this just-completed customer response in."""
    if survey.audience != Audience.CUSTOMERS or response.completed_at is None:
        return
    customer = response.customer
    item = response.feedback
    slices = (
        customer.segment if customer else "",
        customer.region if customer else "",
        (item.touchpoint_id or 0) if item else 0,
        str(item.product_id) if item and item.product_id else "",
    )
    rows: dict[tuple[Any, ...], list[float]] = {}
    types = {q.key: q.type for q in questions}
    day = timezone.localdate(response.completed_at)
    _count(rows, survey.pk, types, response.answers, day, slices)
    add_counts(AnswerDay, KEY, ("n",), rows)


def rebuild(surveys: Iterable[Survey] | None = None) -> None:
    """Recount these customer surveys (default: all of them) from their completed responses,
    in one transaction."""
    chosen = Survey.objects.filter(audience=Audience.CUSTOMERS)
    if surveys is not None:
        chosen = chosen.filter(pk__in=[s.pk for s in surveys])
    types: dict[uuid.UUID, dict[str, str]] = {}
    for survey_id, key, kind in Question.objects.filter(survey__in=chosen).values_list(
        "survey_id", "key", "type"
    ):
        types.setdefault(survey_id, {})[key] = kind
    responses = Response.objects.filter(survey__in=chosen, completed_at__isnull=False).values_list(
        "survey_id",
        "answers",
        "completed_at",
        "customer__segment",
        "customer__region",
        "feedback__touchpoint_id",
        "feedback__product_id",
    )
    with transaction.atomic():
        AnswerDay.objects.filter(survey__in=chosen).delete()
        rows: dict[tuple[Any, ...], list[float]] = {}
        for survey_id, answers, at, segment, region, touchpoint, product in responses.iterator(
            chunk_size=5000
        ):
            slices = (segment or "", region or "", touchpoint or 0, str(product or ""))
            day = timezone.localdate(at)
            _count(rows, survey_id, types.get(survey_id, {}), answers or {}, day, slices)
            if len(rows) >= FLUSH:
                add_counts(AnswerDay, KEY, ("n",), rows)
                rows = {}
        add_counts(AnswerDay, KEY, ("n",), rows)
