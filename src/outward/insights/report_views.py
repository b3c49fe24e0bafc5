"""The analysis pages: drivers, the journey map, outcomes, product and batch quality.

Each table downloads as CSV or XLSX (`?format=csv|xlsx`, the same rows the page shows);
each chart is drawn from its API endpoint (`/api/v1/insights/charts/...`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has
from outward.core.tables import FORMATS, table_response
from outward.insights import reports
from outward.insights.forms import CompetitorForm
from outward.insights.models import Competitor
from outward.insights.selectors import Filters
from outward.insights.services import competitors
from outward.insights.views import filter_choices


def _format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def _fmt(value: float | None, digits: int = 4) -> float | str:
    return "" if value is None else round(value, digits)


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def drivers(request: HttpRequest) -> HttpResponseBase:
    key = request.GET.get("target", "nps")
    status = 200
    if key not in reports.TARGET_BY_KEY:
        key, status = "nps", 400
    page = reports.drivers(key)
    fmt = _format(request)
    if fmt:
        header = ["rank", "kind", "driver", "prevalence", "effect", "effect low", "effect high"]
        header += ["impact", "impact low", "impact high", "importance"]
        rows = [
            [
                r.fix_rank or "",
                r.kind,
                r.name,
                _fmt(r.prevalence),
                _fmt(r.effect),
                _fmt(r.effect_ci[0]),
                _fmt(r.effect_ci[1]),
                _fmt(r.impact),
                _fmt(r.impact_ci[0]),
                _fmt(r.impact_ci[1]),
                _fmt(r.importance),
            ]
            for r in page.rows
        ]
        return table_response(f"drivers-{key}", header, rows, fmt)
    return render(request, "insights/drivers.html", {"page": page}, status=status)


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def journey(request: HttpRequest) -> HttpResponseBase:
    filters, errors = Filters.from_query(request.GET)
    found = reports.journey(filters)
    fmt = _format(request)
    if fmt:
        header = ["stage", "items", "mean sentiment", "negative share", "nps", "nps answers"]
        header += ["csat satisfied", "csat answers", "ces", "ces answers", "top issues", "worst"]
        rows = [
            [
                s.touchpoint.name,
                s.items,
                _fmt(s.mean_sentiment),
                _fmt(s.negative_share),
                _fmt(s.nps, 1),
                s.nps_n,
                _fmt(s.csat),
                s.csat_n,
                _fmt(s.ces, 2),
                s.ces_n,
                "; ".join(t.display_name for t, _ in s.top_issues),
                "yes" if s.worst else "",
            ]
            for s in found.stages
        ]
        return table_response(f"journey-{filters.start}-{filters.end}", header, rows, fmt)
    context = {"journey": found, "errors": errors, "filters": filters, **filter_choices()}
    return render(request, "insights/journey.html", context, status=400 if errors else 200)


def _outcome_rows(found: reports.Outcomes) -> Iterator[list[Any]]:
    for g in found.groups:
        yield ["nps group", g["group"], g["customers"], g["churned"], _fmt(g["churn_rate"])]
    for e in found.exposure:
        yield [
            "issue exposure",
            e.theme.display_name,
            e.exposed,
            round(e.exposed * e.exposed_churn),
            _fmt(e.exposed_churn),
            _fmt(e.unexposed_churn),
            _fmt(e.p_value, 6),
            round(e.revenue_at_risk, 2),
            round(e.lost_value, 2),
        ]


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def outcomes(request: HttpRequest) -> HttpResponseBase:
    found = reports.outcomes()
    fmt = _format(request)
    if fmt:
        header = ["table", "group", "customers", "churned", "churn rate", "others' churn rate"]
        header += ["p value", "revenue at risk", "lost revenue"]
        return table_response("outcomes", header, _outcome_rows(found), fmt)
    context = {
        "found": found,
        "can_change": user_has(request.user, Perm.INSIGHTS_CHANGE),
        "form": CompetitorForm(),
    }
    return render(request, "insights/outcomes.html", context)


@requires(Perm.INSIGHTS_CHANGE)
@require_POST
def competitor_add(request: HttpRequest) -> HttpResponse:
    form = CompetitorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not saved: a competitor needs a name (80 characters at most).")
        return redirect("insights:outcomes")
    try:
        added = competitors.add_competitor(form.cleaned_data["name"], form.alias_list())
    except OutwardError as error:
        messages.error(request, f"Not saved: {error.message}")
    else:
        messages.success(request, f"{added.name} added: the next refit counts its mentions.")
    return redirect("insights:outcomes")


@requires(Perm.INSIGHTS_CHANGE)
@require_POST
def competitor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    competitor = get_object_or_404(Competitor, pk=pk)
    competitors.remove_competitor(competitor)
    messages.success(request, f"{competitor.name} removed.")
    return redirect("insights:outcomes")


@requires(Perm.INSIGHTS_VIEW)
@require_GET
def quality(request: HttpRequest) -> HttpResponseBase:
    products = reports.quality()
    fmt = _format(request)
    if fmt:
        header = ["product", "batch", "made on", "owners", "theme", "affected", "share"]
        header += ["other batches' share", "ratio", "p adjusted", "test", "recall review"]
        rows = [
            [
                p.product.name,
                row.batch.lot_code,
                row.batch.manufactured_on or "",
                row.owners,
                theme.display_name,
                cell.affected,
                _fmt(cell.share),
                _fmt(cell.other_share),
                _fmt(cell.ratio, 3),
                _fmt(cell.p_adjusted, 6),
                cell.test,
                "flagged" if cell.flagged else "",
            ]
            for p in products
            for row in p.batches
            for theme, cell in row.cells
            if cell is not None
        ]
        return table_response("batch-quality", header, rows, fmt)
    return render(request, "insights/quality.html", {"products": products})
