"""The demo company's community: spaces per product family, a hundred customers who joined,
ideas with votes (the most wanted ones planned or in progress, one done), best practices
shared by owners, questions answered by the support desks (official answers, accepted), and
a new member's first post waiting for a moderator. Written as history over the last 90 days;
the voters were told of each status change back then (nothing is e-mailed now)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from outward.accounts.models import User
from outward.community.models import Member, Notification, Space
from outward.community.services.members import member_for
from outward.community.services.posts import Author, accept_answer, add_comment, create_post, vote
from outward.community.services.staff import set_status
from outward.core.roles import Role
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.demo.company import STAFF_DOMAIN

MEMBERS = 100
SPACES = (
    ("coffee", "Coffee machines", "Brewmaster owners: brewing, descaling, grinders."),
    ("kitchen", "Kitchen appliances", "Steam ovens, dishwashers and fridges."),
    ("service", "Orders, delivery and service", "Ordering, lead times, repairs and visits."),
)
# space, title, body, votes (of MEMBERS), status, status message
IDEAS = (
    (
        "coffee",
        "Remind me when the machine needs descaling",
        "The descaling light comes on too late. A reminder in the app a week before would help.",
        64,
        "planned",
        "Planned for the spring app release.",
    ),
    (
        "service",
        "Tell me the real delivery date when I order",
        "I was promised two weeks and waited six. An honest date up front is all I ask.",
        71,
        "progress",
        "We now quote lead times from the warehouse's real stock; rolling out.",
    ),
    (
        "kitchen",
        "A quieter night programme for the Clearwave D7",
        "Open-plan kitchen: the pump is loud at night. A slower, quieter cycle please.",
        38,
        "review",
        "Our engineers are measuring the pump noise.",
    ),
    (
        "coffee",
        "Printed descaling steps in the box, not only a video",
        "The video is fine but I want the steps on paper next to the machine.",
        29,
        "done",
        "New boxes carry a printed card since last month.",
    ),
    (
        "kitchen",
        "Steam oven recipes for the Vapora in the app",
        "Programmes for bread and fish.",
        22,
        "",
        "",
    ),
    (
        "service",
        "Book a service visit online",
        "Calling to book a yearly service takes ages.",
        45,
        "planned",
        "Online booking comes with the new service portal.",
    ),
    (
        "coffee",
        "A milk-frother cleaning tablet subscription",
        "Delivered with my beans.",
        9,
        "declined",
        "Our partner shops sell them; we will not run a subscription ourselves.",
    ),
)
PRACTICES = (
    (
        "coffee",
        "How I descale my Brewmaster in ten minutes",
        "1. Empty the drip tray.\n2. Fill the tank with descaler and water 1:4.\n3. Run the "
        "programme, then two tanks of clean water.\n\nDo it **monthly** with hard water.",
    ),
    (
        "kitchen",
        "Loading the Clearwave for spotless glasses",
        "Glasses on the top rack, tilted; rinse aid at level 3; no plates touching them.",
    ),
    (
        "kitchen",
        "Keep the Coolvault ice maker from jamming",
        "Empty the bin before holidays and switch the maker off: the old ice fuses together.",
    ),
)
QUESTIONS = (
    (
        "coffee",
        "Which descaler can I use?",
        "Is vinegar fine or do I need the branded descaler?",
        "Please use a citric-acid descaler: vinegar can damage the boiler seals. Any citric "
        "descaler works, not only ours.",
    ),
    (
        "service",
        "My order shows 'awaiting stock': how long?",
        "Ordered a Coolvault 600 three weeks ago.",
        "Sorry for the wait: this batch arrives at our warehouse next Tuesday and we deliver "
        "within five working days after. We e-mail you the slot.",
    ),
    (
        "kitchen",
        "Error E24 on my Clearwave",
        "It stops mid-cycle with E24.",
        "E24 means the drain is blocked: clean the filter under the bottom rack and check the "
        "hose is not kinked. If it stays, we send a technician free of charge.",
    ),
)


def _at(today: dt.date, days_ago: int, hour: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _members(rng: random.Random) -> list[Member]:
    customers = list(
        Customer.objects.filter(status=LifecycleStatus.ACTIVE, contact_consent=True)
        .exclude(email="")
        .order_by("pk")[: MEMBERS * 3]
    )
    chosen = rng.sample(customers, min(MEMBERS, len(customers)))
    members = [member_for(c) for c in chosen]
    Member.objects.filter(pk__in=[m.pk for m in members]).update(trusted=True)
    return list(Member.objects.filter(pk__in=[m.pk for m in members]).order_by("pk"))


@transaction.atomic
def write_demo_community(today: dt.date, seed: int = 42) -> int:
    """Write the demo's community; returns how many posts."""
    rng = random.Random(f"outward-demo-community-{seed}")
    spaces = {
        slug: Space.objects.create(slug=slug, name=name, description=text, position=n)
        for n, (slug, name, text) in enumerate(SPACES)
    }
    members = _members(rng)
    if not members:
        return 0
    staff = User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}", role=Role.AGENT).order_by(
        "username"
    )
    agent = staff.first()
    manager = User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}", role=Role.MANAGER).first()
    posts = 0
    for n, (slug, title, body, votes, status, message) in enumerate(IDEAS):
        author = members[n % len(members)]
        idea = create_post(
            spaces[slug],
            Author(member=author),
            kind="idea",
            title=title,
            body=body,
            now=_at(today, 80 - n * 9, 9),
        )
        for voter in rng.sample(members, min(votes, len(members))):
            vote(idea, voter)
        add_comment(
            idea, Author(member=rng.choice(members)), "Yes, please!", now=_at(today, 78 - n * 9, 20)
        )
        if status and manager is not None:
            set_status(idea, status, message, manager, now=_at(today, 40 - n * 4, 11))
        posts += 1
    for n, (slug, title, body) in enumerate(PRACTICES):
        practice = create_post(
            spaces[slug],
            Author(member=members[-1 - n]),
            kind="practice",
            title=title,
            body=body,
            now=_at(today, 60 - n * 15, 19),
        )
        add_comment(
            practice,
            Author(member=rng.choice(members)),
            "Thanks, that worked for me.",
            now=_at(today, 58 - n * 15, 21),
        )
        posts += 1
    for n, (slug, title, body, answer) in enumerate(QUESTIONS):
        asker = members[10 + n]
        question = create_post(
            spaces[slug],
            Author(member=asker),
            kind="question",
            title=title,
            body=body,
            now=_at(today, 30 - n * 8, 8),
        )
        if agent is not None:
            official = add_comment(
                question, Author(staff=agent), answer, official=True, now=_at(today, 30 - n * 8, 10)
            )
            if n < 2:
                accept_answer(question, official, Author(member=asker))
        posts += 1
    outsider = (
        Customer.objects.filter(status=LifecycleStatus.ACTIVE, community_member__isnull=True)
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    newcomer = member_for(outsider) if outsider is not None else None
    if newcomer is not None:
        create_post(
            spaces["service"],
            Author(member=newcomer),
            kind="discussion",
            title="Anyone else waiting for a fridge?",
            body="Ordered in spring, still waiting.",
            now=_at(today, 1, 18),
        )
        posts += 1
    # History: the voters were told when each status changed.
    Notification.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    return posts
