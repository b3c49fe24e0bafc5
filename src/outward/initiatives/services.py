"""Running an initiative: start it from customers' issues, design it with the affected
customers, record the change, re-survey them, and measure what their answers say."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from outward.accounts.models import User
from outward.analytics.initiative import evaluate
from outward.core.errors import Conflict, ValidationError
from outward.customers.models import Customer, Product, ProductBatch, Touchpoint
from outward.feedback.choices import RootCause, Source
from outward.feedback.models import FeedbackItem
from outward.feedback.services import FeedbackDraft, record_feedback
from outward.initiatives import groups
from outward.initiatives.choices import InputKind, Metric, Stage
from outward.initiatives.models import Designer, DesignInput, Initiative, InitiativeResult
from outward.insights.models import Theme
from outward.surveys.choices import Audience, SurveyStatus, Trigger
from outward.surveys.models import Invitation, Survey
from outward.surveys.services.invitations import contactable_customers, invite_customer

MAX_DESIGNERS = 50
MAX_RESURVEYED = 2000  # per group: the affected customers, and as many for comparison


@dataclass
class Plan:
    """What an initiative is and whom it is for (a form's or the API's cleaned input)."""

    title: str
    hypothesis: str
    owner: User | None = None
    budget: Decimal = Decimal(0)
    themes: list[Theme] = field(default_factory=list)
    root_causes: list[str] = field(default_factory=list)
    touchpoints: list[Touchpoint] = field(default_factory=list)
    segment: str = ""
    product: Product | None = None
    batch: ProductBatch | None = None
    competitor: str = ""
    metric: str = Metric.NPS
    window_days: int = 90
    resurvey: Survey | None = None
    resurvey_after_days: int = 14


def _check(plan: Plan) -> None:
    errors: dict[str, str] = {}
    if not plan.title.strip():
        errors["title"] = "Name the initiative."
    if not plan.hypothesis.strip():
        errors["hypothesis"] = "Say what will change for customers, and why."
    if plan.budget < 0:
        errors["budget"] = "A budget cannot be negative."
    if unknown := set(plan.root_causes) - set(RootCause.values):
        errors["root_causes"] = f"Unknown root cause: {', '.join(sorted(unknown))}."
    if plan.metric not in Metric.values:
        errors["metric"] = "NPS, CSAT or CES."
    if not 14 <= plan.window_days <= 365:
        errors["window_days"] = "14 to 365 days."
    if not 0 <= plan.resurvey_after_days <= 180:
        errors["resurvey_after_days"] = "0 to 180 days."
    if (
        plan.batch is not None
        and plan.product is not None
        and plan.batch.product_id != plan.product.pk
    ):
        errors["batch"] = "The batch is of another product."
    if plan.resurvey is not None and (
        plan.resurvey.audience != Audience.CUSTOMERS or plan.resurvey.status != SurveyStatus.ACTIVE
    ):
        errors["resurvey"] = "An active customer survey."
    if not (plan.themes or plan.segment or plan.product or plan.batch or plan.competitor):
        errors["themes"] = (
            "Say whom it is for: an issue (theme), a segment, a product or batch, or a competitor."
        )
    if errors:
        raise ValidationError("The initiative is not valid.", field_errors=errors)


def _apply(initiative: Initiative, plan: Plan) -> Initiative:
    for name in ("title", "hypothesis", "segment", "competitor"):
        setattr(initiative, name, getattr(plan, name).strip())
    initiative.owner = plan.owner
    initiative.budget = plan.budget
    initiative.root_causes = sorted(set(plan.root_causes))
    initiative.product = plan.product or (plan.batch.product if plan.batch else None)
    initiative.batch = plan.batch
    initiative.metric = plan.metric
    initiative.window_days = plan.window_days
    initiative.resurvey = plan.resurvey
    initiative.resurvey_after_days = plan.resurvey_after_days
    initiative.save()
    initiative.themes.set(plan.themes)
    initiative.touchpoints.set(plan.touchpoints)
    return initiative


@transaction.atomic
def start_initiative(plan: Plan, by: User | None) -> Initiative:
    _check(plan)
    return _apply(Initiative(created_by=by), plan)


@transaction.atomic
def change_plan(initiative: Initiative, plan: Plan) -> Initiative:
    """Edit what the initiative is and whom it is for (not once it is closed)."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.stage == Stage.CLOSED:
        raise Conflict("The initiative is closed.")
    _check(plan)
    return _apply(locked, plan)


def _event(initiative: Initiative, what: str) -> str:
    return f"initiative-{initiative.pk}-{what}"


