"""Saving answers: partial saves, completion once, follow-ups, validation, the feedback item a
customer's response becomes, and the anonymity of employee responses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outward.core.models import AuditEntry
from outward.feedback.models import FeedbackItem
from outward.surveys.choices import Channel
from outward.surveys.models import Invitation, Response
from outward.surveys.services.building import (
    add_question,
    close_survey,
    create_survey,
)
from outward.surveys.services.responses import (
    LinkExpired,
    LinkUsed,
    SurveyClosed,
    check_answers,
    new_submission_key,
    save_answers,
)
from tests.factories import CustomerFactory, TeamFactory, UserFactory, touchpoint
from tests.surveys.response_helpers import active_survey, invite

pytestmark = pytest.mark.django_db


def _questions(survey):  # type: ignore[no-untyped-def]
    return list(survey.questions.order_by("position"))


def test_partial_answers_are_saved_and_the_invitation_stays_open() -> None:
    # Given an invitation to the relationship survey
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())

    # When the customer picks a score but does not send
    saved = save_answers(
        survey=survey, raw={"nps": ["3"]}, complete=False, language="en", invitation=invitation
    )

    # Then the answer is stored, not completed, and no feedback exists yet
    response = Response.objects.get()
    assert saved.response == response
    assert response.answers == {"nps": 3}
    assert response.completed_at is None
    assert response.invitation == invitation
    assert FeedbackItem.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.responded_at is None
    assert invitation.opened_at is not None


def test_completing_creates_one_feedback_item_with_scores_text_and_touchpoint() -> None:
    # Given a transactional CSAT survey after deliveries, and an invitation
    customer = CustomerFactory.create()
    survey = active_survey("event_csat", touchpoint=touchpoint("delivery"))
    invitation, _ = invite(survey, customer=customer)

    # When the customer answers 2 and explains
    saved = save_answers(
        survey=survey,
        raw={"csat": "2", "went_wrong": "Two weeks late.", "comment": "Call me."},
        complete=True,
        language="en",
        invitation=invitation,
    )

    # Then one feedback item holds the score, the customer's words (the questions apart, in
    # raw, never analysed as theirs), and the event
    assert saved.completed
    item = FeedbackItem.objects.get()
    assert item.source == "survey"
    assert saved.response is not None
    assert item.external_id == str(saved.response.pk)
    assert item.customer == customer
    assert item.touchpoint is not None
    assert item.touchpoint.slug == "delivery"
    assert item.csat == 2
    assert item.nps is None
    assert item.text == "Two weeks late.\n\nCall me."
    assert item.raw["questions"]["went_wrong"] == "What went wrong?"
    assert item.raw["survey_id"] == str(survey.pk)
    assert item.raw["answers"]["csat"] == 2
    response = Response.objects.get()
    assert response.feedback == item
    invitation.refresh_from_db()
    assert invitation.responded_at is not None


def test_invitation_touchpoint_wins_over_the_surveys() -> None:
    survey = active_survey("event_csat", touchpoint=touchpoint("delivery"))
    invitation, _ = invite(
        survey, customer=CustomerFactory.create(), touchpoint=touchpoint("support")
    )

    save_answers(
        survey=survey, raw={"csat": "5"}, complete=True, language="en", invitation=invitation
    )

    stored = FeedbackItem.objects.get().touchpoint
    assert stored is not None
    assert stored.slug == "support"


def test_a_second_complete_submit_is_refused_and_stores_nothing_more() -> None:
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())
    save_answers(
        survey=survey, raw={"nps": "9"}, complete=True, language="en", invitation=invitation
    )

    with pytest.raises(LinkUsed):
        save_answers(
            survey=survey, raw={"nps": "0"}, complete=True, language="en", invitation=invitation
        )

    assert Response.objects.get().answers == {"nps": 9}
    assert FeedbackItem.objects.count() == 1


def test_an_expired_invitation_cannot_be_answered() -> None:
    survey = active_survey()
    invitation, _ = invite(
        survey, customer=CustomerFactory.create(), expires_in=timedelta(seconds=-1)
    )

    with pytest.raises(LinkExpired):
        save_answers(
            survey=survey, raw={"nps": "9"}, complete=True, language="en", invitation=invitation
        )

    assert Response.objects.count() == 0


def test_a_closed_survey_takes_no_answers() -> None:
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())
    close_survey(survey)

    with pytest.raises(SurveyClosed):
        save_answers(
            survey=survey, raw={"nps": "9"}, complete=True, language="en", invitation=invitation
        )


def test_hidden_follow_ups_are_dropped() -> None:
    # Given a promoter's score with an answer to the detractor follow-up (a stale form)
    survey = active_survey()

    checked = check_answers(
        _questions(survey),
        {"nps": "10", "fix_first": "Prices", "keep_doing": "Friendly staff"},
        complete=True,
    )

    # Then only the visible follow-up's answer is kept
    assert checked.answers == {"nps": 10, "keep_doing": "Friendly staff"}
    assert "fix_first" not in checked.visible
    assert checked.errors == {}


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        ("0", "fix_first"),
        ("6", "fix_first"),
        ("7", None),
        ("8", None),
        ("9", "keep_doing"),
        ("10", "keep_doing"),
    ],
)
def test_each_score_shows_its_follow_up(score: str, shown: str | None) -> None:
    survey = active_survey()

    checked = check_answers(_questions(survey), {"nps": score}, complete=False)

    follow_ups = checked.visible & {"fix_first", "keep_doing"}
    assert follow_ups == ({shown} if shown else set())


@pytest.mark.parametrize("bad", ["11", "-1", "9.5", "nine", "٩", "1e1", "99999"])
def test_scores_outside_the_scale_are_refused(bad: str) -> None:
    survey = active_survey()

    checked = check_answers(_questions(survey), {"nps": bad}, complete=True)

    assert checked.errors["nps"] == "range"
    assert "nps" not in checked.answers


def test_choice_answers_must_be_among_the_choices() -> None:
    # Given a survey with a single and a multiple choice question
    survey = create_survey(name="Choices", created_by=None)
    options = [{"value": v, "label": {"en": v.title()}} for v in ("speed", "price", "staff")]
    add_question(survey, key="why", type="single", text={"en": "Why?"}, choices=options)
    add_question(survey, key="what", type="multiple", text={"en": "What?"}, choices=options)

    checked = check_answers(
        _questions(survey), {"why": "cheese", "what": ["staff", "speed", "staff"]}, complete=True
    )

    assert checked.errors == {"why": "choice"}
    assert checked.answers == {"what": ["speed", "staff"]}


def test_a_required_question_must_be_answered_to_complete() -> None:
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())

    saved = save_answers(
        survey=survey, raw={"comment": "Hello"}, complete=True, language="en", invitation=invitation
    )

    assert saved.errors == {"nps": "required"}
    assert not saved.completed
    assert Response.objects.get().answers == {"comment": "Hello"}
    assert FeedbackItem.objects.count() == 0


def test_a_follow_up_the_page_has_not_shown_stops_completion() -> None:
    # Given a page without JavaScript that showed only the score and the comment
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())

    saved = save_answers(
        survey=survey,
        raw={"nps": "3"},
        complete=True,
        language="en",
        invitation=invitation,
        shown=["nps", "comment"],
    )

    # Then the answers are saved and the detractor follow-up is asked before completing
    assert saved.revealed == frozenset({"fix_first"})
    assert not saved.completed
    assert Response.objects.get().completed_at is None


def test_a_double_submit_of_a_public_form_stores_one_response() -> None:
    survey = active_survey(public=True)
    key = new_submission_key()
    save_answers(
        survey=survey,
        raw={"nps": "8"},
        complete=True,
        language="en",
        submission_key=key,
        channel=Channel.EMBED,
    )

    with pytest.raises(LinkUsed):
        save_answers(
            survey=survey,
            raw={"nps": "8"},
            complete=True,
            language="en",
            submission_key=key,
            channel=Channel.EMBED,
        )

    response = Response.objects.get()
    assert response.channel == Channel.EMBED
    assert response.customer is None
    assert FeedbackItem.objects.get().nps == 8


def test_a_public_key_of_another_survey_is_refused() -> None:
    first, second = active_survey(public=True), active_survey(public=True, name="Other")
    key = new_submission_key()
    save_answers(survey=first, raw={"nps": "8"}, complete=False, language="en", submission_key=key)

    from outward.core.errors import NotFound

    with pytest.raises(NotFound):
        save_answers(
            survey=second, raw={"nps": "1"}, complete=True, language="en", submission_key=key
        )


def test_an_employee_response_keeps_only_the_team_and_creates_no_feedback() -> None:
    # Given a pulse survey and a signed-in-looking employee of a team
    team = TeamFactory.create()
    employee = UserFactory.create(team=team)
    survey = active_survey("employee_pulse")
    invitation, _ = invite(survey, employee=employee)

    # When they save part of it, come back, and complete
    save_answers(
        survey=survey, raw={"enps": "7"}, complete=False, language="en", invitation=invitation
    )
    again = Invitation.objects.get(pk=invitation.pk)
    saved = save_answers(
        survey=survey,
        raw={"enps": "8", "equipped": "4"},
        complete=True,
        language="en",
        invitation=again,
    )

    # Then one response holds the answers and the team, nothing that leads to the person
    response = Response.objects.get()
    assert saved.completed
    assert response.answers == {"enps": 8, "equipped": 4}
    assert response.team == team
    assert response.invitation is None
    assert response.customer is None
    assert response.submission_key is None
    assert FeedbackItem.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.responded_at is not None
    assert not AuditEntry.objects.filter(object_type="surveys.response").exists()


def test_employee_response_times_are_kept_to_the_day_so_they_cannot_pair_it_with_its_sender() -> (
    None
):
    # Given two employees who answer the pulse minutes apart
    survey = active_survey("employee_pulse")
    team = TeamFactory.create()
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    for minutes, user in enumerate([UserFactory.create(team=team), UserFactory.create(team=team)]):
        invitation, _ = invite(survey, employee=user)
        save_answers(
            survey=survey,
            raw={"enps": "9"},
            complete=True,
            language="en",
            invitation=invitation,
            now=noon + timedelta(minutes=7 * minutes),
        )

    # Then every stored time of the responses and invitations is the same day's midnight
    day = timezone.localtime(noon).replace(hour=0, minute=0, second=0, microsecond=0)
    times = set()
    for response in Response.objects.all():
        times |= {response.created_at, response.updated_at, response.completed_at}
    for invitation in Invitation.objects.all():
        times |= {invitation.responded_at}
    assert times == {day}


def test_answering_as_a_signed_in_employee_is_not_audited_to_them() -> None:
    from outward.core.audit import acting_as

    employee = UserFactory.create(team=TeamFactory.create())
    survey = active_survey("employee_pulse")
    invitation, _ = invite(survey, employee=employee)

    with acting_as(user=employee):
        save_answers(
            survey=survey, raw={"enps": "2"}, complete=True, language="en", invitation=invitation
        )

    assert not AuditEntry.objects.filter(user=employee).exists()


def test_a_second_write_of_a_responses_feedback_item_is_refused_by_the_database() -> None:
    # Given a completed response whose feedback item exists
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())
    saved = save_answers(
        survey=survey, raw={"nps": "9"}, complete=True, language="en", invitation=invitation
    )
    assert saved.response is not None

    # When the same item is written again (a retry that slipped past the invitation's lock)
    from outward.feedback.services import record_checked_feedback
    from outward.surveys.services.responses import _item

    with pytest.raises(IntegrityError), transaction.atomic():
        record_checked_feedback(_item(saved.response, survey, _questions(survey), invitation))

    # Then the (source, external id) key keeps one item
    assert FeedbackItem.objects.count() == 1


def test_the_language_is_one_of_the_surveys() -> None:
    survey = active_survey(languages=("de", "en"))
    invitation, _ = invite(survey, customer=CustomerFactory.create())

    save_answers(
        survey=survey, raw={"nps": "9"}, complete=True, language="xx", invitation=invitation
    )

    assert Response.objects.get().language == "de"
    assert FeedbackItem.objects.get().language == "de"
    assert FeedbackItem.objects.get().text == ""


def test_completing_a_response_takes_a_bounded_number_of_queries() -> None:
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())

    with CaptureQueriesContext(connection) as queries:
        save_answers(
            survey=survey,
            raw={"nps": "9", "keep_doing": "Speed"},
            complete=True,
            language="en",
            invitation=invitation,
        )

    assert len(queries) <= 14, [q["sql"][:80] for q in queries]
