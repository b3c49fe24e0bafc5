"""Building surveys: settings, texts per language, questions, the rules a survey must keep,
activation and closing, and ready-made templates (relationship NPS, CSAT, CES, pulse).

Every write validates the whole survey it leaves behind (`survey_problems`), so a survey can
never be saved into a state its respondents' pages cannot render: a follow-up pointing at a
question that is gone, two questions with one key, a choice question without choices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from outward.accounts.models import Team, User
from outward.core.errors import Conflict, NotFound, ValidationError
from outward.customers.models import Touchpoint
from outward.surveys.choices import (
    QUESTION_SCALES,
    Audience,
    QuestionType,
    SurveyKind,
    SurveyStatus,
)
from outward.surveys.models import Question, Survey
from outward.surveys.services.survey_templates import TEMPLATES, SurveyTemplate

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
MAX_LANGUAGES = 12
MAX_QUESTIONS = 60
MAX_CHOICES = 40
MAX_TEXT = 2_000
RATING_MAX_RANGE = (2, 10)
SCORED_TYPES = frozenset(
    {QuestionType.NPS, QuestionType.CSAT, QuestionType.CES, QuestionType.RATING}
)
CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
SURVEY_FIELDS = frozenset(
    {"name", "kind", "audience", "touchpoint", "languages", "reminder_after_days"}
    | {"public_link_enabled"}
)
QUESTION_FIELDS = frozenset(
    {"key", "type", "required", "text", "help_text", "choices", "scale_max", "show_if"}
    | {"about_team"}
)


def scale_of(question: Question) -> tuple[int, int] | None:
    """The answer range of a scored question; None for choice and text questions."""
    if question.type == QuestionType.RATING:
        return 1, int(question.scale_max)
    return QUESTION_SCALES.get(question.type)


# Validation


def _clean_languages(languages: Sequence[str]) -> list[str]:
    cleaned = [str(code).strip() for code in languages if str(code).strip()]
    if not cleaned:
        raise ValidationError(
            "Invalid survey.", field_errors={"languages": "Offer at least one language."}
        )
    bad = [code for code in cleaned if not LANGUAGE_RE.match(code)]
    if bad:
        raise ValidationError(
            "Invalid survey.",
            field_errors={"languages": f"Not a language code: {', '.join(bad)} (e.g. en, de)."},
        )
    if len(set(cleaned)) != len(cleaned) or len(cleaned) > MAX_LANGUAGES:
        raise ValidationError(
            "Invalid survey.",
            field_errors={"languages": f"Each language once, at most {MAX_LANGUAGES}."},
        )
    return cleaned


def _clean_texts(value: Any, what: str, languages: Sequence[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError("Invalid text.", field_errors={what: "Give texts per language."})
    texts: dict[str, str] = {}
    for code, text in value.items():
        if not isinstance(text, str):
            raise ValidationError("Invalid text.", field_errors={what: "Texts must be strings."})
        text = text.replace("\x00", "").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(
                "Invalid text.", field_errors={what: f"At most {MAX_TEXT} characters."}
            )
        if code not in languages:
            raise ValidationError(
                "Invalid text.",
                field_errors={what: f"{code!r} is not one of the survey's languages."},
            )
        if text:
            texts[str(code)] = text
    return texts


def _clean_choices(value: Any, languages: Sequence[str]) -> list[dict[str, Any]]:
    if not value:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise ValidationError("Invalid question.", field_errors={"choices": "Give a list."})
    choices: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in value:
        if not isinstance(entry, Mapping):
            raise ValidationError(
                "Invalid question.",
                field_errors={"choices": "Each choice has a value and a label per language."},
            )
        choice_value = str(entry.get("value", "")).strip()
        if not KEY_RE.match(choice_value):
            raise ValidationError(
                "Invalid question.",
                field_errors={
                    "choices": f"Choice value {choice_value!r}: lower-case letters, digits, - "
                    "and _ only."
                },
            )
        if choice_value in seen:
            raise ValidationError(
                "Invalid question.",
                field_errors={"choices": f"Choice value {choice_value!r} appears twice."},
            )
        seen.add(choice_value)
        label = _clean_texts(entry.get("label") or {}, "choices", languages)
        choices.append({"value": choice_value, "label": label})
    if len(choices) > MAX_CHOICES:
        raise ValidationError(
            "Invalid question.", field_errors={"choices": f"At most {MAX_CHOICES} choices."}
        )
    return choices


def _question_problems(
    question: Question, earlier: Sequence[Question], fallback: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not KEY_RE.match(question.key or ""):
        problems["key"] = "Lower-case letters, digits, - and _ only (e.g. nps, fix_first)."
    elif any(other.key == question.key for other in earlier):
        problems["key"] = f"Another question already has the key {question.key!r}."
    if question.type not in QuestionType.values:
        problems["type"] = f"One of {', '.join(QuestionType.values)}."
    if question.type in CHOICE_TYPES and len(question.choices or []) < 2:
        problems["choices"] = "A choice question needs at least two choices."
    if question.type not in CHOICE_TYPES and question.choices:
        problems["choices"] = "Only choice questions have choices."
    low, high = RATING_MAX_RANGE
    if question.type == QuestionType.RATING and not low <= int(question.scale_max) <= high:
        problems["scale_max"] = f"A rating runs from 1 to between {low} and {high}."
    if question.show_if is not None:
        message = _show_if_problem(question.show_if, earlier)
        if message:
            problems["show_if"] = message
    return problems


def _show_if_problem(show_if: Any, earlier: Sequence[Question]) -> str:
    if not isinstance(show_if, Mapping) or set(show_if) != {"question", "min", "max"}:
        return 'Give {"question": key, "min": a, "max": b}.'
    parent = next((q for q in earlier if q.key == show_if["question"]), None)
    if parent is None:
        return "A follow-up must depend on an earlier question."
    scale = scale_of(parent)
    if scale is None:
        return "A follow-up must depend on a scored question (NPS, CSAT, CES or rating)."
    low, high = show_if["min"], show_if["max"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        return "The range must be whole numbers."
    if not scale[0] <= low <= high <= scale[1]:
        return f"The range must lie inside {scale[0]} to {scale[1]}, lowest first."
    return ""


def survey_problems(
    survey: Survey, questions: Sequence[Question], *, activating: bool = False
) -> dict[str, str]:
    """Every rule the survey breaks, by field ("questions.<key>.<field>" for questions).

    Rules for an active survey (or one being activated) are checked too when it is active.
    """
    problems: dict[str, str] = {}
    if survey.kind == SurveyKind.TRANSACTIONAL and survey.touchpoint_id is None:
        problems["touchpoint"] = "A transactional survey needs a touchpoint."
    if survey.audience == Audience.EMPLOYEES:
        if survey.kind == SurveyKind.TRANSACTIONAL:
            problems["kind"] = "An employee pulse is not transactional."
        if survey.public_link_enabled:
            problems["public_link_enabled"] = (
                "An employee pulse has no public link: each person answers once, anonymously."
            )
    if len(questions) > MAX_QUESTIONS:
        problems["questions"] = f"At most {MAX_QUESTIONS} questions."
    fallback = survey.default_language
    for index, question in enumerate(questions):
        for name, message in _question_problems(question, questions[:index], fallback).items():
            problems[f"questions.{question.key}.{name}"] = message
    if activating or survey.status == SurveyStatus.ACTIVE:
        if not questions:
            problems["questions"] = "An active survey needs at least one question."
        for question in questions:
            if not (question.text or {}).get(fallback):
                problems[f"questions.{question.key}.text"] = (
                    f"Give the question's text in {fallback}, the fallback language."
                )
            for choice in question.choices or []:
                if not (choice.get("label") or {}).get(fallback):
                    problems[f"questions.{question.key}.choices"] = (
                        f"Give every choice a label in {fallback}, the fallback language."
                    )
    return problems


def _check(survey: Survey, questions: Sequence[Question], *, activating: bool = False) -> None:
    problems = survey_problems(survey, questions, activating=activating)
    if problems:
        first = next(iter(problems.values()))
        raise ValidationError(f"The survey cannot be saved: {first}", field_errors=problems)


def _questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "id"))


def _touch(survey: Survey) -> None:
    """Mark the survey changed: respondents' pages cache its questions until it changes."""
    Survey.objects.filter(pk=survey.pk).update(updated_at=timezone.now())


