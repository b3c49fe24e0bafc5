"""The home page: the CX figures of the last 90 days, the monthly volume chart; for leaders
the next metric review and the open actions of the last one; for those who see insights the
top issues, rising ones and open recall reviews."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from outward.core.permissions import Perm, requires, user_has
from outward.insights import selectors as insight_selectors
from outward.reviews import selectors as review_selectors
from outward.web.selectors import MonthVolume, home_figures

# Geometry of the monthly volume chart, in SVG user units (the SVG scales to its box).
CHART_SLOT = 40
CHART_BAR = 28
CHART_TOP = 24
CHART_PLOT = 140
HOME_ISSUES = 5  # the top issues the home page shows (the board has the rest)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    label_x: int
    count: int
    month_label: str
    title: str


def _bars(monthly: list[MonthVolume]) -> list[Bar]:
    peak = max((m.count for m in monthly), default=0) or 1
    bars = []
    for index, month in enumerate(monthly):
        height = round(CHART_PLOT * month.count / peak)
        bars.append(
            Bar(
                x=index * CHART_SLOT + (CHART_SLOT - CHART_BAR) // 2,
                y=CHART_TOP + CHART_PLOT - height,
                height=height,
                label_x=index * CHART_SLOT + CHART_SLOT // 2,
                count=month.count,
                month_label=month.month.strftime("%b"),
                title=f"{month.month:%B %Y}: {month.count} items",
            )
        )
    return bars


@requires(Perm.DASHBOARD_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    figures = home_figures()
    context = {
        "figures": figures,
        "bars": _bars(figures.monthly),
        "has_chart_data": any(m.count for m in figures.monthly),
        "chart_width": CHART_SLOT * len(figures.monthly),
        "chart_height": CHART_TOP + CHART_PLOT + 28,
        "bar_width": CHART_BAR,
        "chart_baseline": CHART_TOP + CHART_PLOT,
    }
    if user_has(request.user, Perm.REVIEWS_VIEW):
        context["leadership"] = review_selectors.next_review()
        context["today"] = timezone.localdate()
    if user_has(request.user, Perm.INSIGHTS_VIEW):
        filters, _ = insight_selectors.Filters.from_query(QueryDict())
        board = insight_selectors.board(filters, limit=HOME_ISSUES)
        context["board"] = board
        context["rising"] = [r for r in board.issues if r.trend in {"rising", "new"}]
    return render(request, "web/home.html", context)
