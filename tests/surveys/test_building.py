"""Building surveys: templates, the rules a survey keeps, questions, activation, and the
builder's pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outward.core.errors import ValidationError
from outward.core.roles import Role
from outward.surveys.choices import Audience, SurveyKind, SurveyStatus
from outward.surveys.models import Question, Survey
from outward.surveys.services.building import (
    TEMPLATES,
    activate_survey,
    add_question,
    close_survey,
    create_from_template,
    create_survey,
    delete_question,
    move_question,
    reorder_questions,
    set_texts,
    update_question,
    update_survey,
)
from outward.surveys.services.responses import save_answers
from tests.factories import CustomerFactory, touchpoint
from tests.surveys.response_helpers import active_survey, invite

pytestmark = pytest.mark.django_db


def _keys(survey: Survey) -> list[str]:
    return list(survey.questions.order_by("position").values_list("key", flat=True))


# Templates


def test_the_relationship_template_asks_nps_with_both_follow_ups() -> None:
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    questions = {q.key: q for q in survey.questions.all()}
    assert _keys(survey) == ["nps", "fix_first", "keep_doing", "comment"]
    assert questions["fix_first"].show_if == {"question": "nps", "min": 0, "max": 6}
    assert questions["fix_first"].text["en"] == "What should we fix first?"
    assert questions["keep_doing"].show_if == {"question": "nps", "min": 9, "max": 10}
    assert questions["keep_doing"].text["en"] == "What should we keep doing?"
    assert questions["comment"].type == "text"
    assert survey.status == SurveyStatus.DRAFT


def test_the_pulse_template_is_for_employees() -> None:
    survey = create_from_template("employee_pulse", name="Pulse Q1", created_by=None)

    assert survey.audience == Audience.EMPLOYEES
    assert _keys(survey) == ["enps", "equipped", "comment"]
    equipped = survey.questions.get(key="equipped")
    assert (equipped.type, equipped.scale_max) == ("rating", 5)
    assert equipped.text["en"] == "I have what I need to serve our customers."


def test_a_template_fills_the_languages_it_knows() -> None:
    survey = create_from_template(
        "relationship_nps", name="R", created_by=None, languages=["de", "en"]
    )

    assert survey.default_language == "de"
    assert survey.questions.get(key="nps").text["de"].startswith("Wie wahrscheinlich")
    activate_survey(survey)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_activates(key: str) -> None:
    place = touchpoint("support") if TEMPLATES[key].kind == SurveyKind.TRANSACTIONAL else None

    survey = create_from_template(key, name=key, created_by=None, touchpoint=place)

    assert activate_survey(survey).status == SurveyStatus.ACTIVE


def test_a_transactional_template_needs_a_touchpoint() -> None:
    with pytest.raises(ValidationError) as refused:
        create_from_template("event_csat", name="After delivery", created_by=None)

    assert "touchpoint" in refused.value.field_errors
    assert Survey.objects.count() == 0


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        create_from_template("nope", name="x", created_by=None)

    assert "template" in refused.value.field_errors


# Rules


def test_question_keys_are_unique_in_a_survey() -> None:
    survey = create_survey(name="S", created_by=None)
    add_question(survey, key="nps", type="nps", text={"en": "Recommend?"})

    with pytest.raises(ValidationError) as refused:
        add_question(survey, key="nps", type="csat", text={"en": "Satisfied?"})

    assert "questions.nps.key" in refused.value.field_errors


def test_a_choice_question_needs_choices() -> None:
    survey = create_survey(name="S", created_by=None)

    with pytest.raises(ValidationError) as refused:
        add_question(survey, key="why", type="single", text={"en": "Why?"}, choices=[])

    assert "questions.why.choices" in refused.value.field_errors


@pytest.mark.parametrize(
    ("show_if", "problem"),
    [
        ({"question": "later", "min": 0, "max": 6}, "earlier question"),
        ({"question": "comment", "min": 0, "max": 6}, "scored question"),
        ({"question": "nps", "min": 7, "max": 11}, "inside 0 to 10"),
        ({"question": "nps", "min": 6, "max": 2}, "lowest first"),
        ({"question": "nps"}, "Give"),
    ],
)
def test_a_follow_up_must_depend_on_an_earlier_scored_question_within_its_scale(
    show_if: dict, problem: str
) -> None:
    survey = create_survey(name="S", created_by=None)
    add_question(survey, key="nps", type="nps", text={"en": "Recommend?"})
    add_question(survey, key="comment", type="text", text={"en": "Why?"})

    with pytest.raises(ValidationError) as refused:
        add_question(survey, key="follow", type="text", text={"en": "?"}, show_if=show_if)

    assert problem in refused.value.field_errors["questions.follow.show_if"]


def test_a_transactional_survey_needs_a_touchpoint() -> None:
    survey = create_survey(name="S", created_by=None)

    with pytest.raises(ValidationError) as refused:
        update_survey(survey, kind=SurveyKind.TRANSACTIONAL)

    assert "touchpoint" in refused.value.field_errors


def test_an_active_survey_needs_questions_and_fallback_texts() -> None:
    empty = create_survey(name="Empty", created_by=None)
    untranslated = create_survey(name="German first", created_by=None, languages=["de", "en"])
    add_question(untranslated, key="nps", type="nps", text={"en": "Recommend?"})

    with pytest.raises(ValidationError) as no_questions:
        activate_survey(empty)
    with pytest.raises(ValidationError) as no_fallback:
        activate_survey(untranslated)

    assert "questions" in no_questions.value.field_errors
    assert "questions.nps.text" in no_fallback.value.field_errors
    set_texts(untranslated, "de", title="Umfrage")
    update_question(untranslated.questions.get(), text={"de": "Empfehlen?", "en": "Recommend?"})
    assert activate_survey(untranslated).status == SurveyStatus.ACTIVE


def test_an_employee_pulse_has_no_public_link() -> None:
    survey = create_from_template("employee_pulse", name="P", created_by=None)

    with pytest.raises(ValidationError) as refused:
        update_survey(survey, public_link_enabled=True)

    assert "public_link_enabled" in refused.value.field_errors


def test_bad_language_codes_are_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        create_survey(name="S", created_by=None, languages=["en", "<b>"])

    assert "languages" in refused.value.field_errors


# Questions


def test_a_question_a_follow_up_depends_on_cannot_be_deleted() -> None:
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    with pytest.raises(ValidationError):
        delete_question(survey.questions.get(key="nps"))

    delete_question(survey.questions.get(key="fix_first"))
    assert _keys(survey) == ["nps", "keep_doing", "comment"]
    assert list(survey.questions.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
        2,
    ]


def test_a_follow_up_cannot_move_above_its_question() -> None:
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    with pytest.raises(ValidationError):
        move_question(survey.questions.get(key="fix_first"), -1)

    move_question(survey.questions.get(key="comment"), -1)
    assert _keys(survey) == ["nps", "fix_first", "comment", "keep_doing"]


def test_reordering_names_every_question_once() -> None:
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    with pytest.raises(ValidationError):
        reorder_questions(survey, ["nps", "comment"])


def test_renaming_a_questions_key_carries_its_follow_ups_along() -> None:
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    update_question(survey.questions.get(key="nps"), key="recommend")

    show_if = survey.questions.get(key="fix_first").show_if
    assert show_if is not None
    assert show_if["question"] == "recommend"


def test_closing_keeps_answers_and_stops_new_ones() -> None:
    survey = active_survey()
    invitation, _ = invite(survey, customer=CustomerFactory.create())
    save_answers(
        survey=survey, raw={"nps": "9"}, complete=True, language="en", invitation=invitation
    )

    closed = close_survey(survey)

    assert closed.status == SurveyStatus.CLOSED
    assert closed.responses.count() == 1


# Pages


def test_the_list_counts_invitations_and_responses_without_n_plus_one(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    for n in range(3):
        survey = active_survey(name=f"Survey {n}")
        for _ in range(2):
            invitation, _ = invite(survey, customer=CustomerFactory.create())
        save_answers(
            survey=survey, raw={"nps": "9"}, complete=True, language="en", invitation=invitation
        )
    client.get(reverse("surveys:list"))  # warm the session

    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("surveys:list"))
    for n in range(3, 8):
        active_survey(name=f"Survey {n}")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("surveys:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<td class="num">2</td>\s*<td class="num">1</td>', html)
    assert len(more) == len(few) <= 5


def test_a_manager_creates_a_survey_from_a_template_and_activates_it(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)

    created = client.post(
        reverse("surveys:create"),
        {
            "template": "relationship_nps",
            "name": "Yearly",
            "kind": "relationship",
            "audience": "customers",
            "languages": "en, de",
        },
    )
    survey = Survey.objects.get()
    activated = client.post(reverse("surveys:activate", args=[survey.pk]))

    assert created.status_code == 302
    assert activated.status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.ACTIVE
    assert survey.languages == ["en", "de"]
    assert survey.created_by is not None


def test_the_question_form_names_the_follow_up_problem(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    response = client.post(
        reverse("surveys:question_add", args=[survey.pk]),
        {
            "key": "why",
            "type": "text",
            "text_en": "Why?",
            "scale_max": 5,
            "show_if_question": "nps",
            "show_if_min": 8,
            "show_if_max": 3,
        },
    )

    assert response.status_code == 200
    assert "lowest first" in response.content.decode()
    assert not Question.objects.filter(key="why").exists()


def test_the_detail_page_shows_results_links_and_escapes_texts(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = active_survey(public=True)
    set_texts(survey, "en", title="<script>alert(1)</script>")
    for score in (10, 9, 3):
        invitation, _ = invite(survey, customer=CustomerFactory.create())
        save_answers(
            survey=survey,
            raw={"nps": str(score)},
            complete=True,
            language="en",
            invitation=invitation,
        )

    html = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert ">33<" in html  # NPS of 2 promoters and 1 detractor out of 3
    assert f"/s/p/{survey.public_token}/embed.js" in html
    assert "dist-chart" in html


def test_a_pulse_survey_page_shows_no_per_person_answers(
    client: Client, login: Callable[[str], object]
) -> None:
    from tests.factories import UserFactory

    login(Role.MANAGER)
    survey = active_survey("employee_pulse")
    invitation, _ = invite(survey, employee=UserFactory.create(first_name="Gwen"))
    save_answers(
        survey=survey,
        raw={"enps": "2", "comment": "Too many tools"},
        complete=True,
        language="en",
        invitation=invitation,
    )

    html = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()

    assert "Too many tools" not in html
    assert "Gwen" not in html
    assert "pulse pages" in html


def test_the_preview_renders_any_language_and_posts_nowhere(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.ANALYST)
    survey = create_from_template(
        "relationship_nps", name="R", created_by=None, languages=["en", "fr"]
    )

    html = client.get(reverse("surveys:preview", args=[survey.pk]) + "?lang=fr").content.decode()

    assert '<html lang="fr">' in html
    assert "Quelle est la probabilité" in html
    assert "disabled" in html


def test_an_agent_cannot_change_surveys(client: Client, login: Callable[[str], object]) -> None:
    login(Role.AGENT)

    response = client.post(reverse("surveys:create"), {"name": "x"})

    assert response.status_code == 403


def test_a_follow_up_needs_no_typed_key_and_choices_are_lists(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = create_from_template("relationship_nps", name="R", created_by=None)
    survey = update_survey(survey, languages=["en", "de"])
    url = reverse("surveys:question_add", args=[survey.pk])
    follow_up = {"type": "text", "text_en": "What could we do better?", "show_if_question": "nps",
                 "show_if_min": 0, "show_if_max": 6}  # fmt: skip

    client.post(url, follow_up)
    client.post(url, follow_up)
    client.post(url, {"type": "single", "text_en": "What matters most?",
                      "choices_en": "Speed\nPrice\n", "choices_de": "Tempo\nPreis"})  # fmt: skip

    keys = list(survey.questions.order_by("position").values_list("key", flat=True))
    assert keys[-3:] == [
        "what_could_we_do_better",
        "what_could_we_do_better_2",
        "what_matters_most",
    ]
    choice = survey.questions.get(key="what_matters_most")
    assert choice.choices == [
        {"value": "speed", "label": {"en": "Speed", "de": "Tempo"}},
        {"value": "price", "label": {"en": "Price", "de": "Preis"}},
    ]


def test_uneven_choice_lists_are_named_and_edits_keep_the_stored_values(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = create_from_template("relationship_nps", name="R", created_by=None)
    survey = update_survey(survey, languages=["en", "de"])
    url = reverse("surveys:question_add", args=[survey.pk])
    uneven = client.post(url, {"type": "multiple", "text_en": "Which?",
                               "choices_en": "A\nB", "choices_de": "A"})  # fmt: skip
    assert "choices_de" in uneven.context["form"].errors
    client.post(url, {"type": "multiple", "text_en": "Which?", "choices_en": "Fast\nCheap",
                      "choices_de": "Schnell\nBillig"})  # fmt: skip
    question = survey.questions.get(key="which")

    client.post(
        reverse("surveys:question_edit", args=[survey.pk, question.pk]),
        {"type": "multiple", "text_en": "Which?", "choices_en": "Quick\nCheap\nKind",
         "choices_de": "Schnell\nBillig\nNett"},
    )  # fmt: skip

    question.refresh_from_db()
    assert [c["value"] for c in question.choices] == ["fast", "cheap", "kind"]
    assert question.choices[0]["label"] == {"en": "Quick", "de": "Schnell"}


def test_the_question_form_shows_each_field_only_for_its_types(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = create_from_template("relationship_nps", name="R", created_by=None)

    html = client.get(reverse("surveys:question_add", args=[survey.pk])).content.decode()

    assert '<div data-for="single multiple">' in html
    assert '<div data-for="rating">' in html
    assert "outward/builder" in html


def test_deleting_a_question_and_closing_a_survey_ask_first(
    client: Client, login: Callable[[str], object]
) -> None:
    login(Role.MANAGER)
    survey = active_survey(public=True)
    question = survey.questions.get(key="nps")
    delete = reverse("surveys:question_delete", args=[survey.pk, question.pk])
    close = reverse("surveys:close", args=[survey.pk])

    asked = client.post(delete)
    assert asked.status_code == 200
    assert "Delete the question “nps”?" in asked.content.decode()
    assert survey.questions.filter(key="nps").exists()
    asked_to_close = client.post(close)
    survey.refresh_from_db()
    assert "Close the survey" in asked_to_close.content.decode()
    assert survey.status == SurveyStatus.ACTIVE

    client.post(close, {"confirmed": "yes"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
