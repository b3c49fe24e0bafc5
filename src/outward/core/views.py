"""Pages of the core app: the audit log and the health check."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from outward.core.models import AuditEntry
from outward.core.permissions import Perm, requires

AUDIT_PAGE_SIZE = 50


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
