"""Managing employees in the app: invitations by e-mail, roles (admin only by an admin),
absence, deactivation (never oneself), and one's own password."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.core.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_manager_invites_an_agent_who_gets_a_link_to_choose_a_password(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client.force_login(UserFactory.create(role=Role.MANAGER))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/", {"email": "Rosa@Example.com", "first_name": "Rosa", "role": "agent"}
        )

    assert response.status_code == 302
    rosa = User.objects.get(email="rosa@example.com")
    assert (rosa.username, rosa.role, rosa.has_usable_password()) == ("rosa", "agent", False)
    (invitation,) = mail.outbox
    assert invitation.to == ["rosa@example.com"]
    assert "/accounts/reset/" in str(invitation.body)


def test_a_manager_may_not_make_anyone_an_admin(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.MANAGER))

    response = client.post("/accounts/users/", {"email": "boss@example.com", "role": "admin"})

    assert response.status_code == 400
    assert "Admin only." in response.content.decode()
    assert not User.objects.filter(email="boss@example.com").exists()


def test_an_invitation_to_a_known_address_is_refused_naming_the_field(client: Client) -> None:
    UserFactory.create(email="taken@example.com")
    client.force_login(UserFactory.create(role=Role.MANAGER))

    response = client.post("/accounts/users/", {"email": "TAKEN@example.com", "role": "agent"})

    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_a_manager_sets_a_team_an_absence_and_deactivates_someone(client: Client) -> None:
    agent = UserFactory.create(role=Role.AGENT)
    client.force_login(UserFactory.create(role=Role.MANAGER))

    client.post(
        f"/accounts/users/{agent.pk}/",
        {"role": "field_technician", "away_until": "2027-01-10", "job_title": "Technician"},
    )

    agent.refresh_from_db()
    assert (agent.role, str(agent.away_until), agent.is_active) == (
        "field_technician",
        "2027-01-10",
        False,
    )


def test_nobody_deactivates_themselves(client: Client) -> None:
    manager = UserFactory.create(role=Role.MANAGER)
    client.force_login(manager)

    response = client.post(f"/accounts/users/{manager.pk}/", {"role": "manager"})

    assert response.status_code == 400
    manager.refresh_from_db()
    assert manager.is_active


def test_everyone_changes_their_own_password(client: Client) -> None:
    agent = UserFactory.create(role=Role.FIELD_TECHNICIAN)
    client.force_login(agent)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a-long-new-secret-42",
            "new_password2": "a-long-new-secret-42",
        },
    )

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("a-long-new-secret-42")


def test_a_manager_makes_a_team_assign_cases_automatically(client: Client) -> None:
    from outward.accounts.models import Team

    desk = Team.objects.create(name="North desk")
    client.force_login(UserFactory.create(role=Role.MANAGER))

    client.post(
        f"/accounts/teams/{desk.pk}/",
        {f"team{desk.pk}-region": "north", f"team{desk.pk}-auto_assign": "on"},
    )

    desk.refresh_from_db()
    assert (desk.region, desk.auto_assign) == ("north", True)
