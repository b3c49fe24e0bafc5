"""The employee-customer link: each team's pulse next to its customers' scores.

Customer feedback names the team that handled it in `raw["team"]` (the team's name). Round k
covers the customers' feedback from its opening until the next round opens (the last round:
`LAST_WINDOW`). Only teams whose pulse is published (at least `min_group` respondents) take
part; suppressed pulses never enter the correlation either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db.models import Q
from django.utils import timezone

from outward.analytics.pulse import LaggedCorrelation, pulse_customer_correlation
from outward.feedback.models import FeedbackItem
from outward.pulse import selectors
from outward.pulse.models import PulseRound
from outward.pulse.results import Figure, RoundResults, enps_figure, mean_figure

LAST_WINDOW = timedelta(days=91)
MAX_LAG = 2


@dataclass(frozen=True)
class TeamLink:
    team_id: int
    team_name: str
    enps: Figure
    equipped: Figure
    customer_csat: Figure
    customer_nps: Figure


@dataclass(frozen=True)
class Window:
    round_id: str
    round_name: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class EmployeeCustomerLink:
    """The latest round's teams side by side with their customers, and the correlation of
    team eNPS with team customer CSAT (mean, 1-5) over all rounds, by lag in rounds."""

    latest: Window
    teams: tuple[TeamLink, ...]
    correlation: LaggedCorrelation
    rounds: int


def _windows(ordered: list[PulseRound]) -> list[Window]:
    """Each round's customer window runs to the next round; the last one to LAST_WINDOW
    after it opened, or to now if that is still ahead (no period shown ends in the future)."""
    windows = []
    now = timezone.now()
    for k, pulse in enumerate(ordered):
        end = (
            ordered[k + 1].opened_at
            if k + 1 < len(ordered)
            else min(pulse.opened_at + LAST_WINDOW, now)
        )
        windows.append(Window(str(pulse.pk), pulse.survey.name, pulse.opened_at, end))
    return windows


def _customer_scores(
    names: list[str], windows: list[Window]
) -> dict[tuple[str, int], tuple[list[float], list[float]]]:
    """(team name, round index) -> (CSAT answers, NPS answers) of the team's customers."""
    scores: dict[tuple[str, int], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    if not names or not windows:
        return scores
    starts = np.array([w.start.timestamp() for w in windows])
    ends = np.array([w.end.timestamp() for w in windows])
    rows = (
        FeedbackItem.objects.filter(
            raw__team__in=names,
            occurred_at__gte=windows[0].start,
            occurred_at__lt=max(w.end for w in windows),
        )
        .filter(Q(csat__isnull=False) | Q(nps__isnull=False))
        .values_list("raw__team", "occurred_at", "csat", "nps")
    )
    for team, occurred_at, csat, nps in rows.iterator(chunk_size=5000):
        at = occurred_at.timestamp()
        k = int(np.searchsorted(starts, at, side="right")) - 1
        if k < 0 or at >= ends[k]:
            continue
        csat_values, nps_values = scores[(str(team), k)]
        if csat is not None:
            csat_values.append(float(csat))
        if nps is not None:
            nps_values.append(float(nps))
    return scores


def employee_customer_link(
    ordered_newest_first: list[PulseRound], by_round: Mapping[Any, RoundResults] | None = None
) -> EmployeeCustomerLink | None:
    """None without any round. ``by_round``: the rounds' results by round id, when the caller
    has them already (``selectors.results_of``)."""
    if not ordered_newest_first:
        return None
    ordered = sorted(ordered_newest_first, key=lambda r: (r.opened_at, str(r.pk)))
    names = selectors.team_names()
    if by_round is None:
        by_round = selectors.results_of(ordered)
    results: list[RoundResults] = [by_round[r.pk] for r in ordered]
    windows = _windows(ordered)
    scores = _customer_scores(list(names.values()), windows)

    teams_col, periods, pulse, customer = [], [], [], []
    for k, result in enumerate(results):
        shown = {row.team_id: row for row in result.teams if row.team_id is not None}
        for team_id, name in names.items():
            csat_values = scores.get((name, k), ([], []))[0]
            row = shown.get(team_id)
            enps = row.enps.value if row is not None and not row.enps.suppressed else None
            if enps is None and not csat_values:
                continue
            teams_col.append(name)
            periods.append(k)
            pulse.append(np.nan if enps is None else enps)
            customer.append(float(np.mean(csat_values)) if csat_values else np.nan)
    correlation = pulse_customer_correlation(
        teams_col, periods, pulse, customer, max_lag=min(MAX_LAG, len(ordered) - 1)
    )

    last = len(results) - 1
    side_by_side = []
    for row in results[last].teams:
        if row.team_id is None or row.suppressed or row.enps.suppressed:
            continue
        csat_values, nps_values = scores.get((row.label, last), ([], []))
        side_by_side.append(
            TeamLink(
                row.team_id,
                row.label,
                row.enps,
                row.equipped,
                mean_figure(csat_values),
                enps_figure(nps_values),
            )
        )
    return EmployeeCustomerLink(windows[last], tuple(side_by_side), correlation, len(ordered))