def _lock(survey: Survey) -> Survey:
    """The survey's row, locked until the transaction ends: edits to one survey queue."""
    return Survey.objects.select_for_update().get(pk=survey.pk)


# Surveys


def create_survey(
    *,
    name: str,
    created_by: User | None,
    kind: str = SurveyKind.RELATIONSHIP,
    audience: str = Audience.CUSTOMERS,
    languages: Sequence[str] = ("en",),
    touchpoint: Touchpoint | None = None,
    title: Mapping[str, str] | None = None,
    intro: Mapping[str, str] | None = None,
    thanks: Mapping[str, str] | None = None,
    reminder_after_days: int = 5,
    public_link_enabled: bool = False,
) -> Survey:
    """A new draft survey."""
    codes = _clean_languages(languages)
    survey = Survey(
        name=name.strip(),
        kind=kind,
        audience=audience,
        languages=codes,
        touchpoint=touchpoint,
        title=_clean_texts(title, "title", codes),
        intro=_clean_texts(intro, "intro", codes),
        thanks=_clean_texts(thanks, "thanks", codes),
        reminder_after_days=reminder_after_days,
        public_link_enabled=public_link_enabled,
        created_by=created_by,
        status=SurveyStatus.DRAFT,
    )
    _check(survey, [])
    _full_clean(survey)
    with transaction.atomic():
        survey.save()
    return survey


