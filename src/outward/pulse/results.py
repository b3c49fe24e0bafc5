"""Pulse results per round and team, with the anonymity rule applied before anything leaves.

Anonymity (`OUTWARD_PULSE_MIN_GROUP`, 5 by default, read only by `min_group`):

1. No figure is published for a group of fewer than `min_group` respondents, or for a
   statistic resting on fewer than `min_group` answers (an optional question).
2. No differencing. The groups of a breakdown (respondents by team, including "no team";
   raters of one department by their team) add up to a published total. If the hidden groups
   of a breakdown held 1 to `min_group - 1` answers between them, "total minus the shown
   groups" would reveal them. So the smallest shown groups are hidden as well until the hidden
   groups hold at least `min_group` answers together (or all are hidden): what can be derived
   by subtraction is then itself an aggregate of at least `min_group` people.
3. The total of a round (or of a department's ratings) is published only with at least
   `min_group` answers.
4. Free-text answers are shown only for the whole round, with at least `min_group`
   respondents, never per team, and sorted so their order says nothing about who wrote when.
5. A department's members' ratings of their own department are left out of its ratings.
6. Bands, not figures, for unanimous groups at the threshold size. When a shown group has
   exactly `min_group` answers and every answer falls in one band (eNPS: 0-6, 7-8 or 9-10;
   a 1-5 rating: 1-2, 3 or 4-5), its figure would tell each of those few people's answer to
   within a point (an eNPS of +100 from five people says all five answered 9 or 10, and so
   each of them). Only the band is shown then ("all answered 9 to 10"), with no value or
   interval. Larger groups show their figures.

The rule is applied per statistic (eNPS, "equipped", each rating), since the answer counts of
optional questions differ from the respondent counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings

from outward.analytics import cx
from outward.pulse.services import COMMENT_KEY, ENPS_KEY, EQUIPPED_KEY, RATING_MAX

K = TypeVar("K", bound=Hashable)
SUPPRESSED_LABEL = "fewer than {n} responses"
NO_TEAM = "No team"


def min_group() -> int:
    """The smallest group whose results may be shown (the one place the setting is read)."""
    return max(1, int(settings.OUTWARD_PULSE_MIN_GROUP))


def hidden_groups(counts: Mapping[K, int], minimum: int, forced: Iterable[K] = ()) -> set[K]:
    """The groups of one breakdown whose figures must not be shown (rules 1 and 2 above).

    `counts` is the number of answers per group; `forced` groups are hidden whatever their
    count (their respondent group is too small). When the total is under `minimum`, every
    group is hidden (and so is the total, by rule 3).
    """
    if sum(counts.values()) < minimum:
        return set(counts)
    hidden = {k for k, n in counts.items() if n < minimum} | set(forced)

    def hidden_answers() -> int:
        return sum(counts.get(k, 0) for k in hidden)

    while 0 < hidden_answers() < minimum:
        shown = [k for k in counts if k not in hidden and counts[k] > 0]
        if not shown:
            break
        hidden.add(min(shown, key=lambda k: (counts[k], str(k))))
    return hidden


@dataclass(frozen=True)
class Figure:
    """A published statistic with its interval, or a suppressed one (all None), or only the
    band every answer fell in (rule 6)."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    suppressed: bool
    band: str | None = None

    @classmethod
    def hidden(cls) -> Figure:
        return cls(None, None, None, None, True)

    @classmethod
    def absent(cls) -> Figure:
        """Not asked in this round: nothing hidden, nothing to show."""
        return cls(None, None, None, 0, False)


ENPS_BANDS = ((0, 6), (7, 8), (9, 10))
RATING_BANDS = ((1, 2), (3, 3), (4, RATING_MAX))


def one_band(values: Sequence[float], bands: Sequence[tuple[int, int]]) -> str | None:
    """'all answered 9-10' when every answer lies in one band, else None."""
    for low, high in bands:
        if values and all(low <= v <= high for v in values):
            return f"all answered {low}" if low == high else f"all answered {low} to {high}"
    return None


