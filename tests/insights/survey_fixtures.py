"""A customer survey with answers to every kind of question, for the survey results tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from outward.surveys.choices import QuestionType
from outward.surveys.models import Survey
from outward.surveys.services.building import activate_survey, add_question, create_from_template
from outward.surveys.services.responses import save_answers
from tests.factories import CustomerFactory
from tests.insights.fixtures import topic_texts
from tests.surveys.response_helpers import invite

CHOICES = [
    {"value": "web", "label": {"en": "Website"}},
    {"value": "phone", "label": {"en": "Phone"}},
    {"value": "shop", "label": {"en": "Shop"}},
]


def answered_survey() -> Survey:
    """Relationship NPS plus "how did you buy" (one answer) and "what did you like" (several).

    Thirty SMB customers in the north are detractors (NPS 3) who bought on the web and ask to
    fix late deliveries; twenty enterprise customers in the south are promoters (NPS 10) who
    bought by phone and like the staff; their answers are spread over three months.
    """
    survey = create_from_template("relationship_nps", name="Relationship 2026", created_by=None)
    add_question(survey, key="bought", type=QuestionType.SINGLE_CHOICE,
                 text={"en": "How did you buy?"}, choices=CHOICES)  # fmt: skip
    add_question(
        survey,
        key="liked",
        type=QuestionType.MULTIPLE_CHOICE,
        text={"en": "What did you like?"},
        choices=[{"value": v, "label": {"en": v.title()}} for v in ("speed", "price", "staff")],
    )
    survey = activate_survey(survey)
    now = timezone.now()
    late = topic_texts("delivery", 30)
    for n in range(50):
        detractor = n < 30
        person = CustomerFactory.create(
            segment="smb" if detractor else "enterprise",
            region="north" if detractor else "south",
        )
        invitation, _ = invite(survey, customer=person)
        answers: dict[str, object] = (
            {"nps": 3, "fix_first": late[n], "bought": "web", "liked": ["price"]}
            if detractor
            else {"nps": 10, "keep_doing": "Lovely staff.", "bought": "phone",
                  "liked": ["speed", "staff"]}
        )  # fmt: skip
        saved = save_answers(
            survey=survey,
            invitation=invitation,
            raw=answers,
            complete=True,
            language="en",
            now=now - timedelta(days=5 + 30 * (n % 3)),
        )
        assert saved.completed, saved.errors
    return survey
