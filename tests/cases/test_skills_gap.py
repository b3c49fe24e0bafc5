"""The skills gap: recent cases needing a skill against the people able to take them, and
skills due for re-verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from outward.accounts.models import Skill, UserSkill
from outward.cases import skills
from outward.cases.services import lifecycle
from outward.core.roles import Role
from tests.cases.fixtures import person
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _needing(skill: Skill, n: int) -> None:
    for _ in range(n):
        spec = lifecycle.CaseSpec(customer=CustomerFactory.create(), title="x", skills=(skill,))
        lifecycle.open_case(spec, None)


def test_a_skill_many_cases_need_and_one_person_holds_is_a_gap() -> None:
    person(Role.AGENT, Gas=4)
    person(Role.AGENT, Gas=1)
    person(Role.AGENT, Billing=4)
    person(Role.AGENT, Billing=5)
    _needing(Skill.objects.get(name="Gas"), 6)
    _needing(Skill.objects.get(name="Billing"), 2)

    found = {g.skill.name: g for g in skills.skills_gap()}

    assert (found["Gas"].demand, found["Gas"].qualified, found["Gas"].holders) == (6, 1, 2)
    assert found["Gas"].gap
    assert not found["Billing"].gap
    assert next(g.skill.name for g in skills.skills_gap()) == "Gas"


def test_skills_verified_over_a_year_ago_are_due_again() -> None:
    old = person(Role.AGENT, Gas=4)
    UserSkill.objects.filter(user=old).update(verified_on=dt.date(2020, 1, 1))
    fresh = person(Role.AGENT, Gas=3)
    UserSkill.objects.filter(user=fresh).update(verified_on=timezone.localdate())

    (gas,) = skills.skills_gap()

    assert gas.stale == 1


def test_the_skills_gap_page_shows_to_people_viewers(client: Client) -> None:
    person(Role.AGENT, Gas=4)
    client.force_login(person(Role.MANAGER))

    assert "Gas" in client.get("/cases/skills/").content.decode()
