"""The demo company's improvement initiatives, after its first refit (they start from its
themes): one on the lead-time issue whose customers answered much better after the change
(validated), one on the descaling instructions whose customers answered as before (not
validated). Both were designed with affected customers; both re-surveyed the affected
customers and a comparison group with the relationship survey after the change.

The themes are picked the way a person would, by their words; the answers after the change
are planted (drawn from fixed distributions or resampled from the same customers' answers
before), so the verdicts are known.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.models import Customer
from outward.demo.company import STAFF_DOMAIN, new_uuid, weighted
from outward.demo.surveys import RELATIONSHIP_NAME
from outward.feedback.choices import RootCause, Source
from outward.feedback.models import FeedbackItem
from outward.initiatives import groups, services
from outward.initiatives.choices import InputKind
from outward.initiatives.models import Initiative
from outward.insights.choices import ThemeKind
from outward.insights.models import Theme
from outward.surveys import rollups
from outward.surveys.choices import Channel, Trigger
from outward.surveys.models import Invitation, Response, Survey
from outward.surveys.services.invitations import contactable_customers

BETTER = ((10, 25), (9, 30), (8, 20), (7, 10), (5, 8), (3, 7))
"""NPS answers after a change that worked: NPS +40."""


@dataclass(frozen=True)
class Planned:
    title: str
    hypothesis: str
    words: tuple[str, ...]
    cause: str
    days_ago: int
    budget: int
    works: bool
    inputs: tuple[str, ...]


PLANNED = (
    Planned(
        "Quote the real lead time, and keep to it",
        "Customers plan around the delivery date we give them. Quoting the real lead time at "
        "order and texting the day before delivery ends the waiting and the broken promises.",
        ("lead time", "week", "waiting", "delivery date"),
        RootCause.PROCESS_FAILURE,
        70,
        18_000,
        True,
        (
            "Tell me the honest date once. A week later than hoped is fine if it holds.",
            "A text message the day before would have saved me a day off work.",
        ),
    ),
    Planned(
        "A descaling video instead of page 12",
        "Owners descale the wrong way because the manual's drawing is unreadable; a short "
        "video linked from the machine's QR code shows the steps.",
        ("descal", "vinegar"),
        RootCause.UNCLEAR_DIRECTIONS,
        50,
        6_500,
        False,
        ("I would watch a one-minute video, I will never read page 12 again.",),
    ),
)


def _themes(words: Sequence[str], cause: str) -> list[Theme]:
    """The issues a person would pick by these words: of this root cause, if any is."""
    shown = Theme.objects.filter(merged_into__isnull=True, hidden=False, kind=ThemeKind.ISSUE)
    saying = [
        t
        for t in shown
        if any(w in " ".join([t.display_name, *t.key_phrases]).lower() for w in words)
    ]
    return [t for t in saying if t.root_cause == cause] or saying


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(
        day,
        dt.time(rng.randrange(8, 20), rng.randrange(60)),
        tzinfo=timezone.get_current_timezone(),
    )


def _answers_before(customers: Sequence[Customer], start: dt.date, end: dt.date) -> list[int]:
    return [
        int(nps)
        for nps in FeedbackItem.objects.filter(
            customer__in=customers,
            nps__isnull=False,
            occurred_at__date__gte=start,
            occurred_at__date__lte=end,
        ).values_list("nps", flat=True)
        if nps is not None
    ] or [7]


class _Resurvey:
    """The relationship survey asked again after a change: invitations, responses, items."""

    def __init__(self, survey: Survey, initiative: Initiative, rng: random.Random) -> None:
        self.survey, self.initiative, self.rng = survey, initiative, rng
        self.items: list[FeedbackItem] = []
        self.invitations: list[Invitation] = []
        self.responses: list[Response] = []

    def answer(self, customer: Customer, nps: int, day: dt.date) -> None:
        asked = _moment(day, self.rng)
        said = asked + dt.timedelta(hours=self.rng.randrange(1, 30))
        response_id = new_uuid(self.rng)
        invitation = Invitation(
            id=new_uuid(self.rng),
            survey=self.survey,
            customer=customer,
            trigger=Trigger.INITIATIVE,
            event_ref=f"initiative-{self.initiative.pk}-after-{customer.pk}",
            email=customer.email,
            invited_at=asked,
            sent_at=asked,
            opened_at=said,
            responded_at=said,
            expires_at=asked + dt.timedelta(days=30),
        )
        item = FeedbackItem(
            id=new_uuid(self.rng),
            source=Source.SURVEY,
            external_id=str(response_id),
            customer=customer,
            nps=nps,
            occurred_at=said,
            received_at=said,
            raw={
                "survey_id": str(self.survey.pk),
                "survey_name": self.survey.name,
                "answers": {"nps": nps},
                "channel": Channel.EMAIL,
            },
        )
        self.invitations.append(invitation)
        self.items.append(item)
        self.responses.append(
            Response(
                id=response_id,
                survey=self.survey,
                invitation=invitation,
                customer=customer,
                channel=Channel.EMAIL,
                answers={"nps": nps},
                completed_at=said,
                feedback=item,
            )
        )

    def save(self) -> None:
        Invitation.objects.bulk_create(self.invitations)
        FeedbackItem.objects.bulk_create(self.items)
        Response.objects.bulk_create(self.responses)


def _plant(
    plan: Planned, initiative: Initiative, survey: Survey, today: dt.date, rng: random.Random
) -> None:
    """The affected customers, and twice as many others, answered after the change."""
    assert initiative.change_date is not None
    contactable = contactable_customers().values("pk")
    affected = list(groups.affected(initiative, today).filter(pk__in=contactable))
    others = list(groups.comparison(initiative, today).filter(pk__in=contactable)[:4000])
    others = rng.sample(others, min(len(others), 2 * len(affected), 400))
    before = groups.exposure_period(initiative, today)
    first = initiative.change_date + dt.timedelta(days=initiative.resurvey_after_days)
    days = max((today - first).days, 1)
    resurvey = _Resurvey(survey, initiative, rng)
    pools = {
        "affected": _answers_before(affected, *before),
        "others": _answers_before(others, *before),
    }
    for group, customers in (("affected", affected), ("others", others)):
        for customer in customers:
            if rng.random() < 0.3:
                continue  # did not answer
            nps = (
                weighted(rng, BETTER)
                if plan.works and group == "affected"
                else rng.choice(pools[group])
            )
            resurvey.answer(customer, nps, first + dt.timedelta(days=rng.randrange(days)))
    resurvey.save()
    Initiative.objects.filter(pk=initiative.pk).update(
        resurveyed_at=_moment(first, rng) - dt.timedelta(hours=12)
    )


@transaction.atomic
def write_demo_initiatives(today: dt.date, seed: int = 42) -> int:
    """The planted initiatives (none before the first refit: they start from its themes)."""
    rng = random.Random(seed + 14)
    survey = Survey.objects.filter(name=RELATIONSHIP_NAME).first()
    owner = (
        User.objects.filter(role=Role.MANAGER, email__endswith=f"@{STAFF_DOMAIN}")
        .order_by("username")
        .first()
    )
    made = 0
    for plan in PLANNED:
        themes = _themes(plan.words, plan.cause)
        if not themes or survey is None:
            continue
        initiative = services.start_initiative(
            services.Plan(
                title=plan.title,
                hypothesis=plan.hypothesis,
                owner=owner,
                budget=Decimal(plan.budget),
                themes=themes,
                window_days=60,
                resurvey=survey,
            ),
            by=owner,
        )
        designers = services.invite_designers(initiative, owner, count=5, today=today)
        change = today - dt.timedelta(days=plan.days_ago)
        for text, designer in zip(plan.inputs, designers, strict=False):
            services.record_input(
                initiative,
                kind=InputKind.INTERVIEW,
                text=text,
                customer=designer.customer,
                by=owner,
                at=_moment(change - dt.timedelta(days=rng.randrange(7, 20)), rng),
            )
        initiative = services.record_change(initiative, change)
        _plant(plan, initiative, survey, today, rng)
        services.measure(initiative, today)
        made += 1
    if survey is not None:
        rollups.rebuild([survey])
    return made
