"""The people page: teams and their members, the skills matrix, and setting skill levels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outward.accounts.models import Skill, Team, User, UserSkill
from outward.accounts.services import set_skill_level
from outward.core.roles import Role
from tests.factories import SkillFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
PEOPLE = reverse("accounts:people")


def _set_url(user: User) -> str:
    return reverse("accounts:skill_set", args=[user.pk])


def _shown(response: object) -> set[str]:
    """Usernames of the people listed in the matrix."""
    groups = response.context["inventory"].groups  # type: ignore[attr-defined]
    return {row.person.username for group in groups for row in group.people}


def test_people_page_shows_teams_with_their_members(
    client: Client, login: Callable[[str], User]
) -> None:
    team = TeamFactory.create(name="Support Desk North")
    UserFactory.create(
        team=team, first_name="Ada", last_name="Lovelace", job_title="Support agent", role="agent"
    )
    login(Role.ANALYST)

    response = client.get(PEOPLE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Support Desk North" in html
    assert "Ada Lovelace" in html
    assert "Support agent · Agent" in html


def test_people_is_in_the_menu_for_roles_that_may_see_it(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.EXECUTIVE)

    response = client.get(PEOPLE)

    labels = [item.label for item in response.context["nav_items"]]
    assert labels.index("Customers") < labels.index("People")
    assert any(item.active for item in response.context["nav_items"] if item.label == "People")


def test_agent_cannot_open_the_people_page(client: Client, login: Callable[[str], User]) -> None:
    login(Role.AGENT)

    assert client.get(PEOPLE).status_code == 403


def test_levels_show_verified_and_unverified_differently(
    client: Client, login: Callable[[str], User]
) -> None:
    skill = SkillFactory.create(name="Water treatment")
    set_skill_level(user=UserFactory.create(), skill=skill, level=4, verified_on=date(2025, 3, 3))
    set_skill_level(user=UserFactory.create(), skill=skill, level=2)
    login(Role.ANALYST)

    html = client.get(PEOPLE).content.decode()

    assert "Level 4 of 5, verified 3 Mar 2025" in html
    assert "Level 2 of 5, not verified" in html
    assert 'class="level verified"' in html
    assert 'class="level unverified"' in html


def test_filter_by_skill_and_minimum_level(client: Client, login: Callable[[str], User]) -> None:
    water, other = SkillFactory.create(name="Water treatment"), SkillFactory.create(name="Dutch")
    expert = UserFactory.create(username="expert")
    set_skill_level(user=expert, skill=water, level=4)
    set_skill_level(user=UserFactory.create(username="novice"), skill=water, level=2)
    set_skill_level(user=UserFactory.create(username="dutch"), skill=other, level=5)
    login(Role.MANAGER)

    response = client.get(PEOPLE, {"skill": water.pk, "min_level": 4})

    assert response.status_code == 200
    assert _shown(response) == {"expert"}


def test_filter_by_team(client: Client, login: Callable[[str], User]) -> None:
    north, south = TeamFactory.create(), TeamFactory.create()
    UserFactory.create(username="in-north", team=north)
    UserFactory.create(username="in-south", team=south)
    login(Role.ANALYST)

    response = client.get(PEOPLE, {"team": north.pk})

    assert _shown(response) == {"in-north"}


def test_minimum_level_without_a_skill_asks_for_the_skill(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)

    response = client.get(PEOPLE, {"min_level": 4})

    assert response.status_code == 200
    assert b"Choose the skill the level is about." in response.content


def test_coverage_counts_people_at_level_3_and_4_in_the_chosen_team(
    client: Client, login: Callable[[str], User]
) -> None:
    team, elsewhere = TeamFactory.create(), TeamFactory.create()
    skill = SkillFactory.create()
    for level in (2, 3, 4, 5):
        set_skill_level(user=UserFactory.create(team=team), skill=skill, level=level)
    set_skill_level(user=UserFactory.create(team=elsewhere), skill=skill, level=5)
    login(Role.ANALYST)

    response = client.get(PEOPLE, {"team": team.pk, "skill": skill.pk, "min_level": 5})

    coverage = response.context["inventory"].coverage
    assert [(c.skill, c.capable, c.experts) for c in coverage] == [(skill, 3, 2)]


def test_manager_sets_an_agents_skill_level(client: Client, login: Callable[[str], User]) -> None:
    agent = UserFactory.create(role=Role.AGENT)
    skill = SkillFactory.create()
    login(Role.MANAGER)

    response = client.post(
        _set_url(agent),
        {"skill": skill.pk, "level": 4, "verified_on": "2025-03-03", "back": "team=7&evil=1"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PEOPLE}?team=7&edit={agent.pk}"
    entry = UserSkill.objects.get(user=agent, skill=skill)
    assert (entry.level, entry.verified_on) == (4, date(2025, 3, 3))


def test_manager_removes_a_skill(client: Client, login: Callable[[str], User]) -> None:
    agent, skill = UserFactory.create(), SkillFactory.create()
    set_skill_level(user=agent, skill=skill, level=3)
    login(Role.MANAGER)

    response = client.post(_set_url(agent), {"skill": skill.pk, "remove": "1"})

    assert response.status_code == 302
    assert not UserSkill.objects.filter(user=agent).exists()


def test_manager_sees_the_skill_form_for_the_person_being_edited(
    client: Client, login: Callable[[str], User]
) -> None:
    agent = UserFactory.create(first_name="Grace", last_name="Hopper")
    login(Role.MANAGER)

    response = client.get(PEOPLE, {"edit": agent.pk})

    assert b"Skills of Grace Hopper" in response.content
    assert _set_url(agent).encode() in response.content


def test_analyst_cannot_change_skills(client: Client, login: Callable[[str], User]) -> None:
    agent, skill = UserFactory.create(), SkillFactory.create()
    login(Role.ANALYST)

    page = client.get(PEOPLE, {"edit": agent.pk})
    response = client.post(_set_url(agent), {"skill": skill.pk, "level": 4})

    assert response.status_code == 403
    assert not UserSkill.objects.exists()
    assert b"Edit skills" not in page.content
    assert _set_url(agent).encode() not in page.content


def test_level_outside_1_to_5_is_refused_with_a_message(
    client: Client, login: Callable[[str], User]
) -> None:
    agent, skill = UserFactory.create(), SkillFactory.create()
    login(Role.MANAGER)

    response = client.post(_set_url(agent), {"skill": skill.pk, "level": 7})

    assert response.status_code == 400
    assert b"Level: Choose a level from 1 to 5." in response.content
    assert not UserSkill.objects.exists()


def test_unknown_skill_is_refused_with_a_message(
    client: Client, login: Callable[[str], User]
) -> None:
    agent = UserFactory.create()
    login(Role.MANAGER)

    response = client.post(_set_url(agent), {"skill": 99999, "level": 3})

    assert response.status_code == 400
    assert b"Skill: Choose a skill from the list." in response.content


def test_verification_date_in_the_future_is_refused(
    client: Client, login: Callable[[str], User]
) -> None:
    agent, skill = UserFactory.create(), SkillFactory.create()
    login(Role.MANAGER)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        _set_url(agent), {"skill": skill.pk, "level": 3, "verified_on": tomorrow.isoformat()}
    )

    assert response.status_code == 400
    assert b"Verified on: A level can&#x27;t be verified in the future." in response.content
    assert not UserSkill.objects.exists()


def test_setting_a_skill_of_nobody_is_not_found(
    client: Client, login: Callable[[str], User]
) -> None:
    skill = SkillFactory.create()
    login(Role.MANAGER)

    response = client.post(reverse("accounts:skill_set", args=[987654]), {"skill": skill.pk})

    assert response.status_code == 404


def test_setting_a_skill_needs_a_post(client: Client, login: Callable[[str], User]) -> None:
    login(Role.MANAGER)
    agent = UserFactory.create()

    assert client.get(_set_url(agent)).status_code == 405


def test_names_are_escaped(client: Client, login: Callable[[str], User]) -> None:
    team = Team.objects.create(name="<b>Desk</b>")
    Skill.objects.create(name="<i>Skill</i>", description='"><script>x()</script>')
    UserFactory.create(team=team, first_name="<script>alert(1)</script>", job_title="<u>Agent</u>")
    login(Role.MANAGER)

    html = client.get(PEOPLE).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Desk</b>" not in html
    assert "<i>Skill</i>" not in html
    assert "<script>x()</script>" not in html
    assert "<u>Agent</u>" not in html


def test_people_page_queries_do_not_grow_with_people(
    client: Client, login: Callable[[str], User], django_assert_max_num_queries: Callable
) -> None:
    teams = [TeamFactory.create() for _ in range(4)]
    skills = [SkillFactory.create() for _ in range(8)]
    for n in range(40):
        user = UserFactory.create(team=teams[n % 4])
        for skill in skills[n % 3 :: 2]:
            UserSkill.objects.create(user=user, skill=skill, level=n % 5 + 1)
    teams[0].lead = user
    teams[0].save()
    login(Role.MANAGER)

    # Session, user; the person being edited and their skills; teams, skills, people, their
    # skills, coverage.
    with django_assert_max_num_queries(9):
        response = client.get(PEOPLE, {"edit": user.pk})

    assert response.status_code == 200
    assert len(_shown(response)) == 41
