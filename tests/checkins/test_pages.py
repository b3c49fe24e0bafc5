"""The check-in pages and API: the proposed calls with their reasons and the model behind
them; recording a call's outcome; bad input named by field; few queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from outward.accounts.models import User
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn
from outward.checkins.services.risk import refit_risk
from outward.core.roles import Role
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from tests.checkins.fixtures import TODAY, history
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _proposed(n: int = 1) -> list[CheckIn]:
    return [
        CheckIn.objects.create(
            customer=CustomerFactory.create(name=f"Ada <b>{i}</b>"),
            reason=Reason.AT_RISK,
            detail="82% chance of leaving within 90 days: promises we broke",
            risk=0.82,
            proposed_on=timezone.localdate(),
            assigned_because="handled the customer's latest case",
        )
        for i in range(n)
    ]


def test_the_list_shows_each_call_with_its_reason_and_the_model_card(
    client: Client,
    login: Callable[[str], User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    history()
    refit_risk(TODAY)
    _proposed(30)
    login(Role.AGENT)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("checkins:list"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "82% chance of leaving within 90 days: promises we broke" in html
    assert "Ada &lt;b&gt;0&lt;/b&gt;" in html  # escaped
    assert "In use" in html
    assert "Held-out AUC" in html
    assert "Negative words lately" in html


def test_an_unfitted_model_is_said_so() -> None:
    client = Client()
    client.force_login(User.objects.create_user("exec", role=Role.EXECUTIVE))

    page = client.get(reverse("checkins:list"))

    assert "Not fitted yet" in page.content.decode()


def test_a_call_is_recorded_from_its_page(client: Client, login: Callable[[str], User]) -> None:
    (checkin,) = _proposed()
    login(Role.AGENT)

    shown = client.get(reverse("checkins:detail", args=[checkin.pk]))
    done = client.post(
        reverse("checkins:outcome", args=[checkin.pk]),
        {"text": "Happy, wants the descaling guide.", "nps": "9", "promise_kind": "follow_up"},
    )

    assert shown.status_code == 200
    assert done.status_code == 302
    item = FeedbackItem.objects.get(customer=checkin.customer)
    assert item.source == Source.CHECK_IN
    assert CheckIn.objects.get(pk=checkin.pk).status == CheckInStatus.DONE


def test_a_bad_outcome_is_refused_naming_the_field(
    client: Client, login: Callable[[str], User]
) -> None:
    (checkin,) = _proposed()
    login(Role.AGENT)

    refused = client.post(
        reverse("checkins:outcome", args=[checkin.pk]),
        {"text": "Call me back", "promise": "Call back", "promise_kind": "call_back"},
    )

    assert refused.status_code == 400
    assert "When is it due?" in refused.content.decode()
    assert not FeedbackItem.objects.exists()


def test_the_api_lists_records_and_dismisses(client: Client, login: Callable[[str], User]) -> None:
    first, second = _proposed(2)
    login(Role.FIELD_TECHNICIAN)

    listed = client.get("/api/v1/checkins?reason=at_risk")
    done = client.post(
        f"/api/v1/checkins/{first.pk}/outcome",
        {"text": "All good.", "nps": 10},
        content_type="application/json",
    )
    again = client.post(
        f"/api/v1/checkins/{first.pk}/outcome",
        {"text": "All good.", "nps": 10},
        content_type="application/json",
    )
    dropped = client.post(
        f"/api/v1/checkins/{second.pk}/dismiss",
        {"note": "Sold the shop."},
        content_type="application/json",
    )
    bad = client.post(
        f"/api/v1/checkins/{second.pk}/outcome",
        {"text": "x", "nps": 12},
        content_type="application/json",
    )
    model = client.get("/api/v1/checkins/model")

    assert [i["customer_name"] for i in listed.json()["items"]] == ["Ada <b>0</b>", "Ada <b>1</b>"]
    assert done.json()["status"] == "done"
    assert again.status_code == 200
    assert FeedbackItem.objects.filter(customer=first.customer).count() == 1
    assert dropped.json()["status"] == "dismissed"
    assert bad.status_code == 422
    assert "nps" in bad.content.decode()
    assert model.json()["usable"] is False
    assert model.json()["note"] == "Not fitted yet."
