"""The `PromiseDay` rollup: one promise settled is added to its day, team and owner; a
rebuild recomputes it from the ledger (its migration, a repair)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from outward.cases.choices import PromiseStatus
from outward.cases.models import Promise, PromiseDay


def add(promise: Promise) -> None:
    """Count a settled promise (inside the transaction that settles it)."""
    assert promise.resolved_at is not None
    key = {
        "day": timezone.localdate(promise.resolved_at),
        "team_id": promise.team_id or 0,
        "owner_id": promise.owner_id,
    }
    kept = int(promise.status == PromiseStatus.KEPT)
    on_time = int(bool(kept and promise.resolved_at <= promise.due_at))
    if PromiseDay.objects.filter(**key).update(
        settled=F("settled") + 1, kept=F("kept") + kept, on_time=F("on_time") + on_time
    ):
        return
    try:
        with transaction.atomic():
            PromiseDay.objects.create(**key, settled=1, kept=kept, on_time=on_time)
    except IntegrityError:  # created meanwhile by a concurrent settle: add to it
        PromiseDay.objects.filter(**key).update(
            settled=F("settled") + 1, kept=F("kept") + kept, on_time=F("on_time") + on_time
        )


@transaction.atomic
def rebuild() -> int:
    """Recompute the rollup from the ledger; how many rows it holds."""
    PromiseDay.objects.all().delete()
    rows = (
        Promise.objects.exclude(status=PromiseStatus.OPEN)
        .annotate(day=TruncDate("resolved_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "team_id", "owner_id")
        .annotate(
            settled=Count("id"),
            kept=Count("id", filter=Q(status=PromiseStatus.KEPT)),
            in_time=Count("id", filter=Q(status=PromiseStatus.KEPT, resolved_at__lte=F("due_at"))),
        )
        .order_by()
    )
    days = [
        PromiseDay(
            day=r["day"],
            team_id=r["team_id"] or 0,
            owner_id=r["owner_id"],
            settled=r["settled"],
            kept=r["kept"],
            on_time=r["in_time"],
        )
        for r in rows
    ]
    PromiseDay.objects.bulk_create(days, batch_size=5000)
    return len(days)
