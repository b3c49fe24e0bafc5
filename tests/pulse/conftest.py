"""Fixtures for the pulse: a round started through the service, and employees' answers.

`answer` mirrors the public response page's contract for an employee: the response keeps
only the team at answer time and the answers, is not linked to the invitation, and the
invitation records that its person has answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from outward.accounts.models import Team, User
from outward.pulse.models import PulseRound
from outward.pulse.services import start_round
from outward.surveys.models import Invitation, Response
from tests.factories import TeamFactory, UserFactory


@dataclass
class Staff:
    teams: dict[str, Team]
    members: dict[str, list[User]]


@pytest.fixture
def staff(db: None) -> Callable[[dict[str, int]], Staff]:
    """Teams with the given head counts, e.g. {"Desk": 5, "Crew": 4}."""

    def make(sizes: dict[str, int]) -> Staff:
        teams = {name: TeamFactory.create(name=name) for name in sizes}
        members = {name: UserFactory.create_batch(n, team=teams[name]) for name, n in sizes.items()}
        return Staff(teams, members)

    return make


@pytest.fixture
def start(db: None) -> Callable[..., PulseRound]:
    def make(rated: list[Team] | None = None, **options: Any) -> PulseRound:
        return start_round(
            name=options.pop("name", "Pulse Q1"),
            rated_team_ids=[t.pk for t in rated or []],
            **options,
        ).round

    return make


def answer(pulse: PulseRound, employee: User, **answers: Any) -> Response:
    now = timezone.now()
    Invitation.objects.filter(survey=pulse.survey, employee=employee).update(responded_at=now)
    return Response.objects.create(
        survey=pulse.survey, team=employee.team, answers=answers, completed_at=now
    )


@pytest.fixture
def respond() -> Callable[..., Response]:
    return answer
