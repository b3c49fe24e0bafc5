"""The annual coverage guarantee: a simulated year, the daily share, the rules it keeps, and
the coverage page's figures."""

from __future__ import annotations

import itertools
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outward.core.errors import ValidationError
from outward.core.roles import Role
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.customers.services import update_customer
from outward.feedback.services import analyse_pending_feedback
from outward.surveys.choices import SkipReason, SurveyKind, SurveyStatus, Trigger
from outward.surveys.coverage_selectors import coverage_figures
from outward.surveys.models import ContactPolicy, Invitation, Response, SkippedInvitation
from outward.surveys.services.coverage import (
    Candidate,
    CoverageRules,
    plan_day,
    rebuild_contact_rollups,
    run_coverage,
    update_contact_policy,
)
from outward.surveys.services.invitations import (
    invite_customer,
    record_bounce,
    send_invitation_email,
    trigger_transactional,
)
from tests.factories import AccountFactory, CustomerFactory, FeedbackFactory
from tests.surveys.invitation_helpers import at, make_survey, set_policy

pytestmark = pytest.mark.django_db

START = date(2031, 1, 6)


def _local_day(invitation: Invitation) -> date:
    return timezone.localtime(invitation.invited_at).date()


# The planner, on its own ------------------------------------------------------------------


def test_a_fresh_base_is_spread_evenly_over_one_cycle() -> None:
    # given: 3,000 customers never invited, the scheduler starting today
    rules = CoverageRules(coverage_days=365, fatigue_days=30, started_on=START)
    people = [
        Candidate(uuid.UUID(int=n), START - timedelta(days=400), None, None) for n in range(3000)
    ]
    share = math.ceil(3000 / rules.cycle_days)
    state: dict[uuid.UUID, date] = {}

    # when: every day of one cycle (and its patience) is planned, invitations taken as made
    per_day = []
    for offset in range(rules.cycle_days + rules.patience_days):
        day = START + timedelta(days=offset)
        current = [
            Candidate(c.customer_id, c.since, state.get(c.customer_id), state.get(c.customer_id))
            for c in people
        ]
        plan = plan_day(current, day, rules)
        per_day.append(len(plan.invite))
        for pk in plan.invite:
            state[pk] = day

    # then: everybody once, never more than the daily share, no burst on the first day
    assert len(state) == 3000
    assert max(per_day) <= share
    assert per_day[0] <= share


def test_rules_leave_room_for_two_fatigue_windows() -> None:
    rules = CoverageRules(coverage_days=365, fatigue_days=30, started_on=START)

    assert rules.cycle_days + 2 * rules.patience_days == 365


# A simulated year, through the real services --------------------------------------------


def test_a_simulated_year_covers_everybody_within_the_policy() -> None:
    """400 customers, 400 days, fatigue 30 days, coverage 365 days, about two transactional
    events a day interleaved. Asserted: every customer contactable for the whole window is
    invited to the relationship survey within its first 365 days and then never more than
    365 days apart; nobody has two invitations (any survey) less than 30 days apart; each
    day's coverage invitations stay within max(daily share, those catching up), and never
    above twice the share ceil(eligible / cycle_days)."""
    # given
    set_policy(fatigue_days=30, coverage_days=365)
    survey = make_survey()
    delivery = make_survey(kind=SurveyKind.TRANSACTIONAL, name="After delivery")
    customers = CustomerFactory.create_batch(400)
    rng = random.Random(7)
    days = 400
    daily: dict[date, int] = {}
    bounds: list[tuple[int, int, int]] = []

    # when
    for offset in range(days):
        day = START + timedelta(days=offset)
        for n in range(rng.choice((1, 2, 3))):  # deliveries before the morning run
            customer = rng.choice(customers)
            trigger_transactional(
                delivery.pk,
                customer_id=customer.pk,
                event_ref=f"D-{offset}-{n}",
                now=at(day, 7),
            )
        summary = run_coverage(day)
        daily[day] = summary.invited
        bounds.append((summary.invited, summary.quota, summary.forced))
        trigger_transactional(  # and one in the afternoon
            delivery.pk,
            customer_id=rng.choice(customers).pk,
            event_ref=f"D-{offset}-pm",
            now=at(day, 15),
        )

    # then: coverage within the window
    invitations = list(Invitation.objects.select_related("survey").order_by("invited_at"))
    by_customer: dict[uuid.UUID, list[Invitation]] = defaultdict(list)
    for invitation in invitations:
        by_customer[invitation.customer_id].append(invitation)  # type: ignore[index]
    for customer in customers:
        relationship = [_local_day(i) for i in by_customer[customer.pk] if i.survey_id == survey.pk]
        assert relationship, customer
        marks = [START - timedelta(days=1), *relationship, START + timedelta(days=days - 1)]
        gaps = [(b - a).days for a, b in itertools.pairwise(marks)]
        assert max(gaps) <= 365, (customer, gaps)
    # and the fatigue rule, across both surveys and all triggers
    for invitations_of in by_customer.values():
        invited_days = [_local_day(i) for i in invitations_of]
        gaps = [(b - a).days for a, b in itertools.pairwise(invited_days)]
        assert all(gap >= 30 for gap in gaps), gaps
    # and the daily share
    for invited, quota, forced in bounds:
        assert invited <= max(quota, forced)
    share = math.ceil(400 / (365 - 60))
    assert max(daily.values()) <= 2 * share
    assert sum(1 for n in daily.values() if n > share) <= days // 20
    # fatigue skips were recorded on slot days and retried later
    coverage_skips = SkippedInvitation.objects.filter(trigger=Trigger.COVERAGE)
    assert set(coverage_skips.values_list("reason", flat=True)) <= {SkipReason.FATIGUE}


