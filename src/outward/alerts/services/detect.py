"""Finding events: on arriving feedback (detractors, urgent observations, switching talk), on
a new refit (emerging issues under the engine's false-alarm budget, recall reviews) and on
the rollups (a theme crossing a rule's volume or sentiment threshold).

Each event is written once: its key names its kind and subject, and a second finding of it
(a retry, a second worker) is ignored by the unique key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from outward.alerts.choices import ITEM_KINDS, THRESHOLD_KINDS, AlertKind
from outward.alerts.models import AlertEvent, AlertRule, AlertSweep, ThresholdState
from outward.analytics.competitors import Competitor as EngineCompetitor
from outward.analytics.competitors import find_competitors
from outward.customers.models import Customer
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.fieldwork.choices import Urgency
from outward.fieldwork.models import FieldObservation
from outward.insights.models import AnalysisRun, Competitor, RecallReview, Theme, ThemeDay

RECENT = dt.timedelta(days=2)  # older feedback (a backfill, an import) is history, not news
EMERGING_RECENT = dt.timedelta(days=14)
THRESHOLD_EVERY = dt.timedelta(minutes=10)
SENTIMENT_MIN_ITEMS = 10  # a mean over fewer mentions is noise, not a crossing
URGENT = frozenset({Urgency.HIGH, Urgency.CRITICAL})
SUMMARY_CHARS = 400


def _enabled_kinds(kinds: Sequence[str]) -> set[str]:
    return set(
        AlertRule.objects.filter(enabled=True, kind__in=kinds)
        .values_list("kind", flat=True)
        .distinct()
    )


def _record(events: list[AlertEvent]) -> int:
    """Write new events (known keys ignored) and queue their dispatch after commit."""
    if not events:
        return 0
    AlertEvent.objects.bulk_create(events, ignore_conflicts=True)
    from outward.alerts.tasks import dispatch_events_task

    transaction.on_commit(lambda: dispatch_events_task.enqueue())
    return len(events)


def _customer_context(customer: Customer | None) -> dict[str, Any]:
    if customer is None:
        return {"customer_id": None, "segment": "", "region": "", "customer_value": 0.0}
    return {
        "customer_id": str(customer.pk),
        "segment": customer.segment,
        "region": customer.region,
        "customer_value": float(customer.annual_value),
    }


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def record_item_events(items: Sequence[FeedbackItem], now: dt.datetime | None = None) -> int:
    """Events of newly analysed items (called in the transaction that stores their analysis):
    a detractor's answer, an urgent field observation, switching talk naming a competitor.

    Only kinds someone subscribes to are looked for, and only in items that arrived one by
    one in the last two days: an import of last year's tickets is history, not news."""
    now = now or timezone.now()
    kinds = _enabled_kinds(list(ITEM_KINDS))
    fresh = [i for i in items if not i.imported and i.received_at >= now - RECENT]
    if not kinds or not fresh:
        return 0
    customers = Customer.objects.in_bulk([i.customer_id for i in fresh if i.customer_id])
    events: list[AlertEvent] = []

    def event(kind: str, item: FeedbackItem, title: str, **extra: Any) -> AlertEvent:
        customer = customers.get(item.customer_id) if item.customer_id else None
        context = _customer_context(customer) | {
            "item_id": str(item.pk),
            "touchpoint_id": item.touchpoint_id,
            "product_id": str(item.product_id) if item.product_id else "",
            "theme_id": item.theme_id,
            "score": item.nps,
        }
        link = reverse("customers:detail", args=[customer.pk]) if customer else ""
        return AlertEvent(
            kind=kind,
            key=f"{kind}:{item.pk}",
            occurred_at=item.occurred_at,
            title=title[:200],
            summary=_short(item.text),
            link=link,
            context=context | extra,
        )

    def who(item: FeedbackItem) -> str:
        customer = customers.get(item.customer_id) if item.customer_id else None
        return customer.name if customer else "A customer"

    if AlertKind.DETRACTOR in kinds:
        for item in fresh:
            if item.nps is not None and item.nps <= 6:
                events.append(
                    event(AlertKind.DETRACTOR, item, f"{who(item)} answered {item.nps} out of 10")
                )
    if AlertKind.URGENT_OBSERVATION in kinds:
        field = [i for i in fresh if i.source == Source.FIELD_OBSERVATION]
        observations = FieldObservation.objects.filter(
            feedback_id__in=[i.pk for i in field], urgency__in=URGENT
        ).select_related("observed_by")
        by_item = {o.feedback_id: o for o in observations}
        for item in field:
            seen = by_item.get(item.pk)
            if seen is None:
                continue
            new = event(
                AlertKind.URGENT_OBSERVATION,
                item,
                f"{seen.get_urgency_display()} observation at {who(item)}",
                urgency=seen.urgency,
                observed_by=str(seen.observed_by or ""),
            )
            new.link = reverse("fieldwork:detail", args=[seen.pk])
            events.append(new)
    if AlertKind.COMPETITOR_SWITCH in kinds:
        events += _switching_events(fresh, event, who)
    return _record(events)


