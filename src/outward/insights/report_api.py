"""API v1: the figures of the drivers, journey, outcomes and batch-quality pages, and every
chart of the insight pages as a Plotly figure (the pages draw these very figures)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from outward.accounts.api_auth import api_requires
from outward.core.errors import NotFound
from outward.core.permissions import Perm
from outward.insights import charts, reports
from outward.insights.api import filters_of
from outward.insights.report_schemas import (
    ChartName,
    ChartQuery,
    DriverQuery,
    DriversOut,
    FigureOut,
    JourneyOut,
    OutcomesOut,
    ProductQualityOut,
)
from outward.insights.schemas import IssueQuery

router = Router(tags=["insights"])
VIEW = api_requires(Perm.INSIGHTS_VIEW)


def _interval(pair: tuple[float, float]) -> dict[str, float]:
    return {"low": pair[0], "high": pair[1]}


@router.get("/insights/drivers", response=DriversOut, **VIEW)
def drivers(request: HttpRequest, query: Query[DriverQuery]) -> dict[str, Any]:
    """Key drivers of NPS, CSAT, customer effort or churn from the current analysis run."""
    page = reports.drivers(query.target)
    return {
        "target": page.target.key,
        "label": page.target.label,
        "run_id": page.run.pk if page.run else None,
        "n": page.n,
        "sampled": page.sampled,
        "skipped": page.skipped,
        "metric": page.metric,
        "accuracy": page.accuracy,
        "weak": page.weak,
        "accuracy_explained": page.accuracy_sentence,
        "drivers": [
            {
                "name": r.name,
                "kind": r.kind,
                "theme_id": r.theme.pk if r.theme else None,
                "prevalence": r.prevalence,
                "effect": r.effect,
                "effect_ci": _interval(r.effect_ci),
                "impact": r.impact,
                "impact_ci": _interval(r.impact_ci),
                "importance": r.importance,
                "fix_rank": r.fix_rank,
                "explanation": r.sentence,
            }
            for r in page.rows
        ],
    }


@router.get("/insights/journey", response=JourneyOut, **VIEW)
def journey(request: HttpRequest, query: Query[IssueQuery]) -> dict[str, Any]:
    """Touchpoints in journey order: volume, scores, sentiment and top issues per stage."""
    found = reports.journey(filters_of(query))
    return {
        "start": found.filters.start,
        "end": found.filters.end,
        "worst_by": found.worst_by,
        "stages": [
            {
                "touchpoint_id": s.touchpoint.pk,
                "name": s.touchpoint.name,
                "items": s.items,
                "mean_sentiment": s.mean_sentiment,
                "negative_share": s.negative_share,
                "nps": s.nps,
                "nps_answers": s.nps_n,
                "csat_satisfied": s.csat,
                "csat_answers": s.csat_n,
                "ces": s.ces,
                "ces_answers": s.ces_n,
                "top_issues": [
                    {"theme_id": t.pk, "name": t.display_name, "negative_items": n}
                    for t, n in s.top_issues
                ],
                "worst": s.worst,
            }
            for s in found.stages
        ],
    }


@router.get("/insights/outcomes", response=OutcomesOut, **VIEW)
def outcomes(request: HttpRequest) -> dict[str, Any]:
    """Churn and revenue by NPS group and issue exposure, revenue at risk, competitors."""
    found = reports.outcomes()
    figures = found.figures
    return {
        "run_id": found.run.pk if found.run else None,
        "computed_at": found.run.finished_at if found.run else None,
        "customers": figures.get("customers", 0),
        "churned": figures.get("churned", 0),
        "annual_value": figures.get("annual_value", 0.0),
        "revenue_at_risk": figures.get("revenue_at_risk", 0.0),
        "at_risk_customers": figures.get("at_risk_customers", 0),
        "nps_groups": found.groups,
        "exposure": [
            {
                "theme_id": e.theme.pk,
                "name": e.theme.display_name,
                "exposed": e.exposed,
                "exposed_churn": e.exposed_churn,
                "unexposed_churn": e.unexposed_churn,
                "difference": e.difference,
                "difference_ci": _interval(e.difference_ci),
                "p_value": e.p_value,
                "lost_value": e.lost_value,
                "revenue_at_risk": e.revenue_at_risk,
            }
            for e in found.exposure
        ],
        "competitors": figures.get(
            "competitors", {"months": [], "items": [], "mentions": {}, "switching": []}
        ),
        "competitor_names": [c.name for c in found.competitors],
    }


@router.get("/insights/quality", response=list[ProductQualityOut], **VIEW)
def quality(request: HttpRequest) -> list[dict[str, Any]]:
    """Per product, its batches with owners and the defect themes' shares and tests."""
    return [
        {
            "product_id": p.product.pk,
            "name": p.product.name,
            "sku": p.product.sku,
            "batches": [
                {
                    "batch_id": row.batch.pk,
                    "lot_code": row.batch.lot_code,
                    "manufactured_on": row.batch.manufactured_on,
                    "owners": row.owners,
                    "themes": [
                        {
                            "theme_id": theme.pk,
                            "name": theme.display_name,
                            "affected": cell.affected,
                            "share": cell.share,
                            "other_share": cell.other_share,
                            "ratio": cell.ratio,
                            "p_adjusted": cell.p_adjusted,
                            "test": cell.test,
                            "flagged": cell.flagged,
                        }
                        for theme, cell in row.cells
                        if cell is not None
                    ],
                    "recall_review_id": row.review.pk if row.review else None,
                }
                for row in p.batches
            ],
        }
        for p in reports.quality()
    ]


@router.get("/insights/charts/{name}", response=FigureOut, url_name="insights_chart", **VIEW)
def chart(request: HttpRequest, name: ChartName, query: Query[ChartQuery]) -> dict[str, Any]:
    """A chart of the insight pages as a Plotly figure: drivers (?target=), journey (the
    board's filters), churn (by NPS group), competitors (per month), quality (?product=)."""
    if name == "drivers":
        return charts.drivers_figure(reports.drivers(query.target))
    if name == "journey":
        return charts.journey_figure(reports.journey(filters_of(query)))
    if name == "churn":
        return charts.churn_figure(reports.outcomes())
    if name == "competitors":
        return charts.competitors_figure(reports.outcomes())
    product = next((p for p in reports.quality() if p.product.pk == query.product), None)
    if product is None:
        raise NotFound("No such product: pass ?product=<id>.")
    return charts.quality_figure(product)