def _full_clean(survey: Survey) -> None:
    from django.core.exceptions import ValidationError as DjangoValidationError

    from outward.core.writes import field_errors

    try:
        survey.full_clean(exclude=["public_token", "created_by"])
    except DjangoValidationError as error:
        raise ValidationError("Invalid survey.", field_errors=field_errors(error)) from error


def update_survey(survey: Survey, **changes: Any) -> Survey:
    """Change settings (name, kind, audience, touchpoint, languages, reminder, public link)."""
    unknown = set(changes) - SURVEY_FIELDS
    if unknown:
        raise ValidationError(
            "Invalid survey.", field_errors=dict.fromkeys(unknown, "Not a survey setting.")
        )
    with transaction.atomic():
        locked = _lock(survey)
        if "languages" in changes:
            changes["languages"] = _clean_languages(changes["languages"])
        for name, value in changes.items():
            setattr(locked, name, value)
        if "name" in changes:
            locked.name = str(locked.name).strip()
        _check(locked, _questions_of(locked))
        _full_clean(locked)
        locked.save()
    return locked


def set_texts(
    survey: Survey,
    language: str,
    *,
    title: str | None = None,
    intro: str | None = None,
    thanks: str | None = None,
) -> Survey:
    """Set the title, introduction and thank-you text in one language ("" clears one)."""
    with transaction.atomic():
        locked = _lock(survey)
        if language not in locked.languages:
            raise ValidationError(
                "Invalid text.",
                field_errors={"language": f"{language!r} is not one of the survey's languages."},
            )
        for name, value in (("title", title), ("intro", intro), ("thanks", thanks)):
            if value is None:
                continue
            texts = dict(getattr(locked, name) or {})
            texts.update({language: value})
            setattr(locked, name, _clean_texts(texts, name, locked.languages))
        locked.save(update_fields=["title", "intro", "thanks", "updated_at"])
    return locked


def activate_survey(survey: Survey) -> Survey:
    """Open the survey for answers; it must pass the rules for active surveys."""
    with transaction.atomic():
        locked = _lock(survey)
        _check(locked, _questions_of(locked), activating=True)
        locked.status = SurveyStatus.ACTIVE
        locked.save(update_fields=["status", "updated_at"])
    return locked


def close_survey(survey: Survey) -> Survey:
    """Stop accepting answers; what was answered stays."""
    with transaction.atomic():
        locked = _lock(survey)
        locked.status = SurveyStatus.CLOSED
        locked.save(update_fields=["status", "updated_at"])
    return locked


# Questions


def _build_question(survey: Survey, question: Question, fields: Mapping[str, Any]) -> None:
    languages = survey.languages
    for name, value in fields.items():
        if name in {"text", "help_text"}:
            value = _clean_texts(value, name, languages)
        elif name == "choices":
            value = _clean_choices(value, languages)
        elif name == "key":
            value = str(value).strip()
        elif name == "about_team" and value is not None and not isinstance(value, Team):
            raise ValidationError("Invalid question.", field_errors={"about_team": "No team."})
        setattr(question, name, value)


def add_question(survey: Survey, **fields: Any) -> Question:
    """Append a question (key, type, text per language, required, choices, scale_max,
    show_if, help_text, about_team)."""
    unknown = set(fields) - QUESTION_FIELDS
    if unknown or "key" not in fields or "type" not in fields:
        raise ValidationError(
            "Invalid question.",
            field_errors={"key": "Give a key and a type."}
            | dict.fromkeys(unknown, "Not a question field."),
        )
    with transaction.atomic():
        locked = _lock(survey)
        questions = _questions_of(locked)
        top = locked.questions.aggregate(top=Max("position"))["top"]
        question = Question(survey=locked, position=0 if top is None else top + 1)
        _build_question(locked, question, fields)
        _check(locked, [*questions, question])
        try:
            with transaction.atomic():
                question.save()
        except IntegrityError as error:
            raise Conflict(
                "Another question already has this key.", field_errors={"key": "Taken."}
            ) from error
        _touch(locked)
    return question


