"""Pages of the core app: the audit log and the health check."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from outward.core import audit_words
from outward.core.models import AuditEntry
from outward.core.permissions import Perm, requires

AUDIT_PAGE_SIZE = 50


@requires(Perm.AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    object_type = request.GET.get("object_type", "")
    shown = AuditEntry.objects.exclude(_bookkeeping())
    entries = shown.select_related("user", "token")
    if object_type:
        entries = entries.filter(object_type=object_type)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.sentence = audit_words.sentence(entry)
        entry.fields = audit_words.changed_fields(entry)
    types = shown.order_by("object_type").values_list("object_type", flat=True).distinct()
    context = {
        "page": page,
        "object_type": object_type,
        "object_types": sorted(((audit_words.kind(t), t) for t in types), key=lambda n: n[0]),
        "query": urlencode({"object_type": object_type}) if object_type else "",
    }
    return render(request, "core/audit.html", context)


def _bookkeeping() -> Q:
    """Rows the task queue and the clock wrote for themselves (older logs may hold some)."""
    condition = Q(pk__in=[])
    for prefix in audit_words.BOOKKEEPING_TYPES:
        condition |= Q(object_type__startswith=prefix)
    return condition


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
