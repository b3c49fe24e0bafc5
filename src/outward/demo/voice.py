"""Twelve months of customer voice: who says what, where, when, in which words, with which scores.

First the planted truths are scheduled per customer (a defective lot, the battery claim, the
descaling manual, churners' last months), then the background voice fills the rest, spread over
touchpoints. Every item is then written out from the phrase banks.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from outward.core.roles import Role
from outward.customers.models import Customer, CustomerAsset, Touchpoint
from outward.demo import phrases, themes
from outward.demo.company import (
    CREW_BY_REGION,
    DEFECT_LOT,
    DESK_BY_REGION,
    ONBOARDING_TEAM,
    STRUGGLING_DESK,
    Company,
    at,
    new_uuid,
    weighted,
)
from outward.demo.themes import Theme
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem

WINDOW_DAYS = 365
DEFECT_WINDOW_DAYS = 42
DEFECT_REPORT_RATE = 0.45  # owners of the defective lot who report it in the last six weeks
BACKGROUND_FAILURE_RATE = 0.01  # owners of any other lot who report the same failure
BATTERY_CLAIM_RATE = 0.30  # Sweeply S3 owners who quote the advert
DESCALING_RATE = 0.25  # Vapora Steam Oven owners who get the descaling wrong
CHURN_WINDOW_DAYS = 90
STRUGGLING_DESK_MOOD = -0.35
BACKGROUND_COMPETITOR_RATE = 0.04  # negative background items that name Brightline

TOUCHPOINT_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("usage", 25), ("support", 22), ("delivery", 10), ("field-service", 8), ("onboarding", 8),
    ("billing", 8), ("marketing", 6), ("sales", 6), ("renewal", 7),
)  # fmt: skip

SOURCES: dict[str, tuple[tuple[str, int], ...]] = {
    "marketing": ((Source.SOCIAL, 5), (Source.FORUM, 2), (Source.SURVEY, 2), (Source.EMAIL, 1)),
    "sales": ((Source.SURVEY, 4), (Source.EMAIL, 3), (Source.CHECK_IN, 2)),
    "onboarding": ((Source.SURVEY, 4), (Source.CHECK_IN, 3), (Source.EMAIL, 2), (Source.FORUM, 1)),
    "delivery": ((Source.SURVEY, 3), (Source.TICKET, 3), (Source.EMAIL, 2), (Source.SOCIAL, 2),
                 (Source.REVIEW, 2)),
    "usage": ((Source.REVIEW, 4), (Source.FORUM, 3), (Source.SURVEY, 3), (Source.SOCIAL, 2),
              (Source.CHECK_IN, 1), (Source.EMAIL, 1)),
    "support": ((Source.TICKET, 6), (Source.SURVEY, 3), (Source.EMAIL, 2), (Source.SOCIAL, 1)),
    "billing": ((Source.TICKET, 4), (Source.EMAIL, 4), (Source.SURVEY, 1)),
    "field-service": ((Source.SURVEY, 5), (Source.FIELD_OBSERVATION, 2), (Source.CHECK_IN, 1),
                      (Source.EMAIL, 1), (Source.REVIEW, 1)),
    "renewal": ((Source.CHECK_IN, 4), (Source.EMAIL, 3), (Source.SURVEY, 3)),
}  # fmt: skip
CHURN_SOURCES = ((Source.SURVEY, 4), (Source.CHECK_IN, 3), (Source.TICKET, 2), (Source.EMAIL, 2))
DESK_TOUCHPOINTS = {"support", "billing", "renewal"}
TEAM_SOURCES = {Source.TICKET, Source.EMAIL, Source.CHECK_IN}
PRODUCT_THEMES = (themes.DEFECT, themes.BATTERY_CLAIM, themes.DESCALING)
PRODUCT_TOUCHPOINTS = {"usage", "delivery", "field-service", "onboarding", "support"}
# How likely a source asks for NPS, CSAT, CES.
SCORE_CHANCES: dict[str, tuple[float, float, float]] = {
    Source.SURVEY: (1.0, 0.6, 0.35),
    Source.TICKET: (0.0, 0.75, 0.5),
    Source.CHECK_IN: (0.5, 0.7, 0.0),
    Source.REVIEW: (0.0, 1.0, 0.0),
}
RECEIPT_DELAY_MINUTES: dict[str, int] = {Source.SURVEY: 5, Source.FIELD_OBSERVATION: 600}
OBSERVATION_TAILS = (
    "",
    " Follow-up booked.",
    " Part ordered.",
    " No follow-up needed.",
    " Photos attached to the job.",
    " Customer signed off the job.",
)
# Words a typo must not touch, so the planted cues stay findable.
PROTECTED = ("heat", "batter", "descal", "brightline", "deliver", "technician", "manual")


@dataclass
class Event:
    person: Customer
    day: date
    touchpoint: str
    theme: Theme
    asset: CustomerAsset | None
    source: str | None = None
    competitor: bool = False
    mood_shift: float = 0.0


def _clip(rng: random.Random, first: date, last: date) -> date | None:
    if last < first:
        return None
    return first + timedelta(days=rng.randint(0, (last - first).days))


class Voice:
    def __init__(self, company: Company, today: date, seed: int) -> None:
        self.company = company
        self.today = today
        self.rng = random.Random(f"outward-demo:{seed}:voice")
        self.start = today - timedelta(days=WINDOW_DAYS)
        self.yesterday = today - timedelta(days=1)
        self.disposition = {p.id: self.rng.gauss(0, 0.15) for p in company.people}
        self.team_members: dict[str, list[tuple[str, str]]] = {}
        for member in company.staff:
            if member.role in (Role.AGENT, Role.FIELD_TECHNICIAN):
                self.team_members.setdefault(member.team, []).append(
                    (member.username, member.first_name)
                )

    # -- planting ---------------------------------------------------------------------------

    def last_day(self, person: Customer) -> date:
        return person.churned_on - timedelta(days=1) if person.churned_on else self.yesterday

    def planted(self) -> list[Event]:
        rng, events = self.rng, list[Event]()
        defect_first = self.today - timedelta(days=DEFECT_WINDOW_DAYS)
        for asset in self.company.assets:
            person = asset.customer
            assert asset.batch is not None
            assert asset.owned_since is not None
            lot, since = asset.batch.lot_code, asset.owned_since
            active = person.churned_on is None
            rate = DEFECT_REPORT_RATE if lot == DEFECT_LOT else BACKGROUND_FAILURE_RATE
            if active and since < defect_first and rng.random() < rate:
                for _ in range(1 if rng.random() < 0.75 else 2):
                    day = _clip(rng, defect_first, self.yesterday)
                    tp = weighted(rng, (("support", 60), ("usage", 25), ("field-service", 15)))
                    source = Source.FIELD_OBSERVATION if tp == "field-service" else None
                    events.append(
                        Event(person, day or self.yesterday, tp, themes.DEFECT, asset, source)
                    )
            first = max(self.start, since + timedelta(days=3))
            if lot.startswith("SWP") and rng.random() < BATTERY_CLAIM_RATE:
                day = _clip(rng, first, self.last_day(person))
                tp = weighted(rng, (("marketing", 35), ("usage", 40), ("support", 25)))
                if day:
                    events.append(Event(person, day, tp, themes.BATTERY_CLAIM, asset))
            if lot.startswith("VSO") and rng.random() < DESCALING_RATE:
                day = _clip(rng, max(first, since + timedelta(days=20)), self.last_day(person))
                tp = weighted(
                    rng, (("usage", 35), ("support", 35), ("onboarding", 10), ("field-service", 20))
                )
                source = Source.FIELD_OBSERVATION if tp == "field-service" else None
                if day:
                    events.append(Event(person, day, tp, themes.DESCALING, asset, source))
        return events + self.churn_events()

    def churn_events(self) -> list[Event]:
        """Churned buyers complain, often name Brightline, in their last 90 days."""
        rng, events = self.rng, list[Event]()
        speakers: dict[uuid.UUID, list[Customer]] = {}
        for person in self.company.people:
            buyer = self.company.buyer_of[person.id]
            if buyer.churned_on is not None:
                speakers.setdefault(buyer.id, []).append(person)
        for people in speakers.values():
            churned_on = people[0].churned_on
            assert churned_on is not None
            first = max(self.start, churned_on - timedelta(days=CHURN_WINDOW_DAYS))
            voices = rng.sample(people, min(3, len(people)))
            count = rng.randint(3, 6)
            days = sorted(
                _clip(rng, first, churned_on - timedelta(days=1)) or first for _ in range(count)
            )
            for n, day in enumerate(days):
                theme = weighted(rng, [(t, w) for t, _, w in themes.CHURN_THEMES])
                tp = next(slug for t, slug, _ in themes.CHURN_THEMES if t is theme)
                person = rng.choice(voices)
                competitor = rng.random() < (0.8 if n == len(days) - 1 else 0.35)
                asset = self._asset_at(person, day)
                events.append(
                    Event(
                        person,
                        day,
                        tp,
                        theme,
                        asset,
                        weighted(rng, CHURN_SOURCES),
                        competitor,
                        -0.25,
                    )
                )
        return events

    # -- background -------------------------------------------------------------------------

    def background(self, count: int) -> list[Event]:
        rng, events = self.rng, list[Event]()
        ranges: list[tuple[Customer, date, date]] = []
        for person in self.company.people:
            first = max(self.start, person.customer_since or self.start)
            last = self.yesterday
            if person.churned_on:
                last = person.churned_on - timedelta(days=CHURN_WINDOW_DAYS + 1)
            if first <= last:
                ranges.append((person, first, last))
        if not ranges:
            return events
        weights = [rng.paretovariate(2.5) for _ in ranges]
        for person, first, last in rng.choices(ranges, weights=weights, k=count):
            tp = weighted(rng, TOUCHPOINT_WEIGHTS)
            day = _clip(rng, first, last) or first
            assets = self.company.assets_of.get(person.id, [])
            asset = rng.choice(assets) if assets else None
            if asset and asset.owned_since and tp in ("delivery", "onboarding"):
                shift = -rng.randint(0, 12) if tp == "delivery" else rng.randint(0, 30)
                near = asset.owned_since + timedelta(days=shift)
                if first <= near <= last:
                    day = near
            bank = themes.BACKGROUND[tp]
            if tp == "support" and DESK_BY_REGION[person.region] == STRUGGLING_DESK:
                bank = themes.STRUGGLING_DESK_SUPPORT
            theme = weighted(rng, bank)
            competitor = theme.tone == "neg" and rng.random() < BACKGROUND_COMPETITOR_RATE
            events.append(Event(person, day, tp, theme, asset, None, competitor))
        return events

    def _asset_at(self, person: Customer, day: date) -> CustomerAsset | None:
        assets = self.company.assets_of.get(person.id, [])
        owned = [a for a in assets if a.owned_since and a.owned_since <= day]
        return self.rng.choice(owned or assets) if assets else None

    # -- writing ----------------------------------------------------------------------------

    def write(self, event: Event, touchpoints: dict[str, Touchpoint]) -> FeedbackItem:
        rng = self.rng
        source = event.source or weighted(rng, SOURCES[event.touchpoint])
        team, member = self._team(event, source)
        mood = (
            event.theme.mood
            + event.mood_shift
            + self.disposition[event.person.id]
            + rng.gauss(0, 0.2)
            + (STRUGGLING_DESK_MOOD if team == STRUGGLING_DESK else 0.0)
        )
        slots = self._slots(event)
        text, names_product = compose(
            rng, event.theme, source, slots, event.competitor, event.person.name
        )
        occurred = at(event.day, rng)
        delay = RECEIPT_DELAY_MINUTES.get(source, 240)
        nps, csat, ces = scores(rng, source, mood)
        raw: dict[str, object] = {}
        if team:
            raw["team"] = team
            raw["technician" if team.startswith("Field") else "agent"] = member
        if source == Source.TICKET:
            raw["ticket"] = slots["ticket"]
        if source == Source.REVIEW and csat is not None:
            raw["stars"] = csat
        if source == Source.SOCIAL:
            raw["platform"] = rng.choice(("x", "facebook", "instagram", "linkedin"))
        if source == Source.SURVEY:
            raw["survey"] = "relationship" if nps is not None and rng.random() < 0.5 else "visit"
        with_product = event.asset is not None and (
            event.touchpoint in PRODUCT_TOUCHPOINTS
            or names_product
            or event.theme in PRODUCT_THEMES
        )
        return FeedbackItem(
            source=source,
            customer=event.person,
            touchpoint=touchpoints[event.touchpoint],
            product=event.asset.product if with_product and event.asset else None,
            batch=event.asset.batch if with_product and event.asset else None,
            text=text,
            language="en",
            nps=nps,
            csat=csat,
            ces=ces,
            occurred_at=occurred,
            received_at=occurred + timedelta(minutes=rng.randint(0, delay)),
            raw=raw,
        )

    def _team(self, event: Event, source: str) -> tuple[str | None, str | None]:
        region = event.person.region
        if event.touchpoint == "field-service":
            team: str | None = CREW_BY_REGION[region]
        elif event.touchpoint == "onboarding":
            team = ONBOARDING_TEAM
        elif event.touchpoint in DESK_TOUCHPOINTS or source in TEAM_SOURCES:
            team = DESK_BY_REGION[region]
        else:
            return None, None
        assert team is not None
        username, _ = self.rng.choice(self.team_members[team])
        return team, username

    def _slots(self, event: Event) -> dict[str, str]:
        rng = self.rng
        asset = event.asset
        product = asset.product.name if asset else "machine"
        category = self.company.category_of[asset.product.id] if asset else "appliance"
        crew = self.team_members[CREW_BY_REGION[event.person.region]]
        desk_team = (
            ONBOARDING_TEAM
            if event.touchpoint == "onboarding"
            else (DESK_BY_REGION[event.person.region])
        )
        first, _, last = event.person.name.partition(" ")
        return {
            "product": product,
            "category": category,
            "lot": asset.batch.lot_code if asset and asset.batch else "unknown",
            "order": f"KS-{rng.randint(100000, 999999)}",
            "ticket": f"T-{rng.randint(10000, 99999)}",
            "days": str(rng.randint(3, 12)),
            "weeks": str(rng.randint(3, 9)),
            "months": str(rng.randint(2, 11)),
            "hours": str(rng.randint(2, 6)),
            "minutes": str(rng.choice((20, 25, 30, 40, 45, 50, 55, 60, 75, 90))),
            "weekday": rng.choice(phrases.WEEKDAYS),
            "tech": rng.choice(crew)[1],
            "agent": rng.choice(self.team_members[desk_team])[1],
            "amount": f"€{rng.randint(15, 420)}.{rng.choice(('00', '50', '90', '99'))}",
            "percent": str(rng.choice((10, 12, 15, 18, 20, 25, 30))),
            "month": rng.choice(phrases.MONTHS),
            "units": str(rng.randint(2, 12)),
            "serial": asset.serial_number if asset else "unknown",
            "customer_no": event.person.external_id or "unknown",
            "first": first,
            "last": last,
        }


def scores(rng: random.Random, source: str, mood: float) -> tuple[int | None, ...]:
    """NPS 0-10, CSAT 1-5, CES 1-7 (7 = very easy), where the source would ask for them."""

    def scaled(centre: float, spread: float, noise: float, low: int, high: int) -> int:
        return max(low, min(high, round(centre + spread * mood + rng.gauss(0, noise))))

    chances = SCORE_CHANCES.get(source, (0.0, 0.0, 0.0))
    nps = scaled(6.8, 3.4, 0.9, 0, 10) if rng.random() < chances[0] else None
    csat = scaled(3.5, 1.6, 0.45, 1, 5) if rng.random() < chances[1] else None
    ces = scaled(4.6, 2.4, 0.8, 1, 7) if rng.random() < chances[2] else None
    return nps, csat, ces


def compose(
    rng: random.Random,
    theme: Theme,
    source: str,
    slots: dict[str, str],
    competitor: bool,
    author: str,
) -> tuple[str, bool]:
    """The text of one item, and whether it names the customer's product."""
    if source == Source.FIELD_OBSERVATION:
        template = rng.choice(theme.observations or themes.ROUTINE_OBSERVATIONS)
        tail = rng.choice(OBSERVATION_TAILS)
        job = f"Job {slots['ticket'].replace('T-', 'J-')}: " if rng.random() < 0.7 else ""
        return (job + template + tail).format(**slots), "{product}" in template
    tone = theme.tone
    template = rng.choice(theme.statements)
    profile = weighted(rng, (("short", 30), ("medium", 45), ("long", 25)))
    opener_p, detail_n, closer_p = {
        "short": (0.3, 0, 0.55),
        "medium": (0.55, rng.randint(0, 1), 0.65),
        "long": (0.85, rng.randint(1, 2), 0.9),
    }[profile]
    parts: list[str] = []
    if source == Source.SOCIAL and rng.random() < 0.6:
        parts.append(phrases.SOCIAL_HANDLE)
    elif source == Source.FORUM and rng.random() < 0.3:
        parts.append(rng.choice(phrases.FORUM_TITLES[tone]) + " -")
    elif source not in (Source.SOCIAL, Source.REVIEW) and rng.random() < opener_p:
        parts.append(rng.choice(phrases.OPENERS[tone]))
    if source != Source.SOCIAL and rng.random() < 0.3:
        parts.append(rng.choice(phrases.CONTEXT))
    parts.append(template)
    if theme.details and detail_n:
        parts.extend(rng.sample(theme.details, min(detail_n, len(theme.details))))
    if competitor:
        parts.append(rng.choice(themes.COMPETITOR_THREATS))
    if rng.random() < closer_p:
        parts.append(rng.choice(phrases.CLOSERS[tone]))
    if parts == [template]:  # a bare theme sentence: real people add a word or two
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(phrases.CONTEXT))
        else:
            parts.append(rng.choice(phrases.CLOSERS[tone]))
    public = source in (Source.SOCIAL, Source.REVIEW, Source.FORUM, Source.SURVEY)
    if public and rng.random() < 0.35:
        parts.append(rng.choice(phrases.EMOJIS[tone]))
    if source == Source.SOCIAL and rng.random() < 0.35:
        parts.append(rng.choice(phrases.HASHTAGS[tone]))
    greeting_break = "\n" if source in (Source.EMAIL, Source.TICKET) else " "
    text = _join(parts, greeting_break).format(**slots)
    if source in (Source.EMAIL, Source.TICKET):
        if rng.random() < (0.7 if profile == "long" else 0.25):
            text += "\n\n" + rng.choice(phrases.SIGN_OFFS).format(**slots)
        if rng.random() < 0.35:
            text += "\n" + rng.choice(phrases.REFERENCES).format(**slots)
    if rng.random() < (0.15 if public else 0.05):
        text = text.lower()
    if rng.random() < 0.07:
        text = _typo(rng, text)
    return text, "{product}" in " ".join(parts)


