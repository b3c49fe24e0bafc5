"""The cases API: open, list, work, grant under the policy, decide, promise."""

from __future__ import annotations

import pytest
from django.test import Client

from outward.accounts.services import create_api_token
from outward.cases.models import Case, Promise, Remedy
from outward.core.roles import Role
from tests.cases.fixtures import person
from tests.factories import CustomerFactory, FeedbackFactory

pytestmark = pytest.mark.django_db


def test_a_case_opens_from_feedback_and_is_worked_through_the_api(client: Client) -> None:
    agent = person(Role.AGENT)
    token = create_api_token(user=agent, name="crm", scope="write").secret
    auth = {"Authorization": f"Bearer {token}"}
    item = FeedbackFactory.create(nps=2)

    opened = client.post(
        "/api/v1/cases",
        {"feedback_id": str(item.pk)},
        content_type="application/json",
        headers=auth,
    )
    case_id = opened.json()["id"]
    patched = client.patch(
        f"/api/v1/cases/{case_id}",
        {"assignee_id": agent.pk, "next_step": "Call back"},
        content_type="application/json",
        headers=auth,
    )
    resolved = client.post(
        f"/api/v1/cases/{case_id}/resolve",
        {"resolution": "process_fixed"},
        content_type="application/json",
        headers=auth,
    )

    assert opened.status_code == 201
    assert patched.json()["assignee_id"] == agent.pk
    assert [e["kind"] for e in patched.json()["events"]][-2:] == ["assigned", "next_step"]
    assert resolved.json()["status"] == "resolved"
    events = Case.objects.get().events.filter(kind="assigned").get()
    assert events.by == agent  # the token's owner acted


def test_the_api_cannot_exceed_the_policy_either(client: Client) -> None:
    agent, manager = person(Role.AGENT), person(Role.MANAGER)
    client.force_login(agent)
    opened = client.post(
        "/api/v1/cases",
        {"customer_id": str(CustomerFactory.create().pk), "title": "Broken lid"},
        content_type="application/json",
    )
    case_id = opened.json()["id"]

    room = {r["kind"]: r["up_to"] for r in client.get(f"/api/v1/cases/{case_id}/latitude").json()}
    asked = client.post(
        f"/api/v1/cases/{case_id}/remedies",
        {"kind": "refund", "amount": "75"},
        content_type="application/json",
    )
    client.force_login(manager)
    queue = client.get("/api/v1/remedies/pending").json()
    decided = client.post(
        f"/api/v1/remedies/{asked.json()['id']}/decision",
        {"approve": False, "note": "Not our fault"},
        content_type="application/json",
    )

    assert room["refund"] == "50.00"
    assert asked.json()["status"] == "pending"
    assert [r["id"] for r in queue] == [asked.json()["id"]]
    assert decided.json()["status"] == "rejected"
    assert Remedy.objects.get().decision_note == "Not our fault"


def test_a_remedy_with_a_bad_amount_is_refused_naming_the_field(client: Client) -> None:
    client.force_login(person(Role.AGENT))
    opened = client.post(
        "/api/v1/cases",
        {"customer_id": str(CustomerFactory.create().pk), "title": "x"},
        content_type="application/json",
    )

    response = client.post(
        f"/api/v1/cases/{opened.json()['id']}/remedies",
        {"kind": "refund", "amount": "-5"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "amount" in str(response.json())


def test_a_case_needs_a_subject(client: Client) -> None:
    client.force_login(person(Role.AGENT))

    response = client.post("/api/v1/cases", {}, content_type="application/json")

    assert response.status_code == 422
    assert "feedback_id" in response.json()["errors"]


def test_promises_are_made_listed_and_kept_through_the_api(client: Client) -> None:
    agent = person(Role.AGENT)
    client.force_login(agent)
    customer = CustomerFactory.create()

    made = client.post(
        "/api/v1/promises",
        {
            "customer_id": str(customer.pk),
            "kind": "call_back",
            "description": "Ring back",
            "owner_id": agent.pk,
            "due_at": "2027-01-05T10:00:00Z",
        },
        content_type="application/json",
    )
    listed = client.get("/api/v1/promises?status=open").json()
    kept = client.post(
        f"/api/v1/promises/{made.json()['id']}/kept", {}, content_type="application/json"
    )

    assert made.status_code == 201
    assert [p["description"] for p in listed["items"]] == ["Ring back"]
    assert kept.json()["status"] == "kept"
    assert Promise.objects.get().resolved_at is not None


def test_the_cracks_summary_counts_unanswered_detractors(client: Client) -> None:
    FeedbackFactory.create(nps=1)
    client.force_login(person(Role.EXECUTIVE))

    assert client.get("/api/v1/cases/cracks").json()["unanswered_detractors"] == 1
