"""The case pages: lists by view, a case worked from its page, the approval queue, the policy
page, the promise ledger and the cracks; each list costs a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from outward.accounts.models import User
from outward.cases.choices import CaseStatus, EventKind, RemedyStatus
from outward.cases.models import Case, PolicyVersion, Promise, Remedy
from outward.cases.services import lifecycle, remedies
from outward.cases.services.promises import make_promise
from outward.core.roles import Role
from tests.cases.fixtures import person
from tests.factories import CustomerFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


def _case(assignee: User | None = None, title: str = "Late delivery") -> Case:
    spec = lifecycle.CaseSpec(customer=CustomerFactory.create(), title=title, assignee=assignee)
    return lifecycle.open_case(spec, None)


def test_an_agent_sees_their_cases_under_mine(client: Client) -> None:
    agent = person(Role.AGENT)
    _case(agent, "Mine to do")
    _case(None, "Nobody's yet")
    client.force_login(agent)

    mine = client.get("/cases/").content.decode()
    unassigned = client.get("/cases/?view=unassigned").content.decode()

    assert "Mine to do" in mine
    assert "Nobody&#x27;s yet" not in mine
    assert "Nobody&#x27;s yet" in unassigned


def test_a_detractor_is_turned_into_a_case_from_the_customer_page(client: Client) -> None:
    item = FeedbackFactory.create(nps=2, text="Nobody called back.")
    client.force_login(person(Role.AGENT))

    page = client.get(f"/customers/{item.customer_id}/").content.decode()
    response = client.post(f"/cases/from-feedback/{item.pk}/")

    assert "Open a case" in page
    case = Case.objects.get(feedback=item)
    assert response["Location"] == f"/cases/{case.pk}/"


def test_a_case_is_worked_from_its_page(client: Client) -> None:
    agent = person(Role.AGENT)
    case = _case(agent)
    client.force_login(agent)

    client.post(f"/cases/{case.pk}/note/", {"text": "Called, no answer."})
    client.post(
        f"/cases/{case.pk}/next-step/", {"next_step": "Call again", "due": "2027-01-05T10:00"}
    )
    client.post(f"/cases/{case.pk}/waiting/")
    client.post(f"/cases/{case.pk}/resolve/", {"resolution": "process_fixed", "note": "Re-shipped"})

    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.OPENED,
        EventKind.ASSIGNED,
        EventKind.NOTE,
        EventKind.NEXT_STEP,
        EventKind.STATUS,
        EventKind.RESOLVED,
    ]


def test_the_case_page_tells_the_agent_their_latitude(client: Client) -> None:
    agent = person(Role.AGENT)
    case = _case(agent)
    client.force_login(agent)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert "You can grant, on this case, up to:" in page
    assert "Refund: <strong>50.00</strong>" in page


def test_a_remedy_above_the_latitude_goes_to_the_approval_queue(client: Client) -> None:
    agent, manager = person(Role.AGENT), person(Role.MANAGER)
    case = _case(agent)
    client.force_login(agent)

    client.post(f"/cases/{case.pk}/remedy/", {"kind": "refund", "amount": "120", "note": "x"})
    asked = Remedy.objects.get()
    client.force_login(manager)
    queue = client.get("/cases/approvals/").content.decode()
    client.post(f"/cases/remedies/{asked.pk}/decide/", {"approve": "1", "note": "ok"})

    assert "120.00" in queue
    asked.refresh_from_db()
    assert asked.status == RemedyStatus.APPROVED


def test_a_bad_amount_on_the_page_is_refused_with_the_field_named(client: Client) -> None:
    agent = person(Role.AGENT)
    case = _case(agent)
    client.force_login(agent)

    response = client.post(
        f"/cases/{case.pk}/remedy/", {"kind": "refund", "amount": "-3"}, follow=True
    )

    assert "amount" in response.content.decode()
    assert not Remedy.objects.exists()


def test_a_manager_adds_a_rule_and_a_new_version_is_in_force(client: Client) -> None:
    client.force_login(person(Role.MANAGER))

    response = client.post(
        "/cases/policy/rules/",
        {
            "role": "agent",
            "kind": "visit",
            "per_case": "100",
            "per_customer": "200",
            "period_days": "30",
            "approver_role": "manager",
            "min_level": "0",
            "note": "Visits",
        },
    )

    assert response.status_code == 302
    version = PolicyVersion.objects.get(is_current=True)
    assert version.number == 2
    assert version.rules.filter(role="agent", kind="visit", per_case=Decimal("100")).exists()


def test_a_rule_is_refused_with_the_field_named(client: Client) -> None:
    client.force_login(person(Role.MANAGER))

    response = client.post(
        "/cases/policy/rules/",
        {
            "role": "agent",
            "kind": "visit",
            "per_case": "-1",
            "per_customer": "2",
            "period_days": "30",
            "approver_role": "manager",
            "min_level": "0",
        },
    )

    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()


def test_promises_are_kept_from_the_ledger(client: Client) -> None:
    agent = person(Role.AGENT)
    case = _case(agent)
    client.force_login(agent)
    client.post(
        f"/cases/{case.pk}/promise/",
        {
            "kind": "call_back",
            "description": "Ring Ann",
            "owner": agent.pk,
            "due_at": "2027-01-05T10:00",
        },
    )
    promise = Promise.objects.get()

    ledger = client.get("/cases/promises/").content.decode()
    client.post(f"/cases/promises/{promise.pk}/kept/")

    assert "Ring Ann" in ledger
    promise.refresh_from_db()
    assert promise.status == "kept"


def test_the_cracks_page_lists_unanswered_detractors(client: Client) -> None:
    FeedbackFactory.create(nps=0, text="Worst service ever.")
    client.force_login(person(Role.MANAGER))

    page = client.get("/cases/cracks/").content.decode()

    assert "Worst service ever." in page


def test_bulk_assignment_gives_the_ticked_cases_to_one_person(client: Client) -> None:
    manager, agent = person(Role.MANAGER), person(Role.AGENT)
    first, second, third = _case(), _case(), _case()
    client.force_login(manager)

    client.post(
        "/cases/bulk-assign/",
        {"case": [str(first.pk), str(second.pk), "nonsense"], "assignee": agent.pk},
    )

    assert set(Case.objects.filter(assignee=agent)) == {first, second}
    assert Case.objects.get(pk=third.pk).assignee is None


@pytest.mark.parametrize(
    "path",
    ["/cases/?view=active", "/cases/promises/?scope=all", "/cases/cracks/", "/cases/approvals/"],
)
def test_case_lists_cost_a_fixed_number_of_queries(
    client: Client, path: str, django_assert_max_num_queries: object
) -> None:
    agent = person(Role.AGENT)
    for n in range(25):
        case = _case(agent)
        remedies.grant_remedy(case, "refund", "500", agent)
        make_promise(
            case.customer,
            kind="visit",
            description=f"Visit {n}",
            owner=agent,
            due_at=timezone.now(),
            by=None,
            case=case,
        )
        FeedbackFactory.create(nps=1)
    client.force_login(person(Role.MANAGER))

    with django_assert_max_num_queries(25):  # type: ignore[operator]
        assert client.get(path).status_code == 200
