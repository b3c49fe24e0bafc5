"""Helpers of the case tests: a fixed clock inside business hours, people with skills."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from outward.accounts.models import Skill, Team, User, UserSkill
from outward.core.roles import Role
from tests.factories import UserFactory


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in December 2026 in the site's time zone (7 Dec is a Monday)."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=timezone.get_current_timezone())


def person(role: str = Role.AGENT, team: Team | None = None, **skills: int) -> User:
    user = UserFactory.create(role=role, team=team)
    for name, level in skills.items():
        skill, _ = Skill.objects.get_or_create(name=name)
        UserSkill.objects.create(user=user, skill=skill, level=level)
    return user
