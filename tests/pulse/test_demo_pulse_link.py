"""Planted truth 8, the employee side: the engine links the lower-pulse team to the team whose
customers are less satisfied (docs/demo-data.md). The customer side is checked in
tests/feedback/test_engine_finds_planted_truths.py.

The demo company (seed 42, today 2025-06-30) is generated once for the module and rolled back
at the end. The checks go through the pulse's own results and link, as the page shows them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from outward.core.roles import Role
from outward.demo.services import generate_demo
from outward.pulse import selectors
from outward.pulse.link import EmployeeCustomerLink, employee_customer_link
from outward.pulse.results import RoundResults

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)
SOUTH = "Support Desk South"


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[tuple[EmployeeCustomerLink, list[RoundResults]]]:
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo(seed=42, today=TODAY)
        rounds = list(selectors.rounds())
        link = employee_customer_link(rounds)
        assert link is not None
        by_round = selectors.results_of(rounds)
        yield link, [by_round[r.pk] for r in rounds]
        transaction.set_rollback(True)


def test_the_demo_has_a_pulse_round_every_quarter(
    demo: tuple[EmployeeCustomerLink, list[RoundResults]],
) -> None:
    link, results = demo

    assert link.rounds == 4
    assert all(r.respondents >= 20 for r in results)


def test_the_lowest_pulse_team_is_the_team_with_the_least_satisfied_customers(
    demo: tuple[EmployeeCustomerLink, list[RoundResults]],
) -> None:
    link, _ = demo
    teams = {t.team_name: t for t in link.teams}

    lowest_pulse = min(teams, key=lambda name: teams[name].enps.value or 0.0)
    least_satisfied = min(teams, key=lambda name: teams[name].customer_csat.value or 5.0)

    assert lowest_pulse == least_satisfied == SOUTH
    others = [t for name, t in teams.items() if name != SOUTH]
    assert others
    south_high = teams[SOUTH].enps.ci_high
    assert south_high is not None
    assert all((t.enps.value or 0.0) > south_high for t in others)


def test_team_pulse_and_customer_satisfaction_correlate_positively(
    demo: tuple[EmployeeCustomerLink, list[RoundResults]],
) -> None:
    link, _ = demo
    same_quarter = link.correlation.by_lag[0]

    assert same_quarter.n >= 9
    assert same_quarter.r > 0.5
    assert not math.isnan(same_quarter.ci_low)
    assert same_quarter.ci_low > 0


def test_small_teams_stay_hidden_in_the_demo(
    demo: tuple[EmployeeCustomerLink, list[RoundResults]],
) -> None:
    _, results = demo
    latest = {row.label: row for row in results[0].teams}

    assert latest["Field Crew West"].suppressed
    assert latest["Field Crew West"].enps.value is None
    assert not latest[SOUTH].suppressed


def test_the_results_page_shows_the_demo_link(
    demo: tuple[EmployeeCustomerLink, list[RoundResults]], client: Client, login: Any
) -> None:
    login(Role.EXECUTIVE)

    response = client.get(reverse("pulse:results"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Employees and their customers" in html
    assert SOUTH in html
    assert "fewer than 5 responses" in html
    assert "0.86" in html  # the same-quarter correlation