def _banded(figure: Figure, values: Sequence[float], bands: Any, minimum: int) -> Figure:
    """Rule 6: a small unanimous group shows its band instead of its figure."""
    if figure.suppressed or len(values) > minimum:
        return figure
    band = one_band(values, bands)
    return figure if band is None else Figure(None, None, None, len(values), False, band)


def _finite(value: float) -> float | None:
    return None if value != value else float(value)  # NaN -> None


def enps_figure(values: Sequence[float]) -> Figure:
    """eNPS (-100..100) with the adjusted-Wald interval, suited to team-sized samples."""
    result = cx.nps(values, method="adjusted")
    return Figure(
        _finite(result.nps), _finite(result.ci_low), _finite(result.ci_high), result.n, False
    )


def mean_figure(values: Sequence[float]) -> Figure:
    """A mean rating (1..5) with an interval that never runs past the scale."""
    result = cx.bounded_mean_interval(values, 1, RATING_MAX)
    return Figure(
        _finite(result.mean), _finite(result.ci_low), _finite(result.ci_high), result.n, False
    )


@dataclass(frozen=True)
class GroupResult:
    """One row of the team table (or the overall row)."""

    label: str
    team_id: int | None
    respondents: int | None
    suppressed: bool
    enps: Figure
    equipped: Figure
    invited: int | None
    response_rate: float | None


@dataclass(frozen=True)
class RaterCell:
    label: str
    team_id: int | None
    rating: Figure


@dataclass(frozen=True)
class RatingResult:
    """How well one department serves the others: overall and by the raters' team."""

    team_id: int
    team_name: str
    overall: Figure
    by_rater: tuple[RaterCell, ...]


@dataclass(frozen=True)
class RoundResults:
    min_group: int
    invited: int
    responded: int
    respondents: int
    response_rate: float | None
    overall: GroupResult
    teams: tuple[GroupResult, ...]
    ratings: tuple[RatingResult, ...]
    comments: tuple[str, ...] | None  # None: not shown (too few respondents, or not asked)
    asks_equipped: bool
    asks_comment: bool


@dataclass(frozen=True)
class PulseAnswers:
    """What one anonymous response holds: the team at answer time and the answers."""

    team_id: int | None
    answers: Mapping[str, Any]


def _team_order(team_id: int | None, team_names: Mapping[int, str]) -> tuple[bool, str]:
    """Teams by name, "no team" last."""
    return (team_id is None, "" if team_id is None else team_names.get(team_id, ""))


def score(answers: Mapping[str, Any], key: str, low: int, high: int) -> float | None:
    """A numeric answer within [low, high], or None (not answered, or not a valid score)."""
    value = answers.get(key)
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _metric_figures(
    values_by_group: Mapping[K, list[float]],
    make: Any,
    minimum: int,
    forced: set[K],
    bands: Sequence[tuple[int, int]],
) -> tuple[dict[K, Figure], Figure]:
    counts = {group: len(values) for group, values in values_by_group.items()}
    hidden = hidden_groups(counts, minimum, forced)
    figures = {
        group: Figure.hidden() if group in hidden else _banded(make(values), values, bands, minimum)
        for group, values in values_by_group.items()
    }
    everything = [v for values in values_by_group.values() for v in values]
    overall = (
        _banded(make(everything), everything, bands, minimum)
        if len(everything) >= minimum
        else Figure.hidden()
    )
    return figures, overall


