"""The promise ledger and what slips through the cracks."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from outward.cases import cracks, skills
from outward.cases.choices import PromiseStatus
from outward.cases.forms import SettleForm
from outward.cases.models import Promise
from outward.cases.services import promises
from outward.cases.views.common import user_of
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has

PER_PAGE = 50
SHOWN = 20  # rows per list on the cracks page (the counts above give the totals)
HOLDERS_SHOWN = 30


@requires(Perm.CASES_VIEW)
@require_GET
def promise_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    scope = request.GET.get("scope", "mine")
    found = Promise.objects.filter(status=PromiseStatus.OPEN).select_related(
        "owner", "customer", "case"
    )
    if scope == "mine":
        found = found.filter(owner=user)
    elif scope == "team":
        found = found.filter(team_id=user.team_id) if user.team_id else found.none()
    else:
        scope = "all"
    page = Paginator(found.order_by("due_at", "id"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "scope": scope,
        "now": timezone.now(),
        "may_work": user_has(user, Perm.CASES_WORK),
        "query": f"scope={scope}",
    }
    return render(request, "cases/promises.html", context)


def _settle(request: HttpRequest, pk: int, kept: bool) -> HttpResponse:
    promise = get_object_or_404(Promise.objects.select_related("case", "customer", "owner"), pk=pk)
    form = SettleForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if kept:
            promises.keep_promise(promise, user_of(request), note=note)
            messages.success(request, "Marked kept.")
        else:
            case = promises.break_promise(promise, user_of(request), note)
            follow = f"; case {case.reference} opened to make it good" if case else ""
            messages.success(request, f"Marked broken{follow}.")
    except OutwardError as error:
        messages.error(request, error.message)
    back = str(request.POST.get("next", ""))
    return redirect(back if back.startswith("/cases/") and "//" not in back else "cases:promises")


@requires(Perm.CASES_WORK)
@require_POST
def keep(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle(request, pk, kept=True)


@requires(Perm.CASES_WORK)
@require_POST
def broken(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle(request, pk, kept=False)


@requires(Perm.CASES_VIEW)
@require_GET
def cracks_view(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    overall, teams, people = cracks.promise_rates(now)
    holders = cracks.by_holder(now)
    context = {
        "now": now,
        "holders": holders[:HOLDERS_SHOWN],
        "more_holders": max(0, len(holders) - HOLDERS_SHOWN),
        "overdue": cracks.overdue_promises(now)[:SHOWN],
        "overdue_count": sum(h.overdue_promises for h in holders),
        "stalled": cracks.stalled_cases(now)[:SHOWN],
        "stalled_count": sum(h.stalled_cases for h in holders),
        "detractors": cracks.unanswered_detractors(now)[:SHOWN],
        "detractor_count": cracks.unanswered_detractors(now).count(),
        "overall": overall,
        "teams": teams,
        "people": sorted(people, key=lambda r: (r.kept_pct or 0, -r.settled))[:HOLDERS_SHOWN],
        "more_people": max(0, len(people) - HOLDERS_SHOWN),
        "rate_days": cracks.RATE_DAYS,
        "may_work": user_has(request.user, Perm.CASES_WORK),
    }
    return render(request, "cases/cracks.html", context)


@requires(Perm.PEOPLE_VIEW)
@require_GET
def skills_gap(request: HttpRequest) -> HttpResponse:
    context = {
        "gaps": skills.skills_gap(),
        "demand_days": skills.DEMAND_DAYS,
        "stale_days": skills.STALE_DAYS,
        "qualified_level": skills.QUALIFIED_LEVEL,
    }
    return render(request, "cases/skills.html", context)
