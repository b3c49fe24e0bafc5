"""Pulse pages: results, one round, its CSV export, and starting a round."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from outward.accounts.models import User
from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires, user_has
from outward.pulse import selectors, services
from outward.pulse.charts import enps_chart
from outward.pulse.export import export_csv
from outward.pulse.forms import StartRoundForm
from outward.pulse.link import employee_customer_link
from outward.pulse.models import PulseRound


def _round_or_404(pk: uuid.UUID) -> PulseRound:
    pulse = selectors.get_round(pk)
    if pulse is None:
        raise Http404("No such pulse round.")
    return pulse


@requires(Perm.PULSE_VIEW)
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    rounds = list(selectors.rounds())
    latest = rounds[0] if rounds else None
    by_round = selectors.results_of(rounds) if rounds else {}  # one pass over all rounds
    latest_results = by_round[latest.pk] if latest else None
    context = {
        "rounds": rounds,
        "latest": latest,
        "results": latest_results,
        "chart": enps_chart(latest_results.teams, latest_results.min_group)
        if latest_results
        else None,
        "link": employee_customer_link(rounds, by_round),
        "can_start": user_has(request.user, Perm.PULSE_CHANGE),
    }
    return render(request, "pulse/results.html", context)


@requires(Perm.PULSE_VIEW)
@require_GET
def round_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pulse = _round_or_404(pk)
    round_results = selectors.round_results(pulse)
    context = {
        "round": pulse,
        "open": pulse.closes_at > timezone.now(),
        "results": round_results,
        "chart": enps_chart(round_results.teams, round_results.min_group),
    }
    return render(request, "pulse/round.html", context)


@requires(Perm.PULSE_VIEW)
@require_GET
def export(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    pulse = _round_or_404(pk)
    body = export_csv(pulse, selectors.round_results(pulse))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pulse-{pulse.opened_at:%Y-%m-%d}-{str(pulse.pk)[:8]}.csv"'
    )
    return response


@requires(Perm.PULSE_CHANGE)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "pulse/start.html", {"form": StartRoundForm()})
    form = StartRoundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        assert isinstance(request.user, User)  # `requires` lets only signed-in users in
        try:
            started = services.start_round(
                name=data["name"],
                rated_team_ids=[team.pk for team in data["rated_teams"]],
                ask_equipped=data["ask_equipped"],
                ask_comment=data["ask_comment"],
                open_days=data["open_days"],
                started_by=request.user,
                invites_without_team=data["invites_without_team"],
            )
        except OutwardError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"“{started.round.name}” is open: {started.invited} employee"
                f"{'s' if started.invited != 1 else ''} invited"
                + (f", {started.skipped} without an e-mail address" if started.skipped else "")
                + ".",
            )
            return redirect("pulse:round", pk=started.round.pk)
    return render(request, "pulse/start.html", {"form": form}, status=400)