def test_churned_customers_and_withdrawn_consent_stop_being_invited() -> None:
    # given: three customers due on the same first day, two of whom leave
    set_policy(fatigue_days=30, coverage_days=365)
    make_survey()
    stay, churn, withdraw = CustomerFactory.create_batch(3)
    update_customer(churn, status=LifecycleStatus.CHURNED, churned_on=START)
    update_customer(withdraw, contact_consent=False)

    # when: a whole year of daily runs
    for offset in range(366):
        run_coverage(START + timedelta(days=offset))

    # then
    invited = set(Invitation.objects.values_list("customer_id", flat=True))
    assert invited == {stay.pk}


def test_a_second_run_on_the_same_day_invites_nobody_more() -> None:
    # given: ten days of slots due at once (the scheduler started ten days ago), share of 3
    set_policy(fatigue_days=30, coverage_days=365)
    ContactPolicy.objects.update(coverage_started_on=START - timedelta(days=10))
    make_survey()
    CustomerFactory.create_batch(700)

    # when
    first = run_coverage(START)
    second = run_coverage(START)

    # then: the backlog waits; the day's share is not exceeded by running twice
    assert first.due > first.quota == 3
    assert first.invited == 3
    assert second.invited == 0
    assert Invitation.objects.count() == 3


def test_a_dry_run_writes_nothing() -> None:
    ContactPolicy.current()
    ContactPolicy.objects.update(coverage_started_on=START - timedelta(days=400))
    make_survey()
    CustomerFactory.create_batch(5)

    summary = run_coverage(START, dry_run=True)

    assert summary.dry_run
    assert summary.quota == 1
    assert summary.invited == 2  # all five are overdue: catching up doubles the day, no more
    assert not Invitation.objects.exists()
    assert not SkippedInvitation.objects.exists()


def test_without_an_active_relationship_survey_nobody_is_invited() -> None:
    make_survey(status=SurveyStatus.DRAFT)
    CustomerFactory.create_batch(3)

    summary = run_coverage(START)

    assert summary.invited == 0
    assert summary.note
    assert not Invitation.objects.exists()


def test_the_coverage_command_reports_its_summary(capsys: pytest.CaptureFixture[str]) -> None:
    ContactPolicy.current()
    ContactPolicy.objects.update(coverage_started_on=START - timedelta(days=400))
    make_survey()
    CustomerFactory.create_batch(4)

    call_command("coverage", "--date", START.isoformat(), "--json")

    out = capsys.readouterr().out
    assert '"invited": 2' in out
    assert '"eligible": 4' in out


# The contact policy -------------------------------------------------------------------------


def test_the_policy_refuses_a_coverage_too_short_for_the_fatigue_rule() -> None:
    with pytest.raises(ValidationError) as error:
        update_contact_policy(fatigue_days=200, coverage_days=365, token_valid_days=30)

    assert "coverage_days" in error.value.field_errors
    assert ContactPolicy.current().fatigue_days == 30


