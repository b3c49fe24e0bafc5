"""Round results, hand-computed on a small fixture, and the anonymity rule in the figures."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outward.pulse import selectors
from outward.pulse.charts import enps_chart
from outward.pulse.models import PulseRound
from outward.pulse.results import hidden_groups
from outward.pulse.services import serves_key

pytestmark = pytest.mark.django_db

Z = 1.959963984540054  # standard normal 97.5 % quantile


def test_team_enps_and_equipped_match_a_hand_computation(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    # given a desk of five: 2 promoters, 1 passive, 2 detractors; "equipped" 4, 4, 5, 3, 4
    people = staff({"Desk": 5})
    pulse = start()
    for person, enps, equipped in zip(
        people.members["Desk"], [10, 9, 8, 6, 3], [4, 4, 5, 3, 4], strict=True
    ):
        respond(pulse, person, enps=enps, equipped=equipped)

    # when
    results = selectors.round_results(pulse)

    # then eNPS = 100 (2/5 - 2/5) = 0 with the adjusted Wald interval (n + 3, +0.75 each)
    desk = results.teams[0]
    a = (2 + 0.75) / 8
    half = Z * 100 * math.sqrt((a + a) / 8)
    assert desk.label == "Desk"
    assert desk.respondents == 5
    assert desk.enps.value == pytest.approx(0.0)
    assert desk.enps.ci_low == pytest.approx(-half)
    assert desk.enps.ci_high == pytest.approx(half)
    # and "equipped" = 4.0 with the bounded (Wilson, effective n) interval: on [0, 1] the
    # mean is p = 0.75, the variance 0.5 / 16, so n_eff = 5 p (1 - p) / var = 30
    assert desk.equipped.value == pytest.approx(4.0)
    p, n_eff = 0.75, 30
    denom = 1 + Z * Z / n_eff
    centre = (p + Z * Z / (2 * n_eff)) / denom
    half = Z * math.sqrt(p * (1 - p) / n_eff + Z * Z / (4 * n_eff * n_eff)) / denom
    assert desk.equipped.ci_high == pytest.approx(1 + 4 * (centre + half))
    assert desk.equipped.ci_low == pytest.approx(1 + 4 * (centre - half))
    assert desk.response_rate == pytest.approx(1.0)
    assert results.overall.enps.value == pytest.approx(0.0)


def test_a_team_of_four_respondents_is_suppressed_and_of_five_shown(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Five": 5, "Four": 4, "Six": 6})
    pulse = start()
    for name in ("Five", "Four", "Six"):
        for person in people.members[name]:
            respond(pulse, person, enps=9, equipped=4)

    results = selectors.round_results(pulse)

    rows = {row.label: row for row in results.teams}
    assert rows["Four"].suppressed
    assert rows["Four"].enps.value is None
    assert rows["Four"].respondents is None
    assert rows["Four"].response_rate is None
    # differencing: overall minus the shown teams would reveal "Four", so the smallest shown
    # team ("Five") is hidden as well; "Six" and the overall stay.
    assert rows["Five"].suppressed
    assert not rows["Six"].suppressed
    assert rows["Six"].enps.value == pytest.approx(100.0)
    assert not results.overall.suppressed
    assert results.overall.respondents == 15


def test_two_suppressed_teams_of_five_together_need_no_extra_hiding(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Crew A": 3, "Crew B": 2, "Desk": 5})
    pulse = start()
    for members in people.members.values():
        for person in members:
            respond(pulse, person, enps=7)

    rows = {row.label: row for row in selectors.round_results(pulse).teams}

    assert rows["Crew A"].suppressed
    assert rows["Crew B"].suppressed
    assert not rows["Desk"].suppressed


def test_a_round_under_five_respondents_shows_nothing_at_all(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Desk": 6})
    pulse = start()
    for person in people.members["Desk"][:4]:
        respond(pulse, person, enps=2, equipped=1, comment="I am the only one who says this")

    results = selectors.round_results(pulse)

    assert results.overall.suppressed
    assert results.overall.enps.value is None
    assert all(row.suppressed for row in results.teams)
    assert results.comments is None


def test_an_optional_question_answered_by_four_is_hidden_even_in_a_team_of_six(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Desk": 6})
    pulse = start()
    for n, person in enumerate(people.members["Desk"]):
        respond(pulse, person, enps=8, **({"equipped": 2} if n < 4 else {}))

    desk = selectors.round_results(pulse).teams[0]

    assert not desk.enps.suppressed
    assert desk.equipped.suppressed
    assert desk.equipped.value is None


def test_internal_customer_ratings_by_rater_team_and_overall(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    # given Desk (6) and Shop (5) rate Crew; Crew's own members (5) rate themselves 5
    people = staff({"Desk": 6, "Shop": 5, "Crew": 5})
    crew = people.teams["Crew"]
    pulse = start(rated=[crew])
    key = serves_key(crew.pk)
    for person, score in zip(people.members["Desk"], [2, 2, 3, 3, 2, 3], strict=True):
        respond(pulse, person, enps=5, **{key: score})
    for person, score in zip(people.members["Shop"], [4, 4, 4, 4, 3], strict=True):
        respond(pulse, person, enps=9, **{key: score})
    for person in people.members["Crew"]:
        respond(pulse, person, enps=9, **{key: 5})

    rating = selectors.round_results(pulse).ratings[0]

    by_rater = {cell.label: cell.rating for cell in rating.by_rater}
    assert rating.team_name == "Crew"
    assert set(by_rater) == {"Desk", "Shop"}  # a department does not rate itself
    assert by_rater["Desk"].value == pytest.approx(2.5)
    assert by_rater["Desk"].n == 6
    assert by_rater["Shop"].value == pytest.approx(3.8)
    assert rating.overall.value == pytest.approx((15 + 19) / 11)
    assert rating.overall.n == 11


def test_a_rater_team_under_five_is_hidden_with_the_next_smallest(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Desk": 7, "Shop": 5, "Lab": 4, "Crew": 1})
    crew = people.teams["Crew"]
    pulse = start(rated=[crew])
    for name in ("Desk", "Shop", "Lab"):
        for person in people.members[name]:
            respond(pulse, person, enps=7, **{serves_key(crew.pk): 3})

    rating = selectors.round_results(pulse).ratings[0]

    by_rater = {cell.label: cell.rating for cell in rating.by_rater}
    assert by_rater["Lab"].suppressed
    assert by_rater["Shop"].suppressed
    assert not by_rater["Desk"].suppressed
    assert rating.overall.n == 16


def test_a_small_team_all_in_one_band_shows_the_band_not_a_figure(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    # given five promoters (an eNPS of +100 would say each of them answered 9 or 10), all
    # rating "equipped" 4 or 5, and a team of six with the same answers
    people = staff({"Five": 5, "Six": 6})
    pulse = start()
    for name in ("Five", "Six"):
        for n, person in enumerate(people.members[name]):
            respond(pulse, person, enps=9 + n % 2, equipped=4 + n % 2)

    rows = {row.label: row for row in selectors.round_results(pulse).teams}

    five = rows["Five"]
    assert (five.enps.value, five.enps.ci_low, five.enps.band) == (
        None,
        None,
        "all answered 9 to 10",
    )
    assert five.equipped.band == "all answered 4 to 5"
    assert five.equipped.value is None
    assert five.enps.n == 5
    # above the threshold size the figure is shown
    assert rows["Six"].enps.value == pytest.approx(100.0)
    assert rows["Six"].enps.band is None


def test_comments_are_shown_only_for_the_whole_round_and_sorted(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Desk": 5})
    pulse = start()
    for person, text in zip(
        people.members["Desk"], ["b text", "", "A text", "  ", "c"], strict=True
    ):
        respond(pulse, person, enps=7, comment=text)

    results = selectors.round_results(pulse)

    assert results.comments == ("A text", "b text", "c")


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 12), max_size=8), st.integers(1, 6))
def test_hidden_groups_never_leave_a_small_group_derivable(
    counts: dict[str, int], minimum: int
) -> None:
    hidden = hidden_groups(counts, minimum)

    shown = [k for k in counts if k not in hidden]
    assert all(counts[k] >= minimum for k in shown)
    hidden_total = sum(counts[k] for k in hidden)
    if sum(counts.values()) >= minimum:
        assert hidden_total == 0 or hidden_total >= minimum
    else:
        assert hidden == set(counts)


def test_the_enps_chart_has_its_scale_inside_it(
    staff: Callable[..., Any], start: Callable[..., PulseRound], respond: Callable[..., Any]
) -> None:
    people = staff({"Desk": 6})
    pulse = start()
    for person, score in zip(people.members["Desk"], [10, 9, 9, 7, 3, 2], strict=True):
        respond(pulse, person, enps=score)
    results = selectors.round_results(pulse)

    chart = enps_chart(results.teams, results.min_group)

    assert chart is not None
    assert [t.label for t in chart.ticks] == ["-100", "-50", "0", "+50", "+100"]
    assert chart.ticks[0].x >= chart.label_width
    assert chart.ticks[-1].x <= chart.width
    assert (chart.ticks[0].anchor, chart.ticks[-1].anchor) == ("start", "end")
    assert chart.axis_y < chart.height
