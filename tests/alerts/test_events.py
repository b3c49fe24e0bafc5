"""Events are found once, on fresh feedback, on refits and on the rollups, and each reaches a
subscriber once (one alert per event per subscriber)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.accounts.models import User
from outward.alerts.choices import AlertKind, EmailMode
from outward.alerts.models import Alert, AlertEvent
from outward.alerts.services import detect, dispatch
from outward.alerts.services.rules import RuleSpec, add_rule
from outward.core.roles import Role
from outward.feedback.models import FeedbackItem
from outward.feedback.services import analyse_pending_feedback
from outward.fieldwork.choices import Urgency
from outward.fieldwork.models import FieldObservation
from outward.insights.models import AnalysisRun, RecallReview, Theme, ThemeDay
from outward.insights.services.competitors import add_competitor
from tests.factories import CustomerFactory, FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager() -> User:
    return UserFactory.create(role=Role.MANAGER, email="lead@example.com")


def _arrive(**fields: object) -> FeedbackItem:
    item = FeedbackFactory.create(**fields)
    analyse_pending_feedback()
    return item


def test_a_fresh_detractor_answer_becomes_one_event(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))

    item = _arrive(nps=2, text="Nobody called me back.")

    event = AlertEvent.objects.get()
    assert event.kind == AlertKind.DETRACTOR
    assert event.key == f"detractor:{item.pk}"
    assert event.context["score"] == 2
    assert "Nobody called me back" in event.summary


def test_no_event_is_recorded_for_a_kind_nobody_subscribes_to() -> None:
    _arrive(nps=1)

    assert not AlertEvent.objects.exists()


def test_imported_and_old_feedback_is_history_not_news(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))
    FeedbackFactory.create(nps=1, imported=True)
    FeedbackFactory.create(nps=1, received_at=timezone.now() - dt.timedelta(days=30))

    analyse_pending_feedback()

    assert not AlertEvent.objects.exists()


def test_finding_an_event_twice_records_it_once(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))
    item = _arrive(nps=0)

    detect.record_item_events([FeedbackItem.objects.get(pk=item.pk)])

    assert AlertEvent.objects.count() == 1


def test_an_urgent_field_observation_becomes_an_event(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.URGENT_OBSERVATION))
    customer = CustomerFactory.create()
    calm = FeedbackFactory.create(source="field_observation", customer=customer, nps=None)
    urgent = FeedbackFactory.create(source="field_observation", customer=customer, nps=None)
    FieldObservation.objects.create(
        customer=customer, state="Fine", feedback=calm, client_key="a", urgency=Urgency.NORMAL
    )
    seen = FieldObservation.objects.create(
        customer=customer,
        state="Boiler leaking gas",
        feedback=urgent,
        client_key="b",
        urgency=Urgency.CRITICAL,
    )

    analyse_pending_feedback()

    event = AlertEvent.objects.get()
    assert event.kind == AlertKind.URGENT_OBSERVATION
    assert event.link == f"/field/{seen.pk}/"


def test_switching_talk_naming_a_competitor_becomes_an_event_with_the_customers_value(
    manager: User,
) -> None:
    add_competitor("Brightline")
    add_rule(manager, RuleSpec(kind=AlertKind.COMPETITOR_SWITCH, threshold=50_000))
    big = CustomerFactory.create(annual_value=120_000)
    small = CustomerFactory.create(annual_value=900)
    _arrive(customer=big, text="We are switching to Brightline next month.", nps=5)
    _arrive(customer=small, text="We are switching to Brightline next month.", nps=5)
    _arrive(customer=big, text="Brightline called us, we said no thanks.", nps=9)

    dispatch.dispatch_waiting()

    events = AlertEvent.objects.filter(kind=AlertKind.COMPETITOR_SWITCH)
    assert events.count() == 2
    alerts = Alert.objects.filter(user=manager)
    assert [a.event.context["customer_value"] for a in alerts] == [120_000.0]


def test_two_matching_rules_of_one_person_give_one_alert(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR, email=EmailMode.DIGEST))
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR, threshold=3))
    _arrive(nps=1)

    dispatch.dispatch_waiting()
    dispatch.dispatch_waiting()

    alert = Alert.objects.get()
    assert alert.user == manager
    assert alert.email == EmailMode.IMMEDIATE  # the louder of the two rules


def test_each_subscriber_gets_the_event_once(manager: User) -> None:
    other = UserFactory.create(role=Role.AGENT)
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))
    add_rule(other, RuleSpec(kind=AlertKind.DETRACTOR, segment="enterprise"))
    _arrive(nps=1, customer=CustomerFactory.create(segment="enterprise"))
    _arrive(nps=1, customer=CustomerFactory.create(segment="smb"))

    dispatch.dispatch_waiting()

    assert Alert.objects.filter(user=manager).count() == 2
    assert Alert.objects.filter(user=other).count() == 1


def test_a_person_whose_role_lost_alerts_is_not_told(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))
    manager.role = Role.EXECUTIVE
    manager.save()
    manager.is_active = False
    manager.save()
    _arrive(nps=1)

    dispatch.dispatch_waiting()

    assert not Alert.objects.exists()


def test_an_immediate_alert_is_e_mailed_once(
    manager: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))
    customer = CustomerFactory.create(name="Harbour Bakery")

    with django_capture_on_commit_callbacks(execute=True):
        _arrive(nps=2, customer=customer, text="Cold bread again.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead@example.com"]
    assert "Harbour Bakery answered 2 out of 10" in message.subject
    assert "Cold bread again." in str(message.body)
    assert Alert.objects.get().emailed_at is not None


def test_the_daily_digest_groups_a_persons_alerts_by_kind(manager: User) -> None:
    add_competitor("Brightline")
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR, email=EmailMode.DIGEST))
    add_rule(
        manager, RuleSpec(kind=AlertKind.COMPETITOR_SWITCH, threshold=0, email=EmailMode.DIGEST)
    )
    for n in range(3):
        _arrive(nps=n, text=f"Bad service number {n}.")
    _arrive(nps=8, text="We are moving to Brightline.")
    dispatch.dispatch_waiting()

    from outward.alerts.services.mail import send_digests

    assert send_digests() == 1
    assert send_digests() == 0  # nothing new: no second digest

    (digest,) = mail.outbox
    body = str(digest.body)
    assert "Your alerts since the last digest: 4." in body
    assert "New detractor (3)" in body
    assert "Switching talk from a high-value customer (1)" in body


def _mentions(theme: Theme, day: dt.date, items: int) -> None:
    ThemeDay.objects.create(day=day, theme_id=theme.pk, items=items, sentiment_sum=-0.5 * items)


def test_a_theme_crossing_a_volume_threshold_fires_once_until_it_comes_back(
    manager: User,
) -> None:
    late = Theme.objects.create(origin="engine", engine_id=1, label="Late delivery")
    quiet = Theme.objects.create(origin="engine", engine_id=2, label="Invoices")
    add_rule(manager, RuleSpec(kind=AlertKind.THEME_VOLUME, threshold=30, window_days=7))
    now = timezone.now()
    today = timezone.localdate(now)
    _mentions(late, today, 35)
    _mentions(quiet, today, 5)

    detect.record_threshold_events(now)
    detect.record_threshold_events(now + dt.timedelta(minutes=20))  # still above: no new event
    later = now + dt.timedelta(days=10)
    detect.record_threshold_events(later)  # the window moved past it: re-armed
    _mentions(late, timezone.localdate(later), 40)
    detect.record_threshold_events(later + dt.timedelta(minutes=20))

    events = AlertEvent.objects.filter(kind=AlertKind.THEME_VOLUME).order_by("id")
    assert [e.context["theme_id"] for e in events] == [late.pk, late.pk]
    assert events[0].title == "Late delivery: 35 mentions in 7 days"


def test_a_sentiment_rule_needs_enough_mentions_to_fire(manager: User) -> None:
    few = Theme.objects.create(origin="engine", engine_id=1, label="Rude driver")
    many = Theme.objects.create(origin="engine", engine_id=2, label="Broken lid")
    add_rule(manager, RuleSpec(kind=AlertKind.THEME_SENTIMENT, threshold=-0.3))
    _mentions(few, timezone.localdate(), 3)
    _mentions(many, timezone.localdate(), 12)

    detect.record_threshold_events(force=True)

    (event,) = AlertEvent.objects.all()
    assert event.context["theme_id"] == many.pk


def test_threshold_checks_wait_ten_minutes_between_runs(manager: User) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.THEME_VOLUME, threshold=1))
    now = timezone.now()
    detect.record_threshold_events(now)

    assert detect.record_threshold_events(now + dt.timedelta(minutes=5)) == 0


def test_a_refit_emerging_alert_becomes_an_event_once_per_run(
    manager: User, corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> None:
    run = refit()
    theme_row = run.summary["themes"][0]
    run.summary = run.summary | {
        "emerging": [
            {
                "theme_id": theme_row["theme_id"],
                "label": "x",
                "period": str(timezone.localdate()),
                "observed": 12,
                "expected": 2.5,
                "p_value": 0.0001,
                "score": 4.0,
                "alert": True,
                "reason": "above",
            },
            {
                "theme_id": theme_row["theme_id"],
                "label": "x",
                "period": "2020-01-01",
                "observed": 12,
                "expected": 2.5,
                "p_value": 0.0001,
                "score": 4.0,
                "alert": True,
                "reason": "old",
            },
        ]
    }
    run.save(update_fields=["summary"])
    add_rule(manager, RuleSpec(kind=AlertKind.EMERGING_ISSUE))

    detect.record_run_events()
    detect.record_run_events()

    event = AlertEvent.objects.get(kind=AlertKind.EMERGING_ISSUE)
    assert "12 mentions" in event.summary
    assert event.link.startswith("/issues/themes/")


def test_a_recall_review_opened_by_a_refit_becomes_an_event(
    manager: User, defect: object, refit: Callable[[], AnalysisRun]
) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.RECALL_FLAG))

    refit()
    detect.record_run_events()

    review = RecallReview.objects.get()
    event = AlertEvent.objects.get(kind=AlertKind.RECALL_FLAG)
    assert event.key == f"recall_flag:{review.pk}"
    assert review.batch.lot_code in event.title


def test_a_flood_of_detractors_sends_twenty_e_mails_an_hour_and_digests_the_rest(
    manager: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    add_rule(manager, RuleSpec(kind=AlertKind.DETRACTOR))
    for n in range(25):
        FeedbackFactory.create(nps=n % 7, text=f"Complaint {n}")

    with django_capture_on_commit_callbacks(execute=True):
        analyse_pending_feedback()

    assert len(mail.outbox) == 20
    assert Alert.objects.filter(email=EmailMode.DIGEST, emailed_at__isnull=True).count() == 5