def _switching_events(items: list[FeedbackItem], event: Any, who: Any) -> list[AlertEvent]:
    competitors = [
        EngineCompetitor(c.name, tuple(c.aliases)) for c in Competitor.objects.order_by("name")
    ]
    texted = [i for i in items if i.text.strip()]
    if not competitors or not texted:
        return []
    found = find_competitors([i.text for i in texted], competitors)
    out = []
    for index, item in enumerate(texted):
        names = found.competitors[index]
        if bool(found.switching[index]) and names:
            out.append(
                event(
                    AlertKind.COMPETITOR_SWITCH,
                    item,
                    f"{who(item)} talks of switching to {', '.join(names)}",
                    competitors=list(names),
                    cue=found.switching_cue[index] or "",
                )
            )
    return out


# --- After a refit --------------------------------------------------------------------------


def _sweep() -> AlertSweep:
    AlertSweep.objects.get_or_create(pk=1)
    return AlertSweep.objects.select_for_update().get(pk=1)


def _shown(theme: Theme | None, themes: dict[int, Theme]) -> Theme | None:
    seen: set[int] = set()
    while theme is not None and theme.merged_into_id is not None and theme.pk not in seen:
        seen.add(theme.pk)
        theme = themes.get(theme.merged_into_id)
    return None if theme is None or theme.hidden else theme


@transaction.atomic
def record_run_events(now: dt.datetime | None = None) -> int:
    """Events of the current refit, once per run: the engine's emerging-issue alerts (only
    those its false-alarm control let through, for a recent period) and the recall reviews
    it opened."""
    now = now or timezone.now()
    sweep = _sweep()
    run = AnalysisRun.objects.filter(is_current=True).defer("model", "fitted").first()
    if run is None or run.pk == sweep.last_run_id:
        return 0
    sweep.last_run_id = run.pk
    sweep.save(update_fields=["last_run_id"])
    themes = {t.pk: t for t in Theme.objects.all()}
    by_engine = {t.engine_id: t for t in themes.values() if t.engine_id is not None}
    events: list[AlertEvent] = []
    recent = timezone.localdate(now) - EMERGING_RECENT
    for row in run.summary.get("emerging") or []:
        period = dt.date.fromisoformat(str(row["period"])[:10])
        theme = _shown(by_engine.get(int(row["theme_id"])), themes)
        if not row.get("alert") or theme is None or period < recent:
            continue
        events.append(
            AlertEvent(
                kind=AlertKind.EMERGING_ISSUE,
                key=f"{AlertKind.EMERGING_ISSUE}:{theme.pk}:{period}",
                occurred_at=now,
                title=f"Emerging issue: {theme.display_name}"[:200],
                summary=(
                    f"{row['observed']} mentions in the period from {period:%d %b %Y}, "
                    f"{float(row['expected']):.1f} expected (p = {float(row['p_value']):.2g})."
                ),
                link=reverse("insights:theme", args=[theme.pk]),
                context={
                    "theme_id": theme.pk,
                    "observed": row["observed"],
                    "expected": row["expected"],
                    "period": str(period),
                },
            )
        )
    reviews = RecallReview.objects.filter(opened_by_run=run).select_related(
        "theme", "product", "batch"
    )
    for review in reviews:
        evidence = review.evidence
        events.append(
            AlertEvent(
                kind=AlertKind.RECALL_FLAG,
                key=f"{AlertKind.RECALL_FLAG}:{review.pk}",
                occurred_at=review.created_at,
                title=f"Recall review: {review.theme} in batch {review.batch.lot_code}"[:200],
                summary=(
                    f"{evidence.get('affected', 0)} of {evidence.get('owners', 0)} owners of "
                    f"{review.product.name} batch {review.batch.lot_code} raised it."
                ),
                link=reverse("insights:recall", args=[review.pk]),
                context={"theme_id": review.theme_id, "product_id": str(review.product_id)},
            )
        )
    return _record(events)


