"""The skills gap: how much recent work needs each skill against the people who hold it,
and skills whose holders' verification is stale (people's skills change over time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from outward.accounts.models import Skill
from outward.cases.models import Case

DEMAND_DAYS = 90
STALE_DAYS = 365
QUALIFIED_LEVEL = 3  # of 1-5: can take the work alone


@dataclass(frozen=True)
class SkillGap:
    skill: Skill
    demand: int  # cases opened in the window that need it
    qualified: int  # active holders at QUALIFIED_LEVEL or above
    holders: int
    stale: int  # holders whose level was verified over a year ago, or never
    last_verified: dt.date | None

    @property
    def load_per_qualified(self) -> float | None:
        return self.demand / self.qualified if self.qualified else None

    @property
    def gap(self) -> bool:
        """Work needs it and nobody (or one person) can take it alone."""
        return self.demand > 0 and self.qualified <= 1


def skills_gap(now: dt.datetime | None = None) -> list[SkillGap]:
    """Every skill with its recent demand and supply, the widest gap first."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=DEMAND_DAYS)
    stale_before = timezone.localdate(now) - dt.timedelta(days=STALE_DAYS)
    active = Q(holders__user__is_active=True)
    rows = Skill.objects.annotate(
        holders_n=Count("holders", filter=active, distinct=True),
        qualified_n=Count(
            "holders", filter=active & Q(holders__level__gte=QUALIFIED_LEVEL), distinct=True
        ),
        stale_n=Count(
            "holders",
            filter=active
            & (Q(holders__verified_on__isnull=True) | Q(holders__verified_on__lt=stale_before)),
            distinct=True,
        ),
        verified=Max("holders__verified_on"),
    )
    demand = dict(
        Case.objects.filter(created_at__gte=since)
        .values_list("required_skills")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("required_skills", "n")
    )
    found = [
        SkillGap(
            skill=s,
            demand=int(demand.get(s.pk, 0)),
            qualified=s.qualified_n,
            holders=s.holders_n,
            stale=s.stale_n,
            last_verified=s.verified,
        )
        for s in rows
    ]
    return sorted(
        found, key=lambda g: (not g.gap, -(g.load_per_qualified or g.demand), g.skill.name)
    )
