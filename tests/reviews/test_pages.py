"""The review pages and API: the history and next review, one review (figures, attendance,
decisions, actions), its printable version, the settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from outward.accounts.models import User
from outward.core.roles import Role
from outward.reviews import services
from outward.reviews.choices import ActionStatus, Frequency, Metric
from outward.reviews.models import Attendance, Decision, MetricTarget, Review, ReviewAction
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief() -> User:
    return UserFactory.create(role=Role.EXECUTIVE, first_name="Ada", last_name="Chief")


@pytest.fixture
def review(chief: User) -> Review:
    services.set_cadence(
        frequency=Frequency.WEEKLY, weekday=3, day_of_month=1, participants=[chief]
    )
    for score in (10, 9, 9, 3):
        FeedbackFactory.create(nps=score)
    return services.prepare_review(timezone.localdate() + dt.timedelta(days=1))


def test_a_leader_sees_the_review_with_its_figures(
    client: Client, chief: User, review: Review
) -> None:
    client.force_login(chief)

    page = client.get(f"/reviews/{review.pk}/").content.decode()

    assert "CX scores" in page
    assert "50.0" in page  # NPS of 10, 9, 9, 3
    assert "Record attendance" in page
    assert "Ada Chief" in page


def test_the_list_shows_the_next_review_participation_and_history(
    client: Client, chief: User, review: Review
) -> None:
    client.force_login(chief)

    page = client.get("/reviews/").content.decode()

    assert "Next review" in page
    assert "Leaders attending" in page
    assert f"/reviews/{review.pk}/" in page


def test_attendance_decisions_and_actions_are_recorded_from_the_page(
    client: Client, chief: User, review: Review
) -> None:
    client.force_login(chief)

    client.post(f"/reviews/{review.pk}/attendance/", {"present": [chief.pk]})
    client.post(f"/reviews/{review.pk}/decisions/", {"text": "Fix the courier contract."})
    client.post(
        f"/reviews/{review.pk}/actions/",
        {"title": "Renegotiate the courier SLA", "owner": chief.pk, "due_on": "2027-01-15"},
    )

    assert Attendance.objects.get(review=review, user=chief).present
    assert Decision.objects.get().text == "Fix the courier contract."
    action = ReviewAction.objects.get()
    assert (action.title, action.owner, action.due_on) == (
        "Renegotiate the courier SLA",
        chief,
        dt.date(2027, 1, 15),
    )
    review.refresh_from_db()
    assert review.held_at is not None


def test_an_action_without_owner_or_date_is_refused_with_the_fields_named(
    client: Client, chief: User, review: Review
) -> None:
    client.force_login(chief)

    response = client.post(f"/reviews/{review.pk}/actions/", {"title": "Do it", "due_on": "soon"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter a valid date." in page
    assert not ReviewAction.objects.exists()


def test_an_action_is_marked_done_from_the_page(
    client: Client, chief: User, review: Review
) -> None:
    action = services.add_action(review, title="Call them", owner=chief, due_on=dt.date(2027, 1, 1))
    client.force_login(chief)

    response = client.post(f"/reviews/actions/{action.pk}/done/", {"next": "//evil.example"})

    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_printable_review_has_no_forms(client: Client, chief: User, review: Review) -> None:
    client.force_login(chief)

    page = client.get(f"/reviews/{review.pk}/print/").content.decode()

    assert "Metric review —" in page
    assert "<form" not in page
    assert "Invited:" in page


def test_an_analyst_sees_reviews_but_cannot_record(client: Client, review: Review) -> None:
    client.force_login(UserFactory.create(role=Role.ANALYST))

    assert "Record attendance" not in client.get(f"/reviews/{review.pk}/").content.decode()
    assert client.post(f"/reviews/{review.pk}/decisions/", {"text": "x"}).status_code == 403


def test_a_manager_sets_the_cadence_and_a_target(client: Client, chief: User) -> None:
    client.force_login(UserFactory.create(role=Role.MANAGER))

    cadence = client.post(
        "/reviews/settings/",
        {"frequency": "monthly", "weekday": "0", "day_of_month": "5", "participants": [chief.pk]},
    )
    target = client.post(
        "/reviews/settings/targets/", {"metric": "nps", "target": "35", "owner": chief.pk}
    )

    assert cadence.status_code == target.status_code == 302
    rule = services.cadence()
    assert (rule.frequency, rule.day_of_month) == ("monthly", 5)
    assert list(rule.participants.all()) == [chief]
    assert MetricTarget.objects.get(metric=Metric.NPS).owner == chief


def test_a_cadence_on_the_31st_is_refused(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.MANAGER))

    response = client.post(
        "/reviews/settings/", {"frequency": "monthly", "weekday": "0", "day_of_month": "31"}
    )

    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 28." in response.content.decode()


def test_preparing_the_next_review_from_the_page(client: Client) -> None:
    client.force_login(UserFactory.create(role=Role.MANAGER))

    first = client.post("/reviews/prepare/")
    second = client.post("/reviews/prepare/", follow=True)

    assert first.status_code == 302
    assert Review.objects.count() == 1
    assert "is prepared already" in second.content.decode()


def test_the_api_gives_a_review_with_its_figures_and_actions(
    client: Client, chief: User, review: Review
) -> None:
    client.force_login(chief)

    made = client.post(
        f"/api/v1/reviews/{review.pk}/actions",
        {"title": "Fix invoices", "owner_id": chief.pk, "due_on": "2027-02-01"},
        content_type="application/json",
    )
    done = client.post(
        f"/api/v1/reviews/actions/{made.json()['id']}/done",
        {"outcome": "Template changed"},
        content_type="application/json",
    )
    body = client.get(f"/api/v1/reviews/{review.pk}").json()

    assert made.status_code == 201
    assert done.json()["status"] == "done"
    assert body["figures"]["scores"]["nps"]["value"] == 50.0
    assert [a["title"] for a in body["actions"]] == ["Fix invoices"]
    assert [r["id"] for r in client.get("/api/v1/reviews").json()] == [review.pk]


def test_the_api_refuses_an_action_for_an_unknown_owner(
    client: Client, chief: User, review: Review
) -> None:
    client.force_login(chief)

    response = client.post(
        f"/api/v1/reviews/{review.pk}/actions",
        {"title": "x", "owner_id": 999999, "due_on": "2027-02-01"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "owner_id" in response.json()["errors"]


def test_the_review_page_costs_a_fixed_number_of_queries(
    client: Client, chief: User, review: Review, django_assert_max_num_queries: object
) -> None:
    for n in range(20):
        services.add_action(review, title=f"Action {n}", owner=chief, due_on=dt.date(2027, 1, 1))
        services.record_decision(review, f"Decision {n}", by=chief)
    client.force_login(chief)

    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(f"/reviews/{review.pk}/").status_code == 200
