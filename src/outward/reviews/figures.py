"""What a review shows, computed once when it is prepared: the CX scores of the period with
their intervals and the significance of the change from the period before, the business
outcomes beside them, new and growing issues, recall reviews, survey coverage, and the
distance of each metric to its target. Plain JSON, stored on the review.

Scores are counted by the database per answer value (a few rows per metric) and handed to
the analytics core as arrays; issues come from the theme rollups, outcomes from the
current refit: the preparation never loads the feedback into Python.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from outward.analytics import cx
from outward.cases.choices import ACTIVE_STATUSES
from outward.cases.models import Case, PromiseDay
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem
from outward.insights.choices import RecallStatus, ThemeKind
from outward.insights.models import AnalysisRun, RecallReview, Theme, ThemeDay
from outward.reviews.choices import LOWER_IS_BETTER, Metric
from outward.reviews.models import MetricTarget
from outward.surveys.coverage_selectors import coverage_figures

ISSUES_SHOWN = 8
GROWING_RATIO = 1.5
GROWING_MIN_MORE = 5  # a theme must gain this many mentions to count as growing
NEW_MIN = 5  # and a theme with no mention before needs this many to count as new
PENDING = ("initiative results",)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    return first, dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _answers(metric: str, start: dt.date, end: dt.date) -> np.ndarray:
    """Every answer of `metric` in the period, rebuilt from per-value counts."""
    rows = (
        FeedbackItem.objects.between(*_bounds(start, end))
        .filter(**{f"{metric}__isnull": False})
        .values_list(metric)
        .annotate(n=Count("id"))
        .order_by()
    )
    values = [(float(v), int(n)) for v, n in rows]
    if not values:
        return np.zeros(0, dtype=np.float64)
    scores, counts = zip(*values, strict=True)
    return np.repeat(np.asarray(scores, dtype=np.float64), np.asarray(counts))


def _num(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _change(comparison: cx.Comparison, scale: float = 1.0) -> dict[str, Any]:
    return {
        "previous": _num(comparison.estimate_a * scale),
        "previous_n": comparison.n_a,
        "change": _num(comparison.effect * scale),
        "change_low": _num(comparison.ci_low * scale),
        "change_high": _num(comparison.ci_high * scale),
        "p_value": _num(comparison.p_value),
        "significant": bool(comparison.significant),
        "test": comparison.test,
    }


def scores(
    start: dt.date, end: dt.date, before: tuple[dt.date, dt.date]
) -> dict[str, dict[str, Any]]:
    """NPS, CSAT (% satisfied) and CES of the period with 95% intervals, and each one's
    change from the period `before` with its own interval, p-value and significance."""
    out: dict[str, dict[str, Any]] = {}
    now_nps, then_nps = _answers("nps", start, end), _answers("nps", *before)
    value = cx.nps(now_nps)
    out[Metric.NPS] = {
        "value": _num(value.nps),
        "low": _num(value.ci_low),
        "high": _num(value.ci_high),
        "n": value.n,
    } | _change(cx.compare_nps(then_nps, now_nps))
    now_csat, then_csat = _answers("csat", start, end), _answers("csat", *before)
    satisfied = cx.csat(now_csat).satisfied
    out[Metric.CSAT] = {
        "value": _num(satisfied.share * 100),
        "low": _num(satisfied.ci_low * 100),
        "high": _num(satisfied.ci_high * 100),
        "n": satisfied.n,
    } | _change(cx.compare_csat(then_csat, now_csat), 100.0)
    now_ces, then_ces = _answers("ces", start, end), _answers("ces", *before)
    effort = cx.ces(now_ces)
    out[Metric.CES] = {
        "value": _num(effort.mean),
        "low": _num(effort.ci_low),
        "high": _num(effort.ci_high),
        "n": effort.n,
    } | _change(cx.compare_means(then_ces, now_ces, metric="ces"))
    return out


def outcomes(start: dt.date, end: dt.date) -> dict[str, Any]:
    """Churn in the period (buyers who left, of those active at its start, with a Wilson
    interval) and the revenue at risk the current refit estimated."""
    buyers = Customer.objects.filter(account__isnull=True)
    counts = buyers.aggregate(
        churned=Count("id", filter=Q(churned_on__gte=start, churned_on__lte=end)),
        base=Count(
            "id",
            filter=Q(status=LifecycleStatus.ACTIVE) | Q(churned_on__gte=start),
        ),
        lost=Sum("annual_value", filter=Q(churned_on__gte=start, churned_on__lte=end)),
    )
    base, churned = int(counts["base"]), int(counts["churned"])
    low, high = cx.wilson_interval(churned, base)
    run = (
        AnalysisRun.objects.filter(is_current=True).values_list("summary__outcomes", flat=True)
    ).first() or {}
    return {
        "churned": churned,
        "base": base,
        "churn": 100 * churned / base if base else None,
        "churn_low": _num(low * 100) if base else None,
        "churn_high": _num(high * 100) if base else None,
        "lost_value": float(counts["lost"] or 0),
        "revenue_at_risk": float(run.get("revenue_at_risk") or 0),
        "at_risk_customers": int(run.get("at_risk_customers") or 0),
    }


def issues(start: dt.date, end: dt.date, before: tuple[dt.date, dt.date]) -> list[dict[str, Any]]:
    """Issue themes new in the period or growing from the period before, largest gain first,
    with the refit's emerging flag (the engine's false-alarm-controlled test)."""
    rows = (
        ThemeDay.objects.filter(day__gte=before[0], day__lte=end, theme_id__gt=0)
        .values("theme_id")
        .annotate(
            now=Sum("items", filter=Q(day__gte=start)),
            then=Sum("items", filter=Q(day__lte=before[1])),
        )
        .order_by()
    )
    themes = Theme.objects.in_bulk([r["theme_id"] for r in rows])
    found: list[dict[str, Any]] = []
    for row in rows:
        theme = themes.get(row["theme_id"])
        now, then = int(row["now"] or 0), int(row["then"] or 0)
        if theme is None or theme.hidden or theme.merged_into_id or theme.kind != ThemeKind.ISSUE:
            continue
        new = then == 0 and now >= NEW_MIN
        growing = then > 0 and now >= then * GROWING_RATIO and now - then >= GROWING_MIN_MORE
        if new or growing:
            found.append(
                {
                    "theme_id": theme.pk,
                    "name": theme.display_name,
                    "now": now,
                    "then": then,
                    "new": new,
                    "emerging": bool(theme.stats.get("emerging")),
                }
            )
    found.sort(key=lambda r: int(r["then"]) - int(r["now"]))
    return found[:ISSUES_SHOWN]


def recalls(start: dt.date, end: dt.date) -> dict[str, Any]:
    opened = RecallReview.objects.filter(
        created_at__gte=_bounds(start, end)[0], created_at__lt=_bounds(start, end)[1]
    ).select_related("theme", "batch")
    return {
        "opened": [
            {"id": r.pk, "title": f"{r.theme} in batch {r.batch.lot_code}", "status": r.status}
            for r in opened
        ],
        "open": RecallReview.objects.filter(status=RecallStatus.OPEN).count(),
    }


def coverage(now: dt.datetime) -> dict[str, Any]:
    figures = coverage_figures(now)
    return {
        "customers": figures.overall.customers,
        "heard_pct": figures.overall.heard_pct,
        "invited_pct": figures.overall.invited_pct,
        "not_invited_in_cycle": figures.not_invited_in_cycle,
    }


def acting(start: dt.date, end: dt.date) -> dict[str, Any]:
    """Cases opened and resolved in the period, how many met their resolution time, and the
    promises settled in it: kept, and kept on time."""
    first, after = _bounds(start, end)
    cases = Case.objects.aggregate(
        opened=Count("id", filter=Q(created_at__gte=first, created_at__lt=after)),
        resolved=Count("id", filter=Q(resolved_at__gte=first, resolved_at__lt=after)),
        in_time=Count(
            "id",
            filter=Q(
                resolved_at__gte=first, resolved_at__lt=after, resolved_at__lte=F("resolution_due")
            ),
        ),
        open_now=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
    )
    promises = PromiseDay.objects.filter(day__gte=start, day__lte=end).aggregate(
        settled=Coalesce(Sum("settled"), 0),
        kept=Coalesce(Sum("kept"), 0),
        on_time=Coalesce(Sum("on_time"), 0),
    )
    settled = promises["settled"]
    return {
        "cases_opened": cases["opened"],
        "cases_resolved": cases["resolved"],
        "resolved_in_time_pct": 100 * cases["in_time"] / cases["resolved"]
        if cases["resolved"]
        else None,
        "cases_open": cases["open_now"],
        "promises_settled": settled,
        "promise_kept_pct": 100 * promises["kept"] / settled if settled else None,
        "promise_on_time_pct": 100 * promises["on_time"] / settled if settled else None,
    }


def _metric_values(figures: dict[str, Any]) -> dict[str, float | None]:
    return {
        Metric.NPS: figures["scores"][Metric.NPS]["value"],
        Metric.CSAT: figures["scores"][Metric.CSAT]["value"],
        Metric.CES: figures["scores"][Metric.CES]["value"],
        Metric.CHURN: figures["outcomes"]["churn"],
        Metric.REVENUE_AT_RISK: figures["outcomes"]["revenue_at_risk"],
        Metric.COVERAGE: figures["coverage"]["heard_pct"],
        Metric.PROMISES_KEPT: figures["acting"]["promise_kept_pct"],
    }


def targets(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the period's value, the distance to it (positive: better than the
    target) and whether it is met."""
    values = _metric_values(figures)
    out = []
    for target in MetricTarget.objects.select_related("owner"):
        value = values.get(target.metric)
        sign = -1.0 if target.metric in LOWER_IS_BETTER else 1.0
        distance = None if value is None else sign * (value - target.target)
        out.append(
            {
                "metric": target.metric,
                "label": target.get_metric_display(),
                "target": target.target,
                "value": value,
                "distance": distance,
                "met": distance is not None and distance >= 0,
                "owner": str(target.owner) if target.owner else "",
                "owner_id": target.owner_id,
            }
        )
    return out


def review_figures(start: dt.date, end: dt.date, now: dt.datetime) -> dict[str, Any]:
    """Everything the review page shows for the period [start, end], against the period of
    the same length just before it."""
    length = (end - start).days + 1
    before = (start - dt.timedelta(days=length), start - dt.timedelta(days=1))
    figures: dict[str, Any] = {
        "period": [start.isoformat(), end.isoformat()],
        "previous_period": [before[0].isoformat(), before[1].isoformat()],
        "scores": scores(start, end, before),
        "outcomes": outcomes(start, end),
        "issues": issues(start, end, before),
        "recalls": recalls(start, end),
        "coverage": coverage(now),
        "acting": acting(start, end),
        "pending": list(PENDING),
    }
    figures["targets"] = targets(figures)
    return figures
