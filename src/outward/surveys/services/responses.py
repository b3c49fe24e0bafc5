"""Answering a survey: from an e-mailed invitation (signed, single-use, expiring link), from
the public anonymous link, or from the website snippet (the public link in an iframe).

Answers are saved as the respondent goes (every change or "next" is a partial save) and the
response is completed once. A double submit stores one response: an invitation's row is
locked while its answers are written and the response hangs off it one-to-one; a public
link's form carries a random `submission_key` (unique in the table). A customer's completed
response becomes one FeedbackItem (source "survey", external id = the response id, so a
retry never stores a second). An employee's pulse response keeps only their team, never a
link to them or to their invitation.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from outward.accounts.models import User
from outward.core import audit
from outward.core.errors import NotFound, OutwardError
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.feedback.services import record_checked_feedback
from outward.surveys import rollups
from outward.surveys.choices import Audience, Channel, QuestionType, SurveyStatus
from outward.surveys.models import Invitation, Question, Response, Survey
from outward.surveys.services.building import CHOICE_TYPES, scale_of
from outward.surveys.tokens import find_invitation

MAX_ANSWER_CHARS = 5_000
SUBMISSION_KEY_BYTES = 24  # 192 bits; 32 URL-safe characters


class LinkUsed(OutwardError):
    """This invitation (or this public form) has already been answered."""

    status = 409

    def __init__(self, response: Response | None = None) -> None:
        super().__init__("This survey has already been answered. Thank you!")
        self.response = response


class LinkExpired(OutwardError):
    status = 410

    def __init__(self) -> None:
        super().__init__("This survey link has expired.")


class SurveyClosed(OutwardError):
    status = 410

    def __init__(self) -> None:
        super().__init__("This survey is closed.")


@dataclass(frozen=True)
class Checked:
    """Answers checked against the questions: valid answers to visible questions only, and
    an error code per question key ("required", "range", "choice", "too_long"; "__all__":
    "empty" when a completion carries no answer at all)."""

    answers: dict[str, Any]
    errors: dict[str, str]
    visible: frozenset[str]


@dataclass(frozen=True)
class Saved:
    response: Response | None
    answers: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    completed: bool = False
    # Follow-ups the answers now call for that the respondent has not been shown yet (the
    # page without JavaScript learns of them only on submit): complete after answering them.
    revealed: frozenset[str] = frozenset()


def new_submission_key() -> str:
    return secrets.token_urlsafe(SUBMISSION_KEY_BYTES)


# Checking answers


def _values(raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if value is None:
        return []
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, Sequence):
        return []
    return [str(v).replace("\x00", "").strip() for v in value if v is not None]


def _check_one(question: Question, values: list[str]) -> tuple[Any, str]:
    """(answer or None, error code or "")."""
    values = [v for v in values if v]
    if not values:
        return None, ""
    if question.type == QuestionType.TEXT:
        text = values[-1]
        return (None, "too_long") if len(text) > MAX_ANSWER_CHARS else (text, "")
    if question.type in CHOICE_TYPES:
        allowed = [str(c.get("value")) for c in question.choices or []]
        if any(v not in allowed for v in values):
            return None, "choice"
        if question.type == QuestionType.SINGLE_CHOICE:
            return values[-1], ""
        return [v for v in allowed if v in values], ""
    scale = scale_of(question)
    if scale is None:
        return None, ""
    text = values[-1]
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 3:
        return None, "range"
    number = int(text)
    if not scale[0] <= number <= scale[1]:
        return None, "range"
    return number, ""


def is_visible(question: Question, answers: Mapping[str, Any]) -> bool:
    """A follow-up shows when the answer it depends on lies in its range."""
    rule = question.show_if
    if not rule:
        return True
    value = answers.get(str(rule.get("question")))
    return isinstance(value, int) and int(rule["min"]) <= value <= int(rule["max"])


def check_answers(
    questions: Sequence[Question], raw: Mapping[str, Any], *, complete: bool
) -> Checked:
    """Validate raw form values (question key -> value or list of values) in question order.

    Hidden follow-ups' answers are dropped; a required question is missing only if visible
    and only when completing. Unknown keys are ignored.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    visible: set[str] = set()
    for question in questions:
        if not is_visible(question, answers):
            continue
        visible.add(question.key)
        value, error = _check_one(question, _values(raw, question.key))
        if error:
            errors[question.key] = error
        elif value is not None:
            answers[question.key] = value
        elif complete and question.required:
            errors[question.key] = "required"
    if complete and not answers and not errors:
        errors["__all__"] = "empty"
    return Checked(answers, errors, frozenset(visible))