# --- Thresholds on the rollups ------------------------------------------------------------


def _window_rows(rule: AlertRule, today: dt.date) -> list[dict[str, Any]]:
    q = Q(day__gte=today - dt.timedelta(days=rule.window_days - 1), theme_id__gt=0)
    for field, value in (
        ("segment", rule.segment),
        ("region", rule.region),
        ("touchpoint_id", rule.touchpoint_id),
        ("product_id", str(rule.product_id) if rule.product_id else ""),
        ("theme_id", rule.theme_id),
    ):
        if value not in (None, ""):
            q &= Q(**{field: value})
    return list(
        ThemeDay.objects.filter(q)
        .values("theme_id")
        .annotate(items=Sum("items"), sentiment=Sum("sentiment_sum"))
        .order_by()
    )


def _crossing(rule: AlertRule, row: dict[str, Any]) -> tuple[bool, float]:
    if rule.kind == AlertKind.THEME_VOLUME:
        value = float(row["items"])
        return value >= float(rule.threshold if rule.threshold is not None else 50), value
    items = int(row["items"])
    value = float(row["sentiment"]) / items if items else 0.0
    bar = float(rule.threshold if rule.threshold is not None else -0.3)
    return items >= SENTIMENT_MIN_ITEMS and value <= bar, value


@transaction.atomic
def record_threshold_events(now: dt.datetime | None = None, *, force: bool = False) -> int:
    """Events of themes that crossed a volume or sentiment rule's threshold since the last
    check (at most every ten minutes); a theme that stays past it fires once, and again only
    after it came back."""
    now = now or timezone.now()
    sweep = _sweep()
    due = (
        sweep.thresholds_checked_at is None or now - sweep.thresholds_checked_at >= THRESHOLD_EVERY
    )
    if not (due or force):
        return 0
    sweep.thresholds_checked_at = now
    sweep.save(update_fields=["thresholds_checked_at"])
    today = timezone.localdate(now)
    themes = {t.pk: t for t in Theme.objects.all()}
    events: list[AlertEvent] = []
    for rule in AlertRule.objects.filter(enabled=True, kind__in=list(THRESHOLD_KINDS)):
        states = {s.theme_id: s for s in ThresholdState.objects.filter(rule=rule)}
        seen: set[int] = set()
        for row in _window_rows(rule, today):
            theme = _shown(themes.get(int(row["theme_id"])), themes)
            if theme is None:
                continue
            seen.add(theme.pk)
            crossed, value = _crossing(rule, row)
            state = states.get(theme.pk)
            if crossed and not (state and state.crossed):
                events.append(_threshold_event(rule, theme, value, today, now))
            if state is None:
                ThresholdState.objects.create(
                    rule=rule, theme_id=theme.pk, crossed=crossed, value=value, changed_at=now
                )
            elif state.crossed != crossed or state.value != value:
                state.crossed, state.value, state.changed_at = crossed, value, now
                state.save(update_fields=["crossed", "value", "changed_at"])
        ThresholdState.objects.filter(rule=rule, crossed=True).exclude(theme_id__in=seen).update(
            crossed=False, changed_at=now
        )
    return _record(events)


def _threshold_event(
    rule: AlertRule, theme: Theme, value: float, today: dt.date, now: dt.datetime
) -> AlertEvent:
    if rule.kind == AlertKind.THEME_VOLUME:
        title = f"{theme.display_name}: {value:.0f} mentions in {rule.window_days} days"
    else:
        title = f"{theme.display_name}: mean sentiment {value:+.2f} over {rule.window_days} days"
    return AlertEvent(
        kind=rule.kind,
        key=f"{rule.kind}:{rule.pk}:{theme.pk}:{today}",
        rule=rule,
        occurred_at=now,
        title=title[:200],
        summary=f"Past the threshold of {rule.threshold} set in the rule.",
        link=reverse("insights:theme", args=[theme.pk]),
        context={"theme_id": theme.pk, "value": value},
    )