def test_the_policy_page_saves_valid_values_and_names_bad_ones(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    url = reverse("surveys:policy")

    bad = client.post(url, {"fatigue_days": 40, "coverage_days": 60, "token_valid_days": 14})
    out_of_range = client.post(
        url, {"fatigue_days": 4, "coverage_days": 365, "token_valid_days": 0}
    )
    good = client.post(url, {"fatigue_days": 21, "coverage_days": 300, "token_valid_days": 14})

    assert bad.status_code == 200
    assert "coverage_days" in bad.context["form"].errors
    assert "token_valid_days" in out_of_range.context["form"].errors
    assert good.status_code == 302
    policy = ContactPolicy.current()
    assert (policy.fatigue_days, policy.coverage_days, policy.token_valid_days) == (21, 300, 14)


# The coverage page ------------------------------------------------------------------------


@pytest.fixture
def small_base() -> dict[str, object]:
    """Six active customers and one churned, with hand-countable history:

    smb/north:  a (invited + answered), b (invited only), c (feedback only)
    smb/south:  d (nothing; invited 400 days ago, outside the window)
    enterprise/north: account e, whose person f spoke (e itself never spoke nor was invited)
    churned g (invited and spoke): not counted at all
    """
    survey = make_survey()
    now = timezone.now()
    a = CustomerFactory.create(name="Ada", segment="smb", region="north")
    b = CustomerFactory.create(name="Ben", segment="smb", region="north")
    c = CustomerFactory.create(name="Cy", segment="smb", region="north")
    d = CustomerFactory.create(name="Dee", segment="smb", region="south")
    e = AccountFactory.create(name="Eve Ltd", segment="enterprise", region="north")
    f = CustomerFactory.create(name="Fay", segment="enterprise", region="north", account=e)
    g = CustomerFactory.create(
        name="Gus",
        status=LifecycleStatus.CHURNED,
        churned_on=timezone.localdate(),
        segment="smb",
        region="north",
    )
    for customer, when in ((a, 10), (b, 20), (d, 400), (g, 5)):
        invitation = invite_customer(
            survey, customer, trigger=Trigger.MANUAL, now=now - timedelta(days=when)
        )
        if isinstance(invitation, Invitation):
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=invitation.invited_at)
    Response.objects.create(survey=survey, customer=a, completed_at=now - timedelta(days=9))
    FeedbackFactory.create(customer=a, source="survey", occurred_at=now - timedelta(days=9))
    FeedbackFactory.create(customer=c, occurred_at=now - timedelta(days=30))
    FeedbackFactory.create(customer=f, occurred_at=now - timedelta(days=3))
    FeedbackFactory.create(customer=d, occurred_at=now - timedelta(days=500))
    # written behind the services' backs: the daily repair brings the rollups up to date
    rebuild_contact_rollups()
    return {"survey": survey}


def test_the_coverage_page_shows_hand_counted_shares(
    client: Client, login: Callable[[str], object], small_base: dict[str, object]
) -> None:
    # given
    login(Role.EXECUTIVE)

    # when
    response = client.get(reverse("surveys:coverage"))

    # then: 6 active; invited a, b (d's is outside the window); heard from a, c, f
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.overall.customers, figures.overall.invited, figures.overall.heard) == (6, 2, 3)
    segments = {s.label: (s.customers, s.invited, s.heard) for s in figures.by_segment}
    assert segments == {"smb": (4, 2, 2), "enterprise": (2, 0, 1)}
    regions = {s.label: (s.customers, s.invited, s.heard) for s in figures.by_region}
    assert regions == {"north": (5, 2, 3), "south": (1, 0, 0)}
    never = [c.name for c in response.context["page"].object_list]
    assert never == ["Ben", "Dee", "Eve Ltd"]
    assert figures.never_heard == 3


def test_the_never_heard_from_list_is_searchable_by_name(
    client: Client, login: Callable[[str], object], small_base: dict[str, object]
) -> None:
    login(Role.ANALYST)

    response = client.get(reverse("surveys:coverage"), {"q": "dee"})

    assert [c.name for c in response.context["page"].object_list] == ["Dee"]


def test_the_coverage_page_costs_the_same_queries_for_ten_or_sixty_customers(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.EXECUTIVE)
    make_survey()
    CustomerFactory.create_batch(10)
    client.get(reverse("surveys:coverage"))  # the session and the policy row, once
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("surveys:coverage")).status_code == 200
    CustomerFactory.create_batch(50, segment="enterprise", region="west")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("surveys:coverage")).status_code == 200

    assert len(many) == len(few)
    assert len(many) <= 10


def test_the_coverage_page_reads_the_rollups_never_feedback_or_invitations(
    client: Client, login: Callable[[str], object], small_base: dict[str, object]
) -> None:
    login(Role.EXECUTIVE)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("surveys:coverage"))

    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "feedback_feedbackitem" not in sql
    assert "surveys_response" not in sql