# Opening a link


@dataclass(frozen=True)
class Opened:
    invitation: Invitation
    locked: bool  # read under its row lock, in the transaction the `opening` block holds


@contextmanager
def opening(token: str) -> Iterator[Opened]:
    """The invitation behind a token, for saving its answers inside the block (pass
    `locked=opened.locked` to `save_answers`). Raises InvalidToken.

    Where the database locks rows (PostgreSQL) the block is one transaction that reads the
    invitation under its row lock, and the save reuses that read: one query per submit
    fewer. SQLite locks the whole database for a writing transaction, so there the invitation
    is read first, unlocked, and the save re-reads it under the lock it holds only for its
    writes (a longer lock there costs every other writer).
    """
    if not connection.features.has_select_for_update:
        yield Opened(find_invitation(token), locked=False)
        return
    with transaction.atomic():
        yield Opened(find_invitation(token, for_update=True), locked=True)


def check_invitation(invitation: Invitation, *, now: datetime | None = None) -> None:
    """LinkUsed, LinkExpired or SurveyClosed when this invitation may not be answered."""
    if invitation.responded_at is not None:
        raise LinkUsed()
    if invitation.is_expired(now):
        raise LinkExpired()
    if invitation.survey.status != SurveyStatus.ACTIVE:
        raise SurveyClosed()


def public_survey(public_token: str) -> Survey:
    """The survey behind a public link (or snippet); NotFound unless its link is enabled."""
    survey = Survey.objects.filter(public_token=public_token, public_link_enabled=True).first()
    if survey is None or survey.audience != Audience.CUSTOMERS:
        raise NotFound("This survey link is not valid.")
    if survey.status != SurveyStatus.ACTIVE:
        raise SurveyClosed()
    return survey


def _pulse_key(invitation: Invitation) -> str:
    """The key of an employee's response while it is partial, derived from the invitation
    with the secret key: nobody can link it without both, and it is erased on completion."""
    return salted_hmac(
        "outward.surveys.pulse-partial", invitation.nonce, algorithm="sha256"
    ).hexdigest()


def stored_response(
    survey: Survey, *, invitation: Invitation | None = None, submission_key: str = ""
) -> Response | None:
    """The response saved so far on this invitation or public form, if any."""
    if invitation is not None:
        if invitation.survey.audience == Audience.EMPLOYEES:
            return Response.objects.filter(submission_key=_pulse_key(invitation)).first()
        return Response.objects.filter(invitation=invitation).first()
    if not submission_key:
        return None
    return Response.objects.filter(survey=survey, submission_key=submission_key).first()


# Saving

# Survey id -> (its updated_at, its questions). Every question write touches the survey
# (`building._touch`), so an entry is used only while the survey row is unchanged; the
# survey itself is read fresh on every request. Per process; entries are read-only.
_QUESTIONS: dict[Any, tuple[datetime, tuple[Question, ...]]] = {}
_QUESTIONS_KEPT = 256


def questions_for(invitation: Invitation, questions: list[Question]) -> list[Question]:
    """What this invitation's respondent is asked: an employee is not asked to rate their own
    team as its internal customer (pulse rule: a team's members' ratings of it do not count)."""
    if invitation.employee_id is None:
        return questions
    team_id = (
        User.objects.filter(pk=invitation.employee_id).values_list("team_id", flat=True).first()
    )
    if team_id is None:
        return questions
    return [q for q in questions if q.about_team_id != team_id]


def survey_questions(survey: Survey) -> list[Question]:
    """The survey's questions in order, from the process's cache while the survey is
    unchanged (respondents' pages read them on every request)."""
    cached = _QUESTIONS.get(survey.pk)
    if cached is not None and cached[0] == survey.updated_at:
        return list(cached[1])
    questions = tuple(survey.questions.order_by("position", "id"))
    if len(_QUESTIONS) >= _QUESTIONS_KEPT:
        _QUESTIONS.clear()
    _QUESTIONS[survey.pk] = (survey.updated_at, questions)
    return list(questions)


