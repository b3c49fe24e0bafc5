"""An initiative is validated by its customers only when the affected customers' answers
improved significantly more than the comparison group's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from outward.core.errors import Conflict, ValidationError
from outward.initiatives import groups
from outward.initiatives.services import Plan, measure, start_initiative
from tests.initiatives.fixtures import World, changed_initiative

pytestmark = pytest.mark.django_db


def test_the_affected_group_is_who_raised_the_issue_before_the_change(
    lead_time: Callable[[int], World],
) -> None:
    world = lead_time(0)
    initiative = changed_initiative(world)
    today = timezone.localdate()

    assert set(groups.affected(initiative, today)) == set(world.affected)
    assert set(world.others) <= set(groups.comparison(initiative, today))
    assert not set(world.affected) & set(groups.comparison(initiative, today))


def test_a_real_improvement_is_validated_with_its_interval(
    lead_time: Callable[[int], World],
) -> None:
    world = lead_time(4)  # every affected customer answers 4 points higher after the change
    initiative = changed_initiative(world)

    result = measure(initiative)

    figures = result.figures
    assert result.validated
    cells = {(c["group"], c["period"]): c for c in figures["cells"]}
    assert cells[("affected", "before")]["n"] == 60
    assert cells[("comparison", "after")]["value"] == cells[("comparison", "before")]["value"]
    assert figures["did"]["estimate"] > 0
    assert figures["did"]["ci_low"] > 0
    assert figures["summary"].startswith("Validated by customers")
    assert figures["issue_before"]["mentions"] == 30
    assert figures["issue_after"]["mentions"] == 0


def test_no_change_in_the_answers_is_not_validated(lead_time: Callable[[int], World]) -> None:
    world = lead_time(0)
    initiative = changed_initiative(world)

    result = measure(initiative)

    assert not result.validated
    assert result.figures["did"]["estimate"] == pytest.approx(0.0)
    assert result.figures["summary"].startswith("Not shown yet")


def test_results_need_a_change_and_an_initiative_needs_its_customers() -> None:
    with pytest.raises(ValidationError) as refused:
        start_initiative(Plan(title="Be nicer", hypothesis="Friendlier."), by=None)
    assert "themes" in refused.value.field_errors

    initiative = start_initiative(
        Plan(title="Faster quotes", hypothesis="Quote in a day.", segment="smb"), by=None
    )
    with pytest.raises(Conflict, match="Record the change first"):
        measure(initiative)


def test_the_after_period_ends_today_while_the_change_settles(
    lead_time: Callable[[int], World],
) -> None:
    world = lead_time(4)
    initiative = changed_initiative(world)

    result = measure(initiative, today=timezone.localdate())

    assert result.figures["after"][1] == timezone.localdate().isoformat()
    assert result.figures["after"][0] == (timezone.localdate() - timedelta(days=60)).isoformat()