@transaction.atomic
def invite_designers(
    initiative: Initiative,
    by: User | None,
    *,
    count: int = 10,
    survey: Survey | None = None,
    today: dt.date | None = None,
) -> list[Designer]:
    """Invite up to `count` affected customers to design the change (those worth most
    first, who may be contacted); with `survey`, each gets it as a design survey (the
    fatigue rule applies). Returns the new designers."""
    if initiative.stage != Stage.DESIGN:
        raise Conflict("Customers design a change before it is made.")
    if not 1 <= count <= MAX_DESIGNERS:
        raise ValidationError(
            "Too many or too few.", field_errors={"count": f"1 to {MAX_DESIGNERS}."}
        )
    today = today or timezone.localdate()
    already = Designer.objects.filter(initiative=initiative).values("customer_id")
    chosen = (
        groups.affected(initiative, today)
        .filter(pk__in=contactable_customers().values("pk"))
        .exclude(pk__in=already)
        .order_by("-annual_value", "name")[:count]
    )
    made = [
        Designer.objects.create(initiative=initiative, customer=c, invited_by=by) for c in chosen
    ]
    if survey is not None:
        for designer in made:
            invite_customer(
                survey,
                designer.customer,
                trigger=Trigger.INITIATIVE,
                event_ref=_event(initiative, f"design-{designer.customer_id}"),
            )
    return made


@transaction.atomic
def record_input(
    initiative: Initiative,
    *,
    kind: str,
    text: str,
    customer: Customer | None,
    by: User | None,
    at: dt.datetime | None = None,
) -> DesignInput:
    """What a customer said while designing the change (`at`: when, default now): kept as
    their feedback too."""
    if kind not in InputKind.values:
        raise ValidationError(
            "Unknown kind.", field_errors={"kind": "Interview, workshop or survey."}
        )
    if not text.strip():
        raise ValidationError("Nothing to record.", field_errors={"text": "Write what they said."})
    recorded = record_feedback(
        FeedbackDraft(
            source=Source.INTERVIEW,
            text=text.strip(),
            external_id=_event(initiative, f"input-{uuid.uuid4()}"),
            customer_id=customer.pk if customer else None,
            tags=(f"initiative:{initiative.pk}",),
            occurred_at=at,
        )
    )
    return DesignInput.objects.create(
        initiative=initiative,
        customer=customer,
        kind=kind,
        feedback=recorded.item,
        recorded_by=by,
    )


@transaction.atomic
def record_change(initiative: Initiative, change_date: dt.date) -> Initiative:
    """The change is made (or will be on `change_date`): from then on, answers count as after."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.stage == Stage.CLOSED:
        raise Conflict("The initiative is closed.")
    if locked.resurveyed_at is not None:
        raise Conflict("The customers were re-surveyed after the change already.")
    if change_date > timezone.localdate() + dt.timedelta(days=365):
        raise ValidationError("Too far ahead.", field_errors={"change_date": "Within a year."})
    locked.change_date = change_date
    locked.stage = Stage.CHANGED
    locked.save(update_fields=["change_date", "stage", "updated_at"])
    return locked


@transaction.atomic
def close_initiative(initiative: Initiative) -> Initiative:
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    locked.stage = Stage.CLOSED
    locked.save(update_fields=["stage", "updated_at"])
    return locked


def resurvey_due(today: dt.date) -> list[int]:
    """Initiatives whose customers are due their re-survey (the change has settled)."""
    return [
        i.pk
        for i in Initiative.objects.filter(
            stage=Stage.CHANGED, resurveyed_at__isnull=True, resurvey__isnull=False
        ).only("pk", "change_date", "resurvey_after_days")
        if i.change_date is not None
        and i.change_date + dt.timedelta(days=i.resurvey_after_days) <= today
    ]


@dataclass(frozen=True)
class Resurveyed:
    affected: int
    comparison: int
    skipped: int


def resurvey(initiative_id: int, now: dt.datetime | None = None) -> Resurveyed | None:
    """Ask the affected customers, and as many of the comparison group, the initiative's
    survey again, once (several clocks or a retry send nothing twice): each through the
    contact rules, so the fatigue rule, consent and suppressions apply."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        initiative = (
            Initiative.objects.select_for_update(of=("self",))
            .select_related("resurvey")
            .filter(pk=initiative_id, resurveyed_at__isnull=True, stage=Stage.CHANGED)
            .first()
        )
        if initiative is None or initiative.resurvey is None:
            return None
        counted = {"affected": 0, "comparison": 0, "skipped": 0}
        picked = {
            "affected": groups.affected(initiative, today).order_by("pk")[:MAX_RESURVEYED],
            "comparison": groups.comparison(initiative, today).order_by("?")[:MAX_RESURVEYED],
        }
        for group, customers in picked.items():
            for customer in customers:
                outcome = invite_customer(
                    initiative.resurvey,
                    customer,
                    trigger=Trigger.INITIATIVE,
                    event_ref=_event(initiative, f"after-{customer.pk}"),
                    now=now,
                )
                counted[group if isinstance(outcome, Invitation) else "skipped"] += 1
        initiative.resurveyed_at = now
        initiative.save(update_fields=["resurveyed_at", "updated_at"])
    return Resurveyed(**counted)