def save_answers(
    *,
    survey: Survey,
    raw: Mapping[str, Any],
    complete: bool,
    language: str,
    invitation: Invitation | None = None,
    submission_key: str = "",
    channel: str = Channel.LINK,
    shown: Collection[str] | None = None,
    now: datetime | None = None,
    locked: bool = False,
) -> Saved:
    """Save the respondent's answers (partially, or completing the response).

    With `invitation`: single use and expiry are checked under a lock on its row (re-read
    here, or, with `locked`, read so by the caller's `opening` block, still open: one query
    fewer). Without: the public link or snippet, keyed by `submission_key`. `shown` names the
    questions the page displayed; a follow-up the answers reveal that is not among them stops
    completion (`Saved.revealed`). Raises LinkUsed, LinkExpired, SurveyClosed.
    """
    now = now or timezone.now()
    if language not in survey.languages:
        language = survey.default_language
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked=True needs the transaction that read the invitation")
    # Respondents act for themselves: a signed-in employee answering the pulse must not be
    # recorded as the author of the (anonymous) response in the audit log. Inside the
    # caller's transaction no savepoint is needed: an error rolls all of it back.
    with audit.acting_as(), transaction.atomic(savepoint=not locked):
        if invitation is not None:
            if not locked:
                invitation = _lock_invitation(invitation)
            check_invitation(invitation, now=now)
            survey = invitation.survey
            # Every save of answers marks the invitation opened, so an unopened one has none.
            response = (
                stored_response(survey, invitation=invitation)
                if invitation.opened_at is not None
                else None
            )
        else:
            if survey.status != SurveyStatus.ACTIVE:
                raise SurveyClosed()
            response = _lock_public(survey, submission_key)
        questions = survey_questions(survey)
        checked = check_answers(questions, raw, complete=complete)
        revealed: frozenset[str] = frozenset()
        if shown is not None:
            revealed = frozenset(
                key for key in checked.visible - set(shown) if key not in checked.answers
            )
        finishing = complete and not checked.errors and not revealed
        if response is None:
            if not checked.answers and not finishing:
                _mark_opened(invitation, now)
                return Saved(None, checked.answers, checked.errors, revealed=revealed)
            response = _new_response(survey, invitation, submission_key, channel)
        response.answers = checked.answers
        response.language = language
        if survey.audience == Audience.EMPLOYEES:
            now = _pulse_day(now)
        if finishing:
            _complete(response, survey, questions, invitation, now)
        response.save()
        if finishing and survey.audience == Audience.EMPLOYEES:
            Response.objects.filter(pk=response.pk).update(created_at=now, updated_at=now)
        if invitation is not None:
            _mark_opened(invitation, now, responded=finishing)
    return Saved(response, checked.answers, checked.errors, finishing, revealed)


def _pulse_day(now: datetime) -> datetime:
    """Pulse times are kept to the day, on the response and on the invitation alike: exact
    times would let anyone who reads both tables pair an answer with the person who sent it."""
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def _lock_invitation(invitation: Invitation) -> Invitation:
    """Re-read the invitation's state under a lock on its row: of two concurrent submits,
    the second sees the first's `responded_at`."""
    state = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(pk=invitation.pk)
        .values_list("responded_at", "opened_at", "expires_at", "survey__status")
        .first()
    )
    if state is None:
        raise NotFound("This survey link is not valid.")
    invitation.responded_at, invitation.opened_at, invitation.expires_at, status = state
    invitation.survey.status = status
    return invitation


def _lock_public(survey: Survey, submission_key: str) -> Response | None:
    if not submission_key:
        raise NotFound("This survey form is not valid; please reload the page.")
    response = Response.objects.select_for_update().filter(submission_key=submission_key).first()
    if response is None:
        return None
    if response.survey_id != survey.pk:
        raise NotFound("This survey form is not valid; please reload the page.")
    if response.completed_at is not None:
        raise LinkUsed(response)
    return response


