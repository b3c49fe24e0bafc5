"""The survey answer rollup: every completed customer response counted once, as it completes,
and a recount from the stored responses gives the same rows."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from outward.surveys import rollups
from outward.surveys.models import AnswerDay, Survey
from outward.surveys.services.responses import LinkUsed, save_answers
from tests.factories import CustomerFactory, TeamFactory, UserFactory
from tests.insights.survey_fixtures import answered_survey
from tests.surveys.response_helpers import active_survey, invite

pytestmark = pytest.mark.django_db


def _rows(survey: Survey) -> set[tuple[object, ...]]:
    return set(
        AnswerDay.objects.filter(survey=survey).values_list(
            "question", "day", "answer", "segment", "region", "touchpoint_id", "product_id", "n"
        )
    )


def _counts(survey: Survey, question: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for answer, n in AnswerDay.objects.filter(survey=survey, question=question).values_list(
        "answer", "n"
    ):
        found[answer] = found.get(answer, 0) + n
    return found


def test_a_completed_response_is_counted_once_with_its_customers_slices() -> None:
    survey = active_survey()
    person = CustomerFactory.create(segment="smb", region="north")
    invitation, _ = invite(survey, customer=person)
    answers = {"nps": 9, "keep_doing": "Quick answers."}
    save_answers(survey=survey, invitation=invitation, raw=answers, complete=False, language="en")
    assert not AnswerDay.objects.filter(survey=survey).exists()  # a partial save counts nothing

    save_answers(survey=survey, invitation=invitation, raw=answers, complete=True, language="en")
    with pytest.raises(LinkUsed):  # a second submit of the same link
        save_answers(
            survey=survey, invitation=invitation, raw=answers, complete=True, language="en"
        )

    assert _counts(survey, rollups.COMPLETED) == {"": 1}
    assert _counts(survey, "nps") == {"9": 1}
    assert _counts(survey, "keep_doing") == {"": 1}  # an open answer: counted, never copied
    row = AnswerDay.objects.get(survey=survey, question="nps")
    assert (row.segment, row.region, row.day) == ("smb", "north", timezone.localdate())


def test_a_multiple_choice_is_kept_as_its_list() -> None:
    survey = answered_survey()
    assert _counts(survey, "liked") == {'["price"]': 30, '["speed", "staff"]': 20}
    assert _counts(survey, "bought") == {"web": 30, "phone": 20}
    assert sum(_counts(survey, "nps").values()) == 50


def test_a_recount_from_the_responses_gives_the_same_rows() -> None:
    survey = answered_survey()
    counted_on_completion = _rows(survey)

    rollups.rebuild([survey])

    assert _rows(survey) == counted_on_completion
    assert len(counted_on_completion) > 5


def test_the_migration_fills_the_rollup_of_responses_stored_before_it() -> None:
    survey = answered_survey()
    counted_on_completion = _rows(survey)
    AnswerDay.objects.all().delete()
    migration = importlib.import_module("outward.surveys.migrations.0006_fill_answer_rollup")

    migration.fill(apps, None)

    assert _rows(survey) == counted_on_completion


def test_an_employee_pulse_is_not_counted() -> None:
    pulse = active_survey("employee_pulse", name="Pulse")
    employee = UserFactory.create(team=TeamFactory.create())
    invitation, _ = invite(pulse, employee=employee, expires_in=timedelta(days=3))
    raw = {"enps": 8, "equipped": 4}
    saved = save_answers(survey=pulse, invitation=invitation, raw=raw, complete=True, language="en")

    assert saved.completed
    assert not AnswerDay.objects.filter(survey=pulse).exists()
