"""Who should take a case: the qualified people (every skill the case needs), present
(not away), of the case's team when it has one, ranked by their open load, then by serving
the customer's region, then by skill level; each proposal says why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from outward.accounts.models import User, UserSkill
from outward.cases.choices import ACTIVE_STATUSES
from outward.cases.models import Case
from outward.core.roles import Role

WORKER_ROLES = (Role.AGENT, Role.FIELD_TECHNICIAN, Role.MANAGER)
PROPOSALS = 5


@dataclass(frozen=True)
class Proposal:
    user: User
    load: int
    levels: dict[str, int]  # skill name -> level
    same_region: bool

    @property
    def reason(self) -> str:
        skills = ", ".join(f"{name} (level {level})" for name, level in self.levels.items())
        parts = [f"holds {skills}" if skills else "no special skill needed"]
        parts.append(f"{self.load} open case{'s' if self.load != 1 else ''}")
        if self.same_region:
            parts.append("serves the customer's region")
        return "; ".join(parts)


def propose(case: Case, today: dt.date | None = None, limit: int = PROPOSALS) -> list[Proposal]:
    """The best people for the case, best first."""
    today = today or timezone.localdate()
    needed = list(case.required_skills.values_list("pk", "name"))
    people = User.objects.filter(is_active=True, role__in=WORKER_ROLES).filter(
        Q(away_until__isnull=True) | Q(away_until__lt=today)
    )
    if case.team_id is not None:
        people = people.filter(team_id=case.team_id)
    for skill_id, _ in needed:
        people = people.filter(skills__skill_id=skill_id, skills__level__gte=1)
    people = people.select_related("team").annotate(
        load=Count("cases", filter=Q(cases__status__in=ACTIVE_STATUSES), distinct=True)
    )
    found = list(people.distinct())
    levels: dict[int, dict[str, int]] = {}
    names = dict(needed)
    for user_id, skill_id, level in UserSkill.objects.filter(
        user__in=[p.pk for p in found], skill_id__in=list(names)
    ).values_list("user_id", "skill_id", "level"):
        levels.setdefault(user_id, {})[names[skill_id]] = level
    region = case.customer.region
    proposals = [
        Proposal(
            user=p,
            load=int(getattr(p, "load", 0)),
            levels=levels.get(p.pk, {}),
            same_region=bool(region and p.team and p.team.region == region),
        )
        for p in found
    ]
    proposals.sort(
        key=lambda p: (p.load, not p.same_region, -sum(p.levels.values()), p.user.username)
    )
    return proposals[:limit]
