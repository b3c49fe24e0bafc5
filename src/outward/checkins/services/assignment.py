"""Who makes a check-in: the customer's account owner (whoever handled their latest case),
else by skill: someone who speaks the customer's language when it is not the house language,
a field technician for a service visit, from the team serving their region, with the fewest
check-ins waiting."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db.models import Count, Q

from outward.accounts.models import User, UserSkill
from outward.cases.models import Case
from outward.checkins.choices import CheckInStatus, Reason
from outward.checkins.models import CheckIn
from outward.core.roles import Role
from outward.customers.models import Customer

WORKER_ROLES = (Role.AGENT, Role.FIELD_TECHNICIAN, Role.MANAGER)


def language_skill(language: str) -> str | None:
    """The skill name for serving a customer in `language` ('de' -> 'German'); None for the
    house language."""
    code = language.split("-")[0].lower()
    if code == settings.LANGUAGE_CODE.split("-")[0]:
        return None
    name = LANG_INFO.get(code, {}).get("name")
    return str(name) if name else None


class Assigner:
    """Picks people for a day's proposals, spreading them as it goes."""

    def __init__(self, today: dt.date) -> None:
        present = Q(away_until__isnull=True) | Q(away_until__lt=today)
        self.people = list(
            User.objects.filter(present, is_active=True, role__in=WORKER_ROLES)
            .select_related("team")
            .order_by("username")
        )
        ids = [p.pk for p in self.people]
        self.load: dict[int, int] = dict(
            CheckIn.objects.filter(status=CheckInStatus.PROPOSED, assignee_id__in=ids)
            .values("assignee_id")
            .order_by()
            .annotate(n=Count("pk"))
            .values_list("assignee_id", "n")
        )
        self.skills: dict[int, set[str]] = {}
        for user_id, name in UserSkill.objects.filter(user_id__in=ids, level__gte=1).values_list(
            "user_id", "skill__name"
        ):
            self.skills.setdefault(user_id, set()).add(name.lower())
        self.by_id = {p.pk: p for p in self.people}

    def owners(self, customer_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, User]:
        """Each customer's account owner: the (present) assignee of their latest case."""
        owners: dict[uuid.UUID, User] = {}
        rows = (
            Case.objects.filter(customer_id__in=list(customer_ids), assignee_id__in=self.by_id)
            .order_by("customer_id", "-created_at")
            .values_list("customer_id", "assignee_id")
        )
        for customer_id, assignee_id in rows:
            owners.setdefault(customer_id, self.by_id[assignee_id])
        return owners

    def pick(self, customer: Customer, reason: str, owner: User | None) -> tuple[User | None, str]:
        """The person and why them."""
        if owner is not None:
            return self._take(owner), "handled the customer's latest case"
        why: list[str] = []
        people = self.people
        skill = language_skill(customer.language)
        if skill is not None:
            speakers = [p for p in people if skill.lower() in self.skills.get(p.pk, set())]
            if speakers:
                people, why = speakers, [f"speaks {skill}"]
        if reason == Reason.SERVICE:
            technicians = [p for p in people if p.role == Role.FIELD_TECHNICIAN]
            if technicians:
                people, why = technicians, [*why, "field technician"]
        if not people:
            return None, "nobody is available"

        def local(person: User) -> bool:
            return bool(customer.region and person.team and person.team.region == customer.region)

        best = min(people, key=lambda p: (not local(p), self.load.get(p.pk, 0)))
        if local(best):
            why.append(f"serves {customer.region}")
        waiting = self.load.get(best.pk, 0)
        why.append(f"least busy ({waiting} check-in{'s' if waiting != 1 else ''} waiting)")
        return self._take(best), "; ".join(why)

    def _take(self, person: User) -> User:
        self.load[person.pk] = self.load.get(person.pk, 0) + 1
        return person