def _join(parts: list[str], greeting_break: str) -> str:
    """Sentences joined by spaces, each ending in punctuation when another follows it."""
    text = parts[0]
    for previous, part in itertools.pairwise(parts):
        if previous.endswith(","):
            text += greeting_break
        elif (previous[-1].isalnum() or previous.endswith("}")) and previous[0] not in "@#":
            text += ". "
        else:
            text += " "
        text += part
    return text


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    candidates = [
        i
        for i, w in enumerate(words)
        if len(w) > 4 and w.isalpha() and not any(p in w.lower() for p in PROTECTED)
    ]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    j = rng.randint(1, len(word) - 3)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def generate_feedback(
    company: Company,
    today: date,
    seed: int,
    total: int,
    touchpoints: dict[str, Touchpoint],
    progress: Callable[[Sequence[Event]], Iterable[Event]] = lambda events: events,
) -> list[FeedbackItem]:
    """`total` items: the planted ones (sampled down if they alone exceed it) and background."""
    voice = Voice(company, today, seed)
    events = voice.planted()
    if len(events) > total:
        events = voice.rng.sample(events, total)
    events += voice.background(total - len(events))
    items = [voice.write(event, touchpoints) for event in progress(events)]
    items.sort(key=lambda item: item.occurred_at)
    ids = random.Random(f"outward-demo:{seed}:feedback-ids")
    for n, item in enumerate(items, start=1):
        item.id = new_uuid(ids)
        item.external_id = f"demo-{seed}-{n:06d}"
    assert all(timezone.is_aware(item.occurred_at) for item in items)
    return items