def compute_results(
    *,
    responses: Sequence[PulseAnswers],
    team_names: Mapping[int, str],
    rated_teams: Sequence[tuple[int, str, str]],
    invited_by_team: Mapping[int | None, int],
    responded_by_team: Mapping[int | None, int],
    asks_equipped: bool,
    asks_comment: bool,
    minimum: int | None = None,
) -> RoundResults:
    """Results of one round with the anonymity rule applied (see the module docstring).

    `rated_teams` lists (team id, team name, answer key) of the internal-customer questions;
    invitation counts are per the invited employee's team (None: no team).
    """
    minimum = min_group() if minimum is None else minimum
    groups: list[int | None] = sorted(
        {r.team_id for r in responses} | set(invited_by_team),
        key=lambda t: _team_order(t, team_names),
    )
    respondents = {g: sum(1 for r in responses if r.team_id == g) for g in groups}
    too_small = hidden_groups(respondents, minimum)

    enps_values: dict[int | None, list[float]] = {g: [] for g in groups}
    equipped_values: dict[int | None, list[float]] = {g: [] for g in groups}
    for response in responses:
        if (value := score(response.answers, ENPS_KEY, 0, 10)) is not None:
            enps_values[response.team_id].append(value)
        if (value := score(response.answers, EQUIPPED_KEY, 1, RATING_MAX)) is not None:
            equipped_values[response.team_id].append(value)
    enps, enps_all = _metric_figures(enps_values, enps_figure, minimum, too_small, ENPS_BANDS)
    if asks_equipped:
        equipped, equipped_all = _metric_figures(
            equipped_values, mean_figure, minimum, too_small, RATING_BANDS
        )
    else:
        equipped, equipped_all = {g: Figure.absent() for g in groups}, Figure.absent()

    total_respondents = len(responses)
    overall_hidden = total_respondents < minimum
    invited = sum(invited_by_team.values())
    responded = sum(responded_by_team.values())
    rows = tuple(
        _group_row(
            NO_TEAM if g is None else team_names.get(g, f"Team {g}"),
            g,
            respondents[g],
            g in too_small,
            enps[g],
            equipped[g],
            invited_by_team.get(g, 0),
            responded_by_team.get(g, 0),
        )
        for g in groups
    )
    overall = _group_row(
        "All teams",
        None,
        total_respondents,
        overall_hidden,
        enps_all,
        equipped_all,
        invited,
        responded,
    )
    comments = None
    if asks_comment and not overall_hidden:
        texts = [r.answers.get(COMMENT_KEY) for r in responses]
        comments = tuple(
            sorted((t.strip() for t in texts if isinstance(t, str) and t.strip()), key=str.casefold)
        )
    return RoundResults(
        min_group=minimum,
        invited=invited,
        responded=responded,
        respondents=total_respondents,
        response_rate=responded / invited if invited else None,
        overall=overall,
        teams=rows,
        ratings=tuple(
            _ratings(team_id, name, key, responses, team_names, minimum)
            for team_id, name, key in rated_teams
        ),
        comments=comments,
        asks_equipped=asks_equipped,
        asks_comment=asks_comment,
    )


def _group_row(
    label: str,
    team_id: int | None,
    respondents: int,
    suppressed: bool,
    enps: Figure,
    equipped: Figure,
    invited: int,
    responded: int,
) -> GroupResult:
    if suppressed:
        return GroupResult(label, team_id, None, True, Figure.hidden(), Figure.hidden(), None, None)
    rate = responded / invited if invited else None
    return GroupResult(label, team_id, respondents, False, enps, equipped, invited, rate)


def _ratings(
    team_id: int,
    name: str,
    key: str,
    responses: Sequence[PulseAnswers],
    team_names: Mapping[int, str],
    minimum: int,
) -> RatingResult:
    by_rater: dict[int | None, list[float]] = defaultdict(list)
    for response in responses:
        if response.team_id == team_id:
            continue  # a department does not rate itself (rule 5)
        if (value := score(response.answers, key, 1, RATING_MAX)) is not None:
            by_rater[response.team_id].append(value)
    figures, overall = _metric_figures(by_rater, mean_figure, minimum, set(), RATING_BANDS)
    cells = tuple(
        RaterCell(NO_TEAM if g is None else team_names.get(g, f"Team {g}"), g, figures[g])
        for g in sorted(figures, key=lambda g: _team_order(g, team_names))
    )
    return RatingResult(team_id, name, overall, cells)