def update_question(question: Question, **changes: Any) -> Question:
    """Change a question; follow-ups that depend on it keep working or the change is refused."""
    unknown = set(changes) - QUESTION_FIELDS
    if unknown:
        raise ValidationError(
            "Invalid question.",
            field_errors=dict.fromkeys(unknown, "Not a question field."),
        )
    with transaction.atomic():
        survey = _lock(question.survey)
        questions = _questions_of(survey)
        target = next((q for q in questions if q.pk == question.pk), None)
        if target is None:
            raise NotFound("No such question.")
        old_key = target.key
        _build_question(survey, target, changes)
        if target.key != old_key:
            for other in questions:
                if other.show_if and other.show_if.get("question") == old_key:
                    other.show_if = {**other.show_if, "question": target.key}
        _check(survey, questions)
        for other in questions:
            if other.pk != target.pk and other.show_if and other.show_if["question"] == target.key:
                other.save(update_fields=["show_if", "updated_at"])
        target.save()
        _touch(survey)
    return target


def delete_question(question: Question) -> None:
    """Remove a question; refused while a follow-up depends on it."""
    with transaction.atomic():
        survey = _lock(question.survey)
        questions = [q for q in _questions_of(survey) if q.pk != question.pk]
        dependants = [q.key for q in questions if (q.show_if or {}).get("question") == question.key]
        if dependants:
            raise ValidationError(
                "The question cannot be deleted.",
                field_errors={"key": f"Follow-ups depend on it: {', '.join(dependants)}."},
            )
        _check(survey, questions)
        Question.objects.filter(pk=question.pk).delete()
        _renumber(questions)
        _touch(survey)


def _renumber(questions: Sequence[Question]) -> None:
    changed = []
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            changed.append(question)
    Question.objects.bulk_update(changed, ["position"])


def reorder_questions(survey: Survey, keys: Sequence[str]) -> list[Question]:
    """Put the questions in this order (every key once); follow-ups must stay after theirs."""
    with transaction.atomic():
        locked = _lock(survey)
        by_key = {q.key: q for q in _questions_of(locked)}
        if sorted(keys) != sorted(by_key):
            raise ValidationError(
                "Invalid order.", field_errors={"keys": "Name every question exactly once."}
            )
        ordered = [by_key[key] for key in keys]
        _check(locked, ordered)
        _renumber(ordered)
        _touch(locked)
    return ordered


def move_question(question: Question, step: int) -> list[Question]:
    """Move a question up (-1) or down (+1) by one place."""
    keys = [q.key for q in _questions_of(question.survey)]
    index = keys.index(question.key)
    target = min(max(index + step, 0), len(keys) - 1)
    keys.insert(target, keys.pop(index))
    return reorder_questions(question.survey, keys)


# Templates


def _in(texts: Mapping[str, str] | None, languages: Sequence[str]) -> dict[str, str]:
    return {code: text for code, text in (texts or {}).items() if code in languages}


def template_questions(
    survey: Survey, template: SurveyTemplate, languages: Sequence[str]
) -> list[Question]:
    """The template's questions for `survey` (not saved), in its texts for `languages`."""
    return [
        Question(
            survey=survey,
            position=position,
            key=q.key,
            type=q.type,
            required=q.required,
            text=_in(q.text, languages),
            help_text=_in(q.help_text, languages),
            scale_max=q.scale_max,
            show_if=q.show_if,
        )
        for position, q in enumerate(template.questions)
    ]


def create_from_template(
    template_key: str,
    *,
    name: str,
    created_by: User | None,
    languages: Sequence[str] = ("en",),
    touchpoint: Touchpoint | None = None,
) -> Survey:
    """A draft survey with the template's questions, in the template's texts for every
    language it has them in (the others are left for the builder to fill in)."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise ValidationError(
            "Unknown template.",
            field_errors={"template": f"One of {', '.join(TEMPLATES)}."},
        )
    codes = _clean_languages(languages)
    with transaction.atomic():
        survey = create_survey(
            name=name,
            created_by=created_by,
            kind=template.kind,
            audience=template.audience,
            languages=codes,
            touchpoint=touchpoint,
            title=_in(template.title, codes),
            intro=_in(template.intro, codes),
            thanks=_in(template.thanks, codes),
        )
        questions = template_questions(survey, template, codes)
        _check(survey, questions)
        Question.objects.bulk_create(questions)
        _touch(survey)
    survey.refresh_from_db(fields=["updated_at"])
    return survey
