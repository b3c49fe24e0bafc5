"""The demo's employee pulse: a round every quarter of the demo year, answered by the staff.

Planted truth 8, the employee side: the teams whose customers are less satisfied have a lower
pulse. Support Desk South's people feel ill-equipped (low "I have what I need", low eNPS) and
rate the departments that should support them poorly; the other desks are content. The field
crews, Onboarding, Customer Insight and Leadership have fewer than 5 people, so their results
stay hidden, which shows the anonymity rule at work. Desk staff answer every round (their
managers make time for it); the others answer with probability `SMALL_TEAM_RATE`.

Invitations and responses are drawn independently, so the demo's own data cannot be joined
back from a response to the person who gave it.
"""

from __future__ import annotations

import base64
import random
from datetime import date, datetime, timedelta

from django.db.models import Q

from outward.accounts.models import Team, User
from outward.demo.company import STAFF_DOMAIN, STRUGGLING_DESK, TEAMS, at, new_uuid
from outward.pulse.models import PulseRound
from outward.pulse.services import (
    COMMENT_KEY,
    COMMENT_TEXT,
    ENPS_KEY,
    ENPS_TEXT,
    EQUIPPED_KEY,
    EQUIPPED_TEXT,
    RATING_MAX,
    serves_key,
    serves_text,
)
from outward.surveys.choices import Audience, Channel, QuestionType, SurveyStatus, Trigger
from outward.surveys.models import Invitation, Question, Response, SkippedInvitation, Survey

ROUND_DAYS_BEFORE = (330, 240, 150, 60)  # quarterly, the last one two months ago
OPEN_DAYS = 14
SMALL_TEAM_RATE = 0.75
DESKS_ANSWER_IN_FULL = ("Support Desk North", "Support Desk South", "Support Desk West")
RATED = ("Leadership", "Customer Insight", "Field Crew East", "Field Crew West", "Onboarding")

# team -> (eNPS answer centre 0..10, "equipped" centre 1..5)
MOOD: dict[str, tuple[float, float]] = {
    "Leadership": (8.5, 4.3),
    "Customer Insight": (8.0, 4.0),
    "Support Desk North": (8.3, 4.1),
    STRUGGLING_DESK: (4.6, 2.2),
    "Support Desk West": (8.4, 4.2),
    "Field Crew East": (8.8, 4.4),
    "Field Crew West": (8.6, 4.3),
    "Onboarding": (7.8, 3.9),
}
# rated department -> how well it serves the others (1..5); South feels left alone.
SERVICE = {
    "Leadership": 3.6,
    "Customer Insight": 3.9,
    "Field Crew East": 4.3,
    "Field Crew West": 4.2,
    "Onboarding": 3.8,
}
SOUTH_SERVICE_PENALTY = 1.3
COMMENT_RATE = 0.35
COMMENTS_LOW = (
    "We were never trained on the new models; I learn them from the customers on the phone.",
    "Too many calls in the queue and nobody to escalate to in the afternoons.",
    "The knowledge base is out of date, so we put customers on hold while we ask around.",
    "I would like a proper handover when a field visit is booked; now we call back blind.",
)
COMMENTS_HIGH = (
    "Good tools and a team that helps each other; more time for training would be great.",
    "The new parts catalogue saves us a lot of calls.",
    "Clear priorities this quarter, thanks.",
    "Shadowing the field crew for a day helped me answer customers better.",
)


