"""No path exceeds the empowerment policy: the case page, the API, the command line, and
the back office (which shows remedies and changes none)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from outward.cases.choices import RemedyStatus
from outward.cases.models import Case, Remedy
from outward.cases.services import lifecycle
from outward.core.roles import Role
from tests.cases.fixtures import person
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
ABOVE = "75"  # an agent may refund 50 on a case under the seeded policy


@pytest.fixture
def case() -> Case:
    return lifecycle.open_case(
        lifecycle.CaseSpec(customer=CustomerFactory.create(), title="Lost parcel"), None
    )


def test_the_page_queues_a_refund_above_the_latitude(client: Client, case: Case) -> None:
    client.force_login(person(Role.AGENT))

    client.post(f"/cases/{case.pk}/remedy/", {"kind": "refund", "amount": ABOVE})

    assert Remedy.objects.get().status == RemedyStatus.PENDING


def test_the_api_queues_a_refund_above_the_latitude(client: Client, case: Case) -> None:
    client.force_login(person(Role.AGENT))

    response = client.post(
        f"/api/v1/cases/{case.pk}/remedies",
        {"kind": "refund", "amount": ABOVE},
        content_type="application/json",
    )

    assert response.json()["status"] == RemedyStatus.PENDING


def test_the_command_line_queues_a_refund_above_the_latitude(case: Case) -> None:
    agent = person(Role.AGENT)
    out = StringIO()

    call_command("grant", case.reference, "refund", ABOVE, "--as", agent.username, stdout=out)

    assert "waits for a manager" in out.getvalue()
    assert Remedy.objects.get().status == RemedyStatus.PENDING


def test_the_command_line_refuses_a_role_that_may_not_grant(case: Case) -> None:
    with pytest.raises(CommandError, match="may not grant"):
        call_command(
            "grant", case.reference, "refund", "1", "--as", person(Role.EXECUTIVE).username
        )


def test_the_back_office_adds_and_changes_no_remedy(client: Client, case: Case) -> None:
    client.force_login(person(Role.ADMIN))

    assert client.get("/backoffice/cases/remedy/").status_code == 200
    assert client.get("/backoffice/cases/remedy/add/").status_code == 403
    assert (
        client.post(
            "/backoffice/cases/remedy/add/",
            {"case": str(case.pk), "kind": "refund", "amount": "9999", "status": "granted"},
        ).status_code
        == 403
    )
    assert not Remedy.objects.exists()
