"""Reads for the programme pages and API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from outward.accounts.models import User
from outward.programme.checklist import FRONTLINE, YEAR
from outward.programme.models import Assessment, ServicePolicy, TrainingRecord


def policies() -> QuerySet[ServicePolicy]:
    return ServicePolicy.objects.select_related("published_by").defer("file_data")


def history(days: int = 730) -> QuerySet[Assessment]:
    return Assessment.objects.filter(day__gte=timezone.localdate() - dt.timedelta(days=days))


@dataclass(frozen=True)
class Trained:
    """A frontline employee and their latest training."""

    user: User
    latest: TrainingRecord | None
    current: bool


def frontline_training(today: dt.date | None = None) -> list[Trained]:
    today = today or timezone.localdate()
    people = list(
        User.objects.filter(is_active=True, role__in=FRONTLINE)
        .select_related("team")
        .order_by("first_name", "last_name", "pk")
    )
    latest: dict[int, TrainingRecord] = {}
    records = TrainingRecord.objects.filter(user__in=people).order_by("user_id", "-completed_on")
    for row in records:
        latest.setdefault(row.user_id, row)
    found = []
    for person in people:
        record = latest.get(person.pk)
        current = bool(
            record
            and record.completed_on > today - dt.timedelta(days=YEAR)
            and (record.valid_until is None or record.valid_until >= today)
        )
        found.append(Trained(person, record, current))
    return sorted(found, key=lambda t: (t.current, t.user.get_full_name()))


def training_records(limit: int = 200) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.select_related("user", "recorded_by")[:limit]