def _nonce(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def generate_pulse(seed: int, today: date) -> int:
    """Write the demo's pulse rounds; returns how many responses were stored."""
    rng = random.Random(f"outward-demo-pulse-{seed}")
    teams = {t.name: t for t in Team.objects.filter(name__in=[name for name, _ in TEAMS])}
    staff = list(
        User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}", is_active=True)
        .select_related("team")
        .order_by("username")
    )
    rated = [teams[name] for name in RATED if name in teams]
    surveys, questions, rounds, invitations, responses = [], [], [], [], []
    for days_before in ROUND_DAYS_BEFORE:
        opened = at(today - timedelta(days=days_before), rng, 8, 10)
        closes = opened + timedelta(days=OPEN_DAYS)
        quarter = (opened.month - 1) // 3 + 1
        survey = Survey(
            id=new_uuid(rng),
            name=f"Pulse Q{quarter} {opened.year}",
            audience=Audience.EMPLOYEES,
            status=SurveyStatus.CLOSED,
            title={"en": "How are things at work?"},
            public_token=_nonce(rng),
            reminder_after_days=0,
        )
        surveys.append(survey)
        questions.extend(_questions(survey, rated))
        rounds.append(
            PulseRound(id=new_uuid(rng), survey=survey, opened_at=opened, closes_at=closes)
        )
        answered_times = []
        for person in staff:
            team = person.team.name if person.team else ""
            answers = team in DESKS_ANSWER_IN_FULL or rng.random() < SMALL_TEAM_RATE
            responded_at = _answer_time(opened, rng) if answers else None
            invitations.append(
                Invitation(
                    id=new_uuid(rng),
                    survey=survey,
                    employee=person,
                    trigger=Trigger.PULSE,
                    email=person.email,
                    nonce=_nonce(rng),
                    sent_at=opened,
                    responded_at=responded_at,
                    expires_at=closes,
                )
            )
            if answers:
                answered_times.append((person.team, _answers(team, rated, rng)))
        _not_unanimous([a for t, a in answered_times if t and t.name == STRUGGLING_DESK])
        for team_obj, answer in answered_times:
            responses.append(
                Response(
                    id=new_uuid(rng),
                    survey=survey,
                    team=team_obj,
                    channel=Channel.EMAIL,
                    answers=answer,
                    completed_at=_answer_time(opened, rng),
                )
            )
    Survey.objects.bulk_create(surveys)
    Question.objects.bulk_create(questions)
    PulseRound.objects.bulk_create(rounds)
    Invitation.objects.bulk_create(invitations, batch_size=500)
    Response.objects.bulk_create(responses, batch_size=500)
    return len(responses)


def _not_unanimous(desk: list[dict[str, object]]) -> None:
    """The struggling desk is unhappy, not unanimous: its most hopeful member answers at
    least 7, so the desk of five shows its eNPS rather than only its band (pulse rule 6)."""
    if desk and all(int(str(a[ENPS_KEY])) <= 6 for a in desk):
        hopeful = max(desk, key=lambda a: int(str(a[ENPS_KEY])))
        hopeful[ENPS_KEY] = 7


def _answer_time(opened: datetime, rng: random.Random) -> datetime:
    day = opened.date() + timedelta(days=rng.randint(0, OPEN_DAYS - 1))
    return max(at(day, rng, 8, 18), opened + timedelta(minutes=5))


def _questions(survey: Survey, rated: list[Team]) -> list[Question]:
    rows = [
        Question(survey=survey, key=ENPS_KEY, type=QuestionType.NPS, required=True,
                 text={"en": ENPS_TEXT}),
        Question(survey=survey, key=EQUIPPED_KEY, type=QuestionType.RATING,
                 scale_max=RATING_MAX, text={"en": EQUIPPED_TEXT}),
        *[
            Question(survey=survey, key=serves_key(team.pk), type=QuestionType.RATING,
                     scale_max=RATING_MAX, text={"en": serves_text(team)}, about_team=team)
            for team in rated
        ],
        Question(survey=survey, key=COMMENT_KEY, type=QuestionType.TEXT,
                 text={"en": COMMENT_TEXT}),
    ]  # fmt: skip
    for position, question in enumerate(rows):
        question.position = position
    return rows


def _answers(team: str, rated: list[Team], rng: random.Random) -> dict[str, object]:
    enps_centre, equipped_centre = MOOD.get(team, (7.5, 3.8))
    answers: dict[str, object] = {
        ENPS_KEY: _clip(rng.gauss(enps_centre, 1.4), 0, 10),
        EQUIPPED_KEY: _clip(rng.gauss(equipped_centre, 0.7), 1, RATING_MAX),
    }
    for department in rated:
        if department.name == team:
            continue
        centre = SERVICE[department.name] - (
            SOUTH_SERVICE_PENALTY if team == "Support Desk South" else 0
        )
        answers[serves_key(department.pk)] = _clip(rng.gauss(centre, 0.8), 1, RATING_MAX)
    if rng.random() < COMMENT_RATE:
        bank = COMMENTS_LOW if enps_centre < 6 else COMMENTS_HIGH
        answers[COMMENT_KEY] = rng.choice(bank)
    return answers


def delete_demo_pulse() -> None:
    """Remove the pulse rounds that involve the demo's teams or staff (before those go)."""
    demo_teams = [name for name, _ in TEAMS]
    surveys = Survey.objects.filter(audience=Audience.EMPLOYEES).filter(
        Q(questions__about_team__name__in=demo_teams)
        | Q(invitations__employee__email__endswith=f"@{STAFF_DOMAIN}")
        | Q(responses__team__name__in=demo_teams)
    )
    ids = list(surveys.values_list("pk", flat=True).distinct())
    Response.objects.filter(survey_id__in=ids).delete()
    Invitation.objects.filter(survey_id__in=ids).delete()
    SkippedInvitation.objects.filter(survey_id__in=ids).delete()
    Survey.objects.filter(pk__in=ids).delete()
