"""Pages of the core app: home (CX figures), the audit log, and the health check."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from outward.core.models import AuditEntry
from outward.core.permissions import Perm, requires
from outward.core.selectors import MonthVolume, home_figures

AUDIT_PAGE_SIZE = 50

# Geometry of the monthly volume chart, in SVG user units (the SVG scales to its box).
CHART_SLOT = 40
CHART_BAR = 28
CHART_TOP = 24
CHART_PLOT = 140


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
    return render(request, "core/home.html", context)


@requires(Perm.AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    object_type = request.GET.get("object_type", "")
    entries = AuditEntry.objects.select_related("user", "token")
    if object_type:
        entries = entries.filter(object_type=object_type)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    object_types = (
        AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
    context = {
        "page": page,
        "object_type": object_type,
        "object_types": list(object_types),
        "query": urlencode({"object_type": object_type}) if object_type else "",
    }
    return render(request, "core/audit.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and container health checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
