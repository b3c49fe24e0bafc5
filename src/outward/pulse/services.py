"""Employee pulse rounds: start one (its survey, questions and invitations) and send it.

A round is a survey of audience "employees" with a fixed core (eNPS, and optionally "I have
what I need to serve our customers" and a free-text comment) plus internal-customer ratings:
one "How well does <Team> serve you?" question per selected department. Employees are not
subject to the customers' fatigue rule, but each person gets one invitation per round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outward.accounts.models import Team, User
from outward.core.errors import NotFound, ValidationError
from outward.pulse.models import PulseRound
from outward.surveys.choices import QuestionType
from outward.surveys.models import Survey
from outward.surveys.services import building, employee_invitations, invitations

if TYPE_CHECKING:
    from django.db.models import QuerySet

ENPS_KEY = "enps"
EQUIPPED_KEY = "equipped"
COMMENT_KEY = "comment"
SERVES_PREFIX = "serves_"
RATING_MAX = 5
MAX_OPEN_DAYS = 60
DEFAULT_OPEN_DAYS = 14

ENPS_TEXT = "How likely are you to recommend working here to a friend?"
EQUIPPED_TEXT = "I have what I need to serve our customers."
SERVES_HELP = "1 = poorly, 5 = very well. Skip the question about your own team."
COMMENT_TEXT = "What one thing would help you serve our customers better?"


def serves_key(team_id: int) -> str:
    """The answer key of the internal-customer rating of one team."""
    return f"{SERVES_PREFIX}{team_id}"


def serves_text(team: Team) -> str:
    return f"How well does {team.name} serve you?"


@dataclass(frozen=True)
class RoundStarted:
    round: PulseRound
    invited: int
    skipped: int


def start_round(
    *,
    name: str,
    rated_team_ids: Sequence[int] = (),
    ask_equipped: bool = True,
    ask_comment: bool = True,
    open_days: int = DEFAULT_OPEN_DAYS,
    started_by: User | None = None,
    invites_without_team: bool = False,
    now: datetime | None = None,
) -> RoundStarted:
    """Create the round's survey and questions, invite every active employee (everyone in a
    team; with `invites_without_team` also the accounts in none, such as the admin), and send
    the invitations once the transaction commits."""
    now = now or timezone.now()
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the round a name."
    elif len(name) > 200:
        errors["name"] = "At most 200 characters."
    if not 1 <= open_days <= MAX_OPEN_DAYS:
        errors["open_days"] = f"Between 1 and {MAX_OPEN_DAYS} days."
    wanted = list(dict.fromkeys(rated_team_ids))
    teams = {t.pk: t for t in Team.objects.filter(pk__in=wanted)}
    if missing := [str(pk) for pk in wanted if pk not in teams]:
        errors["rated_teams"] = f"No team with id {', '.join(missing)}."
    if errors:
        raise ValidationError("The pulse round cannot start.", field_errors=errors)

    with transaction.atomic():
        survey = _build_survey(
            name, [teams[pk] for pk in wanted], ask_equipped, ask_comment, started_by
        )
        pulse = PulseRound.objects.create(
            survey=survey,
            opened_at=now,
            closes_at=now + timedelta(days=open_days),
            started_by=started_by,
            invites_without_team=invites_without_team,
        )
        invited, skipped = _invite(pulse, now)
    return RoundStarted(pulse, invited, skipped)


def _build_survey(
    name: str,
    rated: Sequence[Team],
    ask_equipped: bool,
    ask_comment: bool,
    started_by: User | None,
) -> Survey:
    """The surveys engine's employee-pulse template (eNPS, equipped, comment), trimmed to the
    questions chosen, with one internal-customer rating per rated team before the comment."""
    survey = building.create_from_template("employee_pulse", name=name, created_by=started_by)
    building.set_texts(
        survey,
        "en",
        intro="This pulse is anonymous: we keep only your team with your answers, and never "
        f"show results for a group of fewer than {settings.OUTWARD_PULSE_MIN_GROUP} people.",
    )
    # Employees get no reminder: the round is short, and a nudge can feel like pressure.
    survey = building.update_survey(survey, reminder_after_days=0)
    unwanted = {EQUIPPED_KEY} if not ask_equipped else set()
    unwanted |= {COMMENT_KEY} if not ask_comment else set()
    for question in survey.questions.filter(key__in=unwanted):
        building.delete_question(question)
    for team in rated:
        building.add_question(
            survey,
            key=serves_key(team.pk),
            type=QuestionType.RATING,
            scale_max=RATING_MAX,
            text={"en": serves_text(team)},
            help_text={"en": SERVES_HELP},
            about_team=team,
        )
    keys = list(survey.questions.order_by("position", "id").values_list("key", flat=True))
    if COMMENT_KEY in keys:
        building.reorder_questions(survey, [k for k in keys if k != COMMENT_KEY] + [COMMENT_KEY])
    return building.activate_survey(survey)


def invite_employees(round_id: Any, *, now: datetime | None = None) -> RoundStarted:
    """Invite the active employees not yet invited to an open round (new joiners); a retry
    invites nobody twice."""
    now = now or timezone.now()
    with transaction.atomic():
        pulse = _round_for_update(round_id)
        if now >= pulse.closes_at:
            raise ValidationError("This pulse round is closed.")
        invited, skipped = _invite(pulse, now)
    return RoundStarted(pulse, invited, skipped)


def _round_for_update(round_id: Any) -> PulseRound:
    try:
        return PulseRound.objects.select_for_update().select_related("survey").get(pk=round_id)
    except (PulseRound.DoesNotExist, ValueError, TypeError) as missing:
        raise NotFound("No such pulse round.") from missing


def _invite(pulse: PulseRound, now: datetime) -> tuple[int, int]:
    staff: QuerySet[User] = User.objects.filter(is_active=True).order_by("pk")
    if not pulse.invites_without_team:
        staff = staff.filter(team__isnull=False)
    return employee_invitations.invite_employees(pulse.survey, staff, expires_at=pulse.closes_at)


def send_round_invitations(round_id: str, *, now: datetime | None = None) -> int:
    """E-mail every unsent invitation of the round (by the surveys' one send path); returns
    how many went out."""
    try:
        pulse = PulseRound.objects.get(pk=round_id)
    except (PulseRound.DoesNotExist, ValueError) as missing:
        raise NotFound("No such pulse round.") from missing
    return invitations.send_pending_invitations(pulse.survey_id, now=now)
