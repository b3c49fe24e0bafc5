"""Starting a pulse round: the survey's questions, one invitation per employee, the e-mail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from outward.core.errors import ValidationError
from outward.core.roles import Role
from outward.pulse import selectors
from outward.pulse.models import PulseRound
from outward.pulse.services import invite_employees, serves_key, start_round
from outward.surveys.choices import Audience, Channel, QuestionType, SkipReason, Trigger
from outward.surveys.invitation_email import invitation_url
from outward.surveys.models import Invitation, Response, SkippedInvitation
from outward.surveys.services.responses import save_answers
from outward.surveys.tokens import find_invitation, invitation_token
from tests.factories import UserFactory
from tests.mail import html_of, text_of

pytestmark = pytest.mark.django_db


def test_a_round_asks_enps_equipped_and_how_each_chosen_department_serves(
    staff: Callable[..., Any],
) -> None:
    people = staff({"Desk": 2, "Crew": 1, "Lab": 1})
    crew, lab = people.teams["Crew"], people.teams["Lab"]

    started = start_round(name="Pulse Q3", rated_team_ids=[crew.pk, lab.pk])

    survey = started.round.survey
    assert survey.audience == Audience.EMPLOYEES
    questions = {q.key: q for q in survey.questions.all()}
    assert list(questions) == [
        "enps",
        "equipped",
        serves_key(crew.pk),
        serves_key(lab.pk),
        "comment",
    ]
    assert questions["enps"].type == QuestionType.NPS
    assert (questions["equipped"].type, questions["equipped"].scale_max) == (QuestionType.RATING, 5)
    assert questions[serves_key(crew.pk)].about_team == crew
    assert questions[serves_key(crew.pk)].text["en"] == "How well does Crew serve you?"


def test_every_active_employee_is_invited_once_and_a_retry_invites_nobody_twice(
    staff: Callable[..., Any],
) -> None:
    people = staff({"Desk": 3})
    UserFactory.create(is_active=False, team=people.teams["Desk"])
    no_email = UserFactory.create(email="", team=people.teams["Desk"])

    started = start_round(name="Pulse", ask_comment=False)
    again = invite_employees(started.round.pk)

    invitations = Invitation.objects.filter(survey=started.round.survey)
    assert started.invited == 3
    assert again.invited == 0
    assert invitations.count() == 3
    assert {i.trigger for i in invitations} == {Trigger.PULSE}
    assert all(i.employee_id and i.customer_id is None for i in invitations)
    assert all(i.expires_at == started.round.closes_at for i in invitations)
    skip = SkippedInvitation.objects.get(survey=started.round.survey)
    assert (skip.employee, skip.reason) == (no_email, SkipReason.NO_EMAIL)


def test_accounts_in_no_team_are_invited_only_when_asked(staff: Callable[..., Any]) -> None:
    staff({"Desk": 2})
    admin = UserFactory.create(role=Role.ADMIN, team=None)

    by_default = start_round(name="Employees only")
    everyone = start_round(name="Everyone", invites_without_team=True)

    assert by_default.invited == 2
    assert not Invitation.objects.filter(survey=by_default.round.survey, employee=admin).exists()
    assert everyone.invited == 3
    assert Invitation.objects.filter(survey=everyone.round.survey, employee=admin).exists()


def test_an_employee_is_not_asked_to_rate_their_own_team(
    client: Client, staff: Callable[..., Any]
) -> None:
    people = staff({"Desk": 1, "Crew": 1})
    desk, crew = people.teams["Desk"], people.teams["Crew"]
    pulse = start_round(name="Pulse", rated_team_ids=[desk.pk, crew.pk]).round
    invitation = Invitation.objects.get(survey=pulse.survey, employee=people.members["Desk"][0])

    page = client.get(invitation_url(invitation_token(invitation))).content.decode()

    assert "How well does Crew serve you?" in page
    assert "How well does Desk serve you?" not in page


def test_employees_are_not_held_back_by_the_customer_fatigue_rule(
    staff: Callable[..., Any],
) -> None:
    staff({"Desk": 2})
    start_round(name="First")

    second = start_round(name="Second, the same week")

    assert second.invited == 2


def test_invitations_are_e_mailed_with_a_personal_survey_link(
    staff: Callable[..., Any], django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    people = staff({"Desk": 2})

    with django_capture_on_commit_callbacks(execute=True):
        started = start_round(name="Pulse Q3")

    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == [people.members["Desk"][0].email])
    assert message.subject == "Pulse: Pulse Q3"
    assert "anonymous" in text_of(message)
    assert "List-Unsubscribe" not in message.extra_headers  # a pulse is no mailing list
    assert html_of(message)  # the one send path: HTML and text
    link = next(line for line in text_of(message).splitlines() if "/s/" in line)
    path = urlsplit(link.split(": ", 1)[-1].strip()).path
    token = path.split("/s/", 1)[1].strip("/")
    invitation = find_invitation(token)
    assert invitation.employee == people.members["Desk"][0]
    assert invitation.survey == started.round.survey
    assert invitation.sent_at is not None


def test_a_round_with_an_unknown_team_or_no_name_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        start_round(name=" ", rated_team_ids=[999_999], open_days=0)

    assert set(refused.value.field_errors) == {"name", "rated_teams", "open_days"}
    assert not PulseRound.objects.exists()


def test_a_manager_starts_a_round_from_the_page(
    client: Client,
    login: Callable[[str], Any],
    staff: Callable[..., Any],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    people = staff({"Desk": 2, "Crew": 1})
    login(Role.MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pulse:start"),
            {
                "name": "Pulse Q4",
                "rated_teams": [people.teams["Crew"].pk],
                "ask_equipped": "on",
                "open_days": "10",
            },
        )

    pulse = PulseRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pulse:round", args=[pulse.pk])
    assert pulse.survey.questions.filter(about_team=people.teams["Crew"]).exists()
    assert not pulse.survey.questions.filter(key="comment").exists()
    assert len(mail.outbox) == 3  # two desk members and the crew member: the manager is in no team


def test_the_start_page_answers_a_bad_form_with_its_errors(
    client: Client, login: Callable[[str], Any]
) -> None:
    login(Role.ADMIN)

    response = client.post(reverse("pulse:start"), {"name": "", "open_days": "99"})

    assert response.status_code == 400
    assert not PulseRound.objects.exists()
    assert response.context["form"].errors.keys() == {"name", "open_days"}


def test_an_answer_through_the_survey_engine_keeps_the_team_and_not_the_person(
    staff: Callable[..., Any],
) -> None:
    # given an employee's invitation to a round
    people = staff({"Desk": 1})
    employee = people.members["Desk"][0]
    pulse = start_round(name="Pulse").round
    invitation = Invitation.objects.get(survey=pulse.survey, employee=employee)

    # when they answer on the public response page's service
    save_answers(
        survey=pulse.survey,
        raw={"enps": "9", "equipped": "4"},
        complete=True,
        language="en",
        invitation=invitation,
        channel=Channel.EMAIL,
    )

    # then the response holds the team and the answers, and nothing leads back to them
    response = Response.objects.get(survey=pulse.survey)
    assert response.team == people.teams["Desk"]
    assert response.invitation is None
    assert response.customer is None
    assert response.answers == {"enps": 9, "equipped": 4}
    invitation.refresh_from_db()
    assert invitation.responded_at is not None
    assert selectors.round_results(pulse).respondents == 1


def test_the_start_form_has_every_team_rate_the_others_by_default(
    client: Client, login: Callable[[str], Any], staff: Callable[..., Any]
) -> None:
    people = staff({"Desk": 1, "Crew": 1, "Lab": 1})
    login(Role.MANAGER)

    form = client.get(reverse("pulse:start")).context["form"]

    assert set(form["rated_teams"].value()) == {t.pk for t in people.teams.values()}