def _new_response(
    survey: Survey, invitation: Invitation | None, submission_key: str, channel: str
) -> Response:
    response = Response(survey=survey)
    if invitation is None:
        response.channel = channel
        response.submission_key = submission_key
        # Claim the key now: of two concurrent first saves of one form, the second waits
        # for the first (unique index) and then finds its row instead of adding another.
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:
            stored = _lock_public(survey, submission_key)
            if stored is None:
                raise
            return stored
        return response
    response.channel = Channel.EMAIL
    if survey.audience == Audience.EMPLOYEES:
        response.submission_key = _pulse_key(invitation)
        response.team_id = invitation.employee.team_id if invitation.employee else None
    else:
        response.invitation = invitation
        response.customer_id = invitation.customer_id
    return response


def _mark_opened(invitation: Invitation | None, now: datetime, responded: bool = False) -> None:
    if invitation is None:
        return
    changes: dict[str, Any] = {}
    if invitation.opened_at is None:
        changes["opened_at"] = now
    if responded:
        changes["responded_at"] = now
    if changes:
        Invitation.objects.filter(pk=invitation.pk).update(**changes)
        for name, value in changes.items():
            setattr(invitation, name, value)


def _complete(
    response: Response,
    survey: Survey,
    questions: Sequence[Question],
    invitation: Invitation | None,
    now: datetime,
) -> None:
    response.completed_at = now
    if survey.audience == Audience.EMPLOYEES:
        # Completed: nothing ties the answers to a person any more (team at answer time only).
        response.submission_key = None
        response.invitation = None
        if invitation is not None and invitation.employee is not None:
            response.team_id = invitation.employee.team_id
        return
    response.feedback = record_checked_feedback(_item(response, survey, questions, invitation))
    rollups.add(response, survey, questions)


def _label(question: Question, language: str, fallback: str) -> str:
    texts = question.text or {}
    return str(texts.get(language) or texts.get(fallback) or question.key)


def _choice_label(question: Question, value: str, language: str, fallback: str) -> str:
    for choice in question.choices or []:
        if choice.get("value") == value:
            labels = choice.get("label") or {}
            return str(labels.get(language) or labels.get(fallback) or value)
    return value


def _item(
    response: Response,
    survey: Survey,
    questions: Sequence[Question],
    invitation: Invitation | None,
) -> FeedbackItem:
    answers = response.answers
    language, fallback = response.language, survey.default_language
    scores: dict[str, int | None] = {"nps": None, "csat": None, "ces": None}
    # The item's text is the customer's own words only: a question's wording ("What should we
    # fix first?") analysed as theirs gave every answer a cue it never said. The questions
    # asked are kept in raw, by answer key, for whoever reads the item.
    texts: list[str] = []
    choices: list[str] = []
    asked: dict[str, str] = {}
    for question in questions:
        value = answers.get(question.key)
        if value is None:
            continue
        asked[question.key] = _label(question, language, fallback)
        if question.type in scores and scores[question.type] is None:
            scores[question.type] = int(value)
        elif question.type == QuestionType.TEXT:
            texts.append(str(value))
        elif question.type in CHOICE_TYPES:
            picked = value if isinstance(value, list) else [value]
            choices.append(
                ", ".join(_choice_label(question, v, language, fallback) for v in picked)
            )
    text = "\n\n".join(texts)
    if not text and all(v is None for v in scores.values()):
        text = "\n\n".join(choices)  # an item needs a text or a score
    touchpoint_id = survey.touchpoint_id
    if invitation is not None and invitation.touchpoint_id is not None:
        touchpoint_id = invitation.touchpoint_id
    return FeedbackItem(
        source=Source.SURVEY,
        external_id=str(response.pk),
        customer_id=response.customer_id,
        touchpoint_id=touchpoint_id,
        language=language,
        nps=scores["nps"],
        csat=scores["csat"],
        ces=scores["ces"],
        text=text,
        occurred_at=response.completed_at or timezone.now(),
        raw={
            "answers": answers,
            "questions": asked,
            "survey_id": str(survey.pk),
            "survey_name": survey.name,
            "survey_kind": survey.kind,
            "channel": response.channel,
            "invitation_id": str(invitation.pk) if invitation is not None else None,
        },
    )