def test_sending_an_invitation_and_analysing_feedback_move_the_rollups_forward(
    mailoutbox: list[object],
) -> None:
    # Given a customer invited and heard from long ago
    survey = make_survey()
    now = timezone.now()
    ann = CustomerFactory.create(name="Ann", email="ann@example.com", contact_consent=True)
    FeedbackFactory.create(customer=ann, occurred_at=now - timedelta(days=200))
    analyse_pending_feedback()
    ann.refresh_from_db()
    assert ann.last_heard_at == now - timedelta(days=200)

    # When an invitation e-mail goes out, new feedback arrives, and an older one arrives late
    invitation = invite_customer(survey, ann, trigger=Trigger.MANUAL, now=now)
    assert isinstance(invitation, Invitation)
    send_invitation_email(invitation.pk, now=now)
    FeedbackFactory.create(customer=ann, occurred_at=now - timedelta(days=2))
    FeedbackFactory.create(customer=ann, occurred_at=now - timedelta(days=300))
    analyse_pending_feedback()

    # Then the rollups hold the latest moments, never an older one
    ann.refresh_from_db()
    assert ann.last_invited_at == now
    assert ann.last_heard_at == now - timedelta(days=2)


def test_the_daily_repair_recomputes_the_rollups_from_the_stored_rows() -> None:
    now = timezone.now()
    ann = CustomerFactory.create(name="Ann")
    FeedbackFactory.create(customer=ann, occurred_at=now - timedelta(days=4))
    Customer.objects.filter(pk=ann.pk).update(last_heard_at=now + timedelta(days=99))

    rebuild_contact_rollups()

    ann.refresh_from_db()
    assert ann.last_heard_at == now - timedelta(days=4)
    assert ann.last_invited_at is None


def test_the_page_counts_who_may_be_surveyed_and_who_was_not_asked_this_cycle() -> None:
    # Given four consenting customers: asked this cycle, asked long ago, never asked, and
    # one whose mail bounced (suppressed); and one who gave no consent
    survey = make_survey()
    now = timezone.now()
    asked = CustomerFactory.create(email="a@example.com", contact_consent=True)
    long_ago = CustomerFactory.create(email="b@example.com", contact_consent=True)
    CustomerFactory.create(email="c@example.com", contact_consent=True)
    CustomerFactory.create(email="d@example.com", contact_consent=True)
    CustomerFactory.create(email="e@example.com", contact_consent=False)
    cycle = ContactPolicy.current().coverage_days
    invite_customer(survey, asked, trigger=Trigger.COVERAGE, now=now - timedelta(days=3))
    invite_customer(
        survey, long_ago, trigger=Trigger.COVERAGE, now=now - timedelta(days=cycle + 30)
    )
    record_bounce("D@example.com", "mailbox does not exist")

    # When the figures are computed
    figures = coverage_figures(now)

    # Then three may be surveyed, two of them not asked this cycle
    assert figures.contactable == 3
    assert figures.not_invited_in_cycle == 2
    asked.refresh_from_db()
    assert asked.last_asked_at == now - timedelta(days=3)


def test_the_lists_of_never_heard_from_and_never_invited(
    client: Client, login: Callable[[str], object], small_base: dict[str, object]
) -> None:
    login(Role.MANAGER)

    def names(which: str) -> set[str]:
        page = client.get(reverse("surveys:coverage"), {"list": which})
        return {c.name for c in page.context["page"].object_list}

    assert names("quiet") == {"Ben", "Dee", "Eve Ltd"}  # nothing heard in 12 months
    assert names("never_heard") == {"Ben", "Eve Ltd"}  # Dee spoke 500 days ago
    assert names("never_invited") == {"Cy", "Eve Ltd", "Fay"}


def test_a_list_downloads_as_csv_and_excel_and_leads_to_the_send_page(
    client: Client, login: Callable[[str], object], small_base: dict[str, object]
) -> None:
    login(Role.MANAGER)
    url = reverse("surveys:coverage")

    csv_file = client.get(url, {"list": "never_invited", "format": "csv"})
    xlsx = client.get(url, {"list": "never_invited", "format": "xlsx"})
    page = client.get(url, {"list": "never_invited"}).content.decode()

    lines = b"".join(csv_file.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "name,email,customer_id,segment,region,last_invited,last_heard"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["Cy", "Eve Ltd", "Fay"]
    assert xlsx["Content-Disposition"] == 'attachment; filename="customers-never-invited.xlsx"'
    send = reverse("surveys:send", kwargs={"survey_id": small_base["survey"].pk})  # type: ignore[attr-defined]
    assert f"{send}?never_invited=on" in page
    assert "Why the invited share can drop" in page