def _theme_figures(
    initiative: Initiative, customers: Any, start: dt.date, end: dt.date
) -> dict[str, Any]:
    """How often the affected customers raised the initiative's issues in a period (per 30
    days), how many of them, and how negative it sounded; and how often they named the
    competitor."""
    days = max((end - start).days + 1, 1)
    items = FeedbackItem.objects.filter(
        customer_id__in=customers.values("pk"),
        occurred_at__date__gte=start,
        occurred_at__date__lte=end,
    )
    themes = list(initiative.themes.values_list("pk", flat=True))
    said = items.filter(theme_id__in=themes).aggregate(
        n=Count("pk"), people=Count("customer_id", distinct=True), sentiment=Avg("sentiment")
    )
    figures: dict[str, Any] = {
        "days": days,
        "mentions": said["n"],
        "per_30_days": round(30 * said["n"] / days, 2),
        "customers": said["people"],
        "sentiment": None if said["sentiment"] is None else round(said["sentiment"], 3),
    }
    if initiative.competitor:
        named = items.filter(Q(text__icontains=initiative.competitor)).count()
        figures["competitor_mentions"] = named
        figures["competitor_per_30_days"] = round(30 * named / days, 2)
    return figures


@transaction.atomic
def measure(initiative: Initiative, today: dt.date | None = None) -> InitiativeResult:
    """Compare the affected customers' answers before and after the change with the
    comparison group's (difference-in-differences), and store it as the initiative's result."""
    today = today or timezone.localdate()
    if initiative.change_date is None:
        raise Conflict("Record the change first: results compare before with after it.")
    change = initiative.change_date
    window = dt.timedelta(days=initiative.window_days)
    before = (change - window, change - dt.timedelta(days=1))
    after = (change, min(change + window - dt.timedelta(days=1), today))
    affected = groups.affected(initiative, today)
    compared = groups.comparison(initiative, today)
    metric = initiative.metric
    cells = {
        (group, period): groups.scored(customers, metric, *days)
        for group, customers in (("affected", affected), ("comparison", compared))
        for period, days in (("before", before), ("after", after))
    }
    verdict = evaluate(
        metric,  # type: ignore[arg-type]
        cells[("affected", "before")],
        cells[("affected", "after")],
        cells[("comparison", "before")],
        cells[("comparison", "after")],
    )
    did = asdict(verdict.did)
    figures = {
        "metric": metric,
        "before": [before[0].isoformat(), before[1].isoformat()],
        "after": [after[0].isoformat(), after[1].isoformat()],
        "affected_customers": affected.count(),
        "comparison_customers": compared.count(),
        "cells": [
            {"group": g, "period": p, "n": n, "value": m}
            for (g, p), n, m in zip(cells, did["ns"], did["means"], strict=True)
        ],
        "did": {k: did[k] for k in ("estimate", "ci_low", "ci_high", "p_value", "significant")},
        "validated": verdict.validated,
        "needed": verdict.needed,
        "summary": verdict.summary,
        "issue_before": _theme_figures(initiative, affected, *before),
        "issue_after": _theme_figures(initiative, affected, *after)
        if after[1] >= after[0]
        else None,
    }
    result, _ = InitiativeResult.objects.update_or_create(
        initiative=initiative,
        defaults={
            "computed_at": timezone.now(),
            "validated": verdict.validated,
            "figures": _finite(figures),
        },
    )
    return result


def _finite(value: Any) -> Any:
    """JSON without NaN (a cell without answers): None instead."""
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def measure_all(today: dt.date | None = None) -> int:
    """Recompute every changed initiative's result (the daily job); how many."""
    changed = Initiative.objects.filter(stage=Stage.CHANGED, change_date__isnull=False)
    for initiative in changed:
        measure(initiative, today)
    return changed.count()


@transaction.atomic
def forget_initiatives() -> None:
    """Remove every initiative with its designers, inputs and results (the demo's reset);
    the inputs' feedback items stay with the rest of the feedback."""
    DesignInput.objects.all().delete()
    Initiative.objects.all().delete()
