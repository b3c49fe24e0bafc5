"""The demo's acting side: cases opened from the last weeks' detractors, worked by the
support desks with next steps, e-mails kept out (the demo sends nothing), remedies within
and above the agents' latitude (one waits for a manager), promises kept, broken and overdue,
and a skill the cases need that almost nobody holds."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import Skill, Team, User
from outward.cases.choices import PromiseKind, Resolution
from outward.cases.models import Case
from outward.cases.services import lifecycle, remedies
from outward.cases.services.promises import break_promise, keep_promise, make_promise
from outward.core.roles import Role
from outward.demo.company import STAFF_DOMAIN
from outward.feedback.models import FeedbackItem

CASES = 36
WINDOW_DAYS = 60  # the detractors cases are opened for: the most recent of these days
SPEAKER_DAYS = 80  # within the skills gap's 90-day demand window
DESKS = {
    "north": "Support Desk North",
    "east": "Support Desk North",
    "south": "Support Desk South",
    "west": "Support Desk West",
    "central": "Support Desk West",
}
PRODUCT_SKILLS = {
    "Brewmaster": "Espresso machines",
    "Clearwave": "Dishwashers",
    "Coolvault": "Refrigeration",
    "Sweeply": "Robot vacuums",
    "Vapora": "Steam ovens",
}
LANGUAGE_SKILLS = {"de": "German", "fr": "French", "nl": "Dutch"}  # German: one speaker, a gap


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _agents(team: Team) -> list[User]:
    return list(
        team.members.filter(role=Role.AGENT, email__endswith=f"@{STAFF_DOMAIN}").order_by(
            "username"
        )
    )


@transaction.atomic
def write_demo_cases(today: dt.date, seed: int = 42) -> int:
    """Cases over the last three weeks as of `today`; how many were opened."""
    rng = random.Random(seed)
    teams = {t.name: t for t in Team.objects.all()}
    manager = User.objects.filter(role=Role.MANAGER, team__name=DESKS["north"]).first()
    skills = {s.name: s for s in Skill.objects.all()}
    recent = (
        FeedbackItem.objects.filter(
            nps__lte=4,
            customer__isnull=False,
            occurred_at__lt=_moment(today, 0),
            occurred_at__gte=_moment(today - dt.timedelta(days=WINDOW_DAYS), 0),
        )
        .select_related("customer", "product")
        .order_by("-occurred_at", "id")
    )
    detractors = list(recent[: CASES * 3])
    rng.shuffle(detractors)
    # A couple of customers speaking the language fewest of the staff speak (whatever their
    # score, their problem needs that language): a skills gap.
    rare = _rarest_language(skills)
    speakers = list(
        FeedbackItem.objects.filter(customer__language=rare)
        .exclude(text="")
        .filter(
            occurred_at__lt=_moment(today, 0),
            occurred_at__gte=_moment(today - dt.timedelta(days=SPEAKER_DAYS), 0),
        )
        .select_related("customer", "product")
        .order_by("-occurred_at", "id")[:2]
    )
    chosen = speakers + [d for d in detractors if d not in speakers][: CASES - len(speakers)]
    opened = 0
    for n, item in enumerate(sorted(chosen, key=lambda i: i.occurred_at)):
        region = item.customer.region.lower() if item.customer else ""
        team = teams.get(DESKS.get(region, ""), teams[DESKS["north"]])
        agents = _agents(team)
        if not agents:
            continue
        agent = agents[n % len(agents)]
        when = item.occurred_at + dt.timedelta(hours=rng.randint(1, 20))
        case = lifecycle.open_case(
            lifecycle.spec_from_feedback(
                item, assignee=agent, team=team, skills=_needed(item, skills)
            ),
            None,
            when,
        )
        opened += 1
        _work(case, agent, manager, when, today, rng, n)
    return opened


def _rarest_language(skills: dict[str, Skill]) -> str:
    """The customers' language (other than English) the fewest employees speak well."""

    def qualified(code: str) -> int:
        skill = skills.get(LANGUAGE_SKILLS[code])
        if skill is None:
            return 1_000_000
        return skill.holders.filter(level__gte=3, user__is_active=True).count()

    return min(LANGUAGE_SKILLS, key=lambda code: (qualified(code), code))


def _needed(item: FeedbackItem, skills: dict[str, Skill]) -> tuple[Skill, ...]:
    """The product's skill, and the customer's language when it is not English."""
    names = []
    if item.product is not None:
        names += [s for prefix, s in PRODUCT_SKILLS.items() if item.product.name.startswith(prefix)]
    if item.customer is not None and item.customer.language in LANGUAGE_SKILLS:
        names.append(LANGUAGE_SKILLS[item.customer.language])
    return tuple(skills[n] for n in names if n in skills)


def _work(
    case: Case,
    agent: User,
    manager: User | None,
    when: dt.datetime,
    today: dt.date,
    rng: random.Random,
    n: int,
) -> None:
    """What happened on one case: a stage picked by its position, so the demo shows every
    kind (resolved, waiting, stalled, promised, escalated)."""
    stage = n % 6
    lifecycle.add_note(
        case, "Called the customer and listened.", agent, when + dt.timedelta(hours=1)
    )
    due = when + dt.timedelta(days=rng.randint(1, 4))
    if stage in {0, 1}:  # promised, then kept or not yet
        promise = make_promise(
            case.customer,
            kind=PromiseKind.CALL_BACK,
            case=case,
            description="Call back with the outcome",
            owner=agent,
            due_at=due,
            by=agent,
            now=when,
        )
        if due.date() < today and stage == 0:
            keep_promise(promise, agent, due - dt.timedelta(hours=2))
    if stage == 2:  # an overdue promise and no next step: a crack
        make_promise(
            case.customer,
            kind=PromiseKind.VISIT,
            case=case,
            owner=agent,
            description="Send a technician",
            due_at=_moment(today, 9) - dt.timedelta(days=2),
            by=agent,
            now=when,
        )
    if stage == 3:  # resolved with a small refund
        remedies.grant_remedy(case, "refund", "25", agent, "Delivery fee back", now=when)
        lifecycle.resolve(
            case,
            Resolution.PROCESS_FIXED,
            agent,
            "Refunded and re-shipped",
            now=when + dt.timedelta(hours=6),
        )
    if stage == 4:  # waiting on the customer, next step set
        lifecycle.set_waiting(case, True, agent, when + dt.timedelta(hours=2))
        lifecycle.set_next_step(case, "Customer sends photos of the fault", due, agent)
    if stage == 5:  # a broken promise made good
        promise = make_promise(
            case.customer,
            kind=PromiseKind.FIX,
            case=case,
            owner=agent,
            description="Fix by Friday",
            due_at=due,
            by=agent,
            now=when,
        )
        if due.date() < today:
            break_promise(
                promise, agent, "Parts late", open_follow_up=False, at=due + dt.timedelta(hours=3)
            )
        lifecycle.set_next_step(case, "Order the part again", due + dt.timedelta(days=2), agent)
    if n == 1 and manager is not None:  # above the agent's latitude: waits for a manager
        remedies.grant_remedy(case, "credit", "180", agent, "Three failed deliveries", now=when)
