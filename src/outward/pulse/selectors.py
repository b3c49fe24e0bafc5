"""Read queries behind the pulse pages, export and API; results come out anonymised."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet

from outward.accounts.models import Team
from outward.pulse.models import PulseRound
from outward.pulse.results import PulseAnswers, RoundResults, compute_results
from outward.pulse.services import COMMENT_KEY, EQUIPPED_KEY
from outward.surveys.models import Invitation, Question, Response


def rounds() -> QuerySet[PulseRound]:
    """Every round, newest first, with its invitation and response counts (one query)."""
    return (
        PulseRound.objects.select_related("survey")
        .annotate(
            invited=Count("survey__invitations", distinct=True),
            responded=Count(
                "survey__invitations",
                filter=Q(survey__invitations__responded_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-opened_at", "id")
    )


def get_round(round_id: Any) -> PulseRound | None:
    return PulseRound.objects.select_related("survey").filter(pk=round_id).first()


def team_names() -> dict[int, str]:
    return dict(Team.objects.values_list("pk", "name"))


def responses_by_survey(survey_ids: list[Any]) -> dict[Any, list[PulseAnswers]]:
    """The completed responses of these surveys: team and answers only (who is never stored)."""
    found: dict[Any, list[PulseAnswers]] = {pk: [] for pk in survey_ids}
    rows = (
        Response.objects.filter(survey_id__in=survey_ids, completed_at__isnull=False)
        .order_by("completed_at", "id")
        .values_list("survey_id", "team_id", "answers")
    )
    for survey_id, team_id, answers in rows:
        found[survey_id].append(PulseAnswers(team_id, answers if isinstance(answers, dict) else {}))
    return found


def round_results(pulse: PulseRound) -> RoundResults:
    """The results of one round, anonymised (see `outward.pulse.results`)."""
    return results_of([pulse])[pulse.pk]


def results_of(pulses: list[PulseRound]) -> dict[Any, RoundResults]:
    """The anonymised results of several rounds, in five queries whatever their number."""
    survey_ids = [p.survey_id for p in pulses]
    names = team_names()
    responses = responses_by_survey(survey_ids)
    questions: dict[Any, list[tuple[str, int | None]]] = {pk: [] for pk in survey_ids}
    for survey_id, key, team_id in (
        Question.objects.filter(survey_id__in=survey_ids)
        .order_by("position", "id")
        .values_list("survey_id", "key", "about_team_id")
    ):
        questions[survey_id].append((key, team_id))
    invited: dict[Any, Counter[int | None]] = {pk: Counter() for pk in survey_ids}
    responded: dict[Any, Counter[int | None]] = {pk: Counter() for pk in survey_ids}
    for survey_id, team_id, responded_at in Invitation.objects.filter(
        survey_id__in=survey_ids, employee__isnull=False
    ).values_list("survey_id", "employee__team_id", "responded_at"):
        invited[survey_id][team_id] += 1
        if responded_at is not None:
            responded[survey_id][team_id] += 1
    found = {}
    for pulse in pulses:
        sid = pulse.survey_id
        keys = {key for key, _ in questions[sid]}
        found[pulse.pk] = compute_results(
            responses=responses[sid],
            team_names=names,
            rated_teams=[
                (team_id, names.get(team_id, f"Team {team_id}"), key)
                for key, team_id in questions[sid]
                if team_id is not None
            ],
            invited_by_team=invited[sid],
            responded_by_team=responded[sid],
            asks_equipped=EQUIPPED_KEY in keys,
            asks_comment=COMMENT_KEY in keys,
        )
    return found
