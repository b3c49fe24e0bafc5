"""The demo's surveys: an active relationship survey (NPS with follow-ups), a transactional
survey after delivery, and twelve months of invitations consistent with the survey feedback
the voice generator wrote.

* Delivery-survey feedback of a consenting customer answers a delivery invitation sent a few
  hours or days before it (as far as the fatigue rule allows); other deliveries in the year
  get an invitation too, mostly unanswered.
* The coverage scheduler's own planner (`plan_day`) is replayed day by day over the year, so
  relationship invitations sit where the scheduler would have put them.
* Relationship-survey feedback answers the open relationship invitation it followed, or else
  came through the survey's public link.

Deterministic with the seed: ids, dates and answers come from seeded generators; only the
invitations' nonces are random, as their links must be unguessable.
"""

from __future__ import annotations

import bisect
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.utils import timezone

from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer, Touchpoint
from outward.demo.company import Company, new_uuid
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.surveys import rollups
from outward.surveys.choices import Channel, SurveyKind, SurveyStatus, Trigger
from outward.surveys.models import (
    ContactPolicy,
    Invitation,
    Question,
    Response,
    SkippedInvitation,
    Survey,
)
from outward.surveys.services.building import template_questions
from outward.surveys.services.coverage import Candidate, plan_day, rules_for
from outward.surveys.services.survey_templates import TEMPLATES

LANGUAGES = ["en", "de", "fr"]
RELATIONSHIP_NAME = "Kestrel Home relationship survey (demo)"
DELIVERY_NAME = "After delivery (demo)"
# Room between an invitation and the answer it gets, so the history keeps the fatigue rule.
ANSWER_DELAY_DAYS = 4


def _texts(en: str, de: str, fr: str) -> dict[str, str]:
    return {"en": en, "de": de, "fr": fr}


def _relationship(rng: random.Random) -> tuple[Survey, list[Question]]:
    survey = Survey(
        id=new_uuid(rng),
        name=RELATIONSHIP_NAME,
        kind=SurveyKind.RELATIONSHIP,
        status=SurveyStatus.ACTIVE,
        languages=LANGUAGES,
        title=_texts(
            "How are we doing, Kestrel Home?",
            "Wie zufrieden sind Sie mit Kestrel Home?",
            "Que pensez-vous de Kestrel Home ?",
        ),
        intro=_texts(
            "Once a year we ask every customer. It takes two minutes.",
            "Einmal im Jahr fragen wir alle Kunden. Es dauert zwei Minuten.",
            "Une fois par an, nous interrogeons chaque client. Cela prend deux minutes.",
        ),
        thanks=_texts("Thank you!", "Vielen Dank!", "Merci !"),
        reminder_after_days=5,
        public_link_enabled=True,
    )
    questions = template_questions(survey, TEMPLATES["relationship_nps"], LANGUAGES)
    return survey, questions


def _delivery(rng: random.Random, touchpoint: Touchpoint) -> tuple[Survey, list[Question]]:
    survey = Survey(
        id=new_uuid(rng),
        name=DELIVERY_NAME,
        kind=SurveyKind.TRANSACTIONAL,
        status=SurveyStatus.ACTIVE,
        touchpoint=touchpoint,
        languages=LANGUAGES,
        title=_texts(
            "How was your delivery?",
            "Wie war Ihre Lieferung?",
            "Comment s'est passée la livraison ?",
        ),
        intro=_texts(
            "One question about the delivery of your order.",
            "Eine Frage zur Lieferung Ihrer Bestellung.",
            "Une question sur la livraison de votre commande.",
        ),
        thanks=_texts("Thank you!", "Vielen Dank!", "Merci !"),
        reminder_after_days=3,
    )
    questions = template_questions(survey, TEMPLATES["event_csat"], LANGUAGES)
    return survey, questions


@dataclass
class _Person:
    customer: Customer
    invited: list[date] = field(default_factory=list)  # every invitation, kept sorted
    relationship: list[date] = field(default_factory=list)

    @cached_property
    def since(self) -> date:
        """When the customer could first be invited: a customer since, and consenting."""
        customer = self.customer
        since = customer.customer_since or date.min
        if customer.consent_updated_at is not None:
            since = max(since, timezone.localtime(customer.consent_updated_at).date())
        return since

    def clear_of(self, day: date, fatigue_days: int) -> bool:
        """No invitation of this person lies within the fatigue period either side of `day`."""
        at = bisect.bisect_left(self.invited, day)
        near = self.invited[max(0, at - 1) : at + 1]
        return all(abs((day - other).days) >= fatigue_days for other in near)

    def add(self, day: date, relationship: bool) -> None:
        bisect.insort(self.invited, day)
        if relationship:
            bisect.insort(self.relationship, day)


@dataclass(frozen=True)
class SurveyHistory:
    surveys: list[Survey]
    questions: list[Question]
    invitations: list[Invitation]
    responses: list[Response]


class _Writer:
    def __init__(self, rng: random.Random, policy: ContactPolicy) -> None:
        self.rng = rng
        self.policy = policy
        self.invitations: list[Invitation] = []
        self.responses: list[Response] = []

    def invite(
        self,
        survey: Survey,
        customer: Customer,
        moment: datetime,
        trigger: str,
        event_ref: str = "",
        answered: FeedbackItem | None = None,
    ) -> Invitation:
        rng = self.rng
        sent = moment + timedelta(minutes=rng.randint(1, 3))
        expires = moment + timedelta(days=self.policy.token_valid_days)
        reminded = sent + timedelta(days=survey.reminder_after_days)
        invitation = Invitation(
            id=new_uuid(rng),
            survey=survey,
            customer=customer,
            trigger=trigger,
            touchpoint=survey.touchpoint,
            event_ref=event_ref,
            language=customer.language if customer.language in survey.languages else "en",
            email=customer.email,
            invited_at=moment,
            sent_at=sent,
            expires_at=expires,
        )
        if answered is not None:
            invitation.responded_at = answered.occurred_at
            if answered.occurred_at > reminded:
                invitation.reminded_at = reminded
        elif reminded < expires:
            invitation.reminded_at = reminded
        self.invitations.append(invitation)
        if answered is not None:
            self.responses.append(self._response(survey, invitation, answered))
        return invitation

    def answer(self, survey: Survey, invitation: Invitation | None, item: FeedbackItem) -> None:
        """Record `item` as a response: to `invitation`, or through the public link."""
        if invitation is not None:
            invitation.responded_at = item.occurred_at
            assert invitation.sent_at is not None
            if invitation.reminded_at and invitation.reminded_at > item.occurred_at:
                invitation.reminded_at = None
        self.responses.append(self._response(survey, invitation, item))

    def _response(
        self, survey: Survey, invitation: Invitation | None, item: FeedbackItem
    ) -> Response:
        if survey.kind == SurveyKind.RELATIONSHIP:
            nps = item.nps if item.nps is not None else 7
            key = "fix_first" if nps <= 6 else "keep_doing" if nps >= 9 else "comment"
            answers: dict[str, object] = {"nps": nps, key: item.text}
        else:
            answers = {"comment": item.text}
            if item.csat is not None:
                answers["csat"] = item.csat
        return Response(
            id=new_uuid(self.rng),
            survey=survey,
            invitation=invitation,
            customer=item.customer,
            language=invitation.language if invitation else item.language,
            answers=answers,
            channel=Channel.EMAIL if invitation else Channel.LINK,
            completed_at=item.occurred_at,
            feedback=item,
        )


def _contactable(customer: Customer) -> bool:
    return bool(customer.contact_consent and customer.email)


def _survey_items(
    items: Iterable[FeedbackItem], delivery_tp: Touchpoint
) -> list[tuple[FeedbackItem, bool]]:
    """Survey feedback that answers one of the demo's surveys: (item, is_relationship)."""
    found = []
    for item in items:
        if item.source != Source.SURVEY or item.customer is None:
            continue
        if item.raw.get("survey") == "relationship" and item.nps is not None:
            found.append((item, True))
        elif item.touchpoint_id == delivery_tp.pk:
            found.append((item, False))
    return found


def build_survey_history(
    company: Company,
    items: list[FeedbackItem],
    today: date,
    seed: int,
    touchpoints: dict[str, Touchpoint],
    policy: ContactPolicy,
) -> SurveyHistory:
    rng = random.Random(f"outward-demo:{seed}:surveys")
    relationship, rel_questions = _relationship(rng)
    delivery, del_questions = _delivery(rng, touchpoints["delivery"])
    start = today - timedelta(days=365)
    fatigue = policy.fatigue_days
    writer = _Writer(rng, policy)
    people = {c.id: _Person(c) for c in company.customers if _contactable(c)}

    survey_items = sorted(
        _survey_items(items, touchpoints["delivery"]), key=lambda pair: pair[0].occurred_at
    )
    # 1. Delivery answers: each asked for by an invitation a few hours or days before.
    for item, is_relationship in survey_items:
        person = people.get(item.customer.id) if item.customer else None
        if is_relationship or person is None:
            continue
        moment = item.occurred_at - timedelta(hours=rng.randint(1, 24 * ANSWER_DELAY_DAYS))
        day = timezone.localtime(moment).date()
        if day < start or not person.clear_of(day, fatigue):
            continue
        ref = f"demo-delivery-{item.external_id}"
        writer.invite(delivery, person.customer, moment, Trigger.EVENT, ref, answered=item)
        person.add(day, False)

    # 2. Deliveries in the year, most never answered.
    for asset in company.assets:
        person = people.get(asset.customer.id)
        delivered = asset.owned_since
        if person is None or delivered is None or not start <= delivered < today:
            continue
        day = delivered + timedelta(days=1)
        if day >= today or not person.clear_of(day, fatigue):
            continue
        moment = timezone.make_aware(datetime.combine(day, time(rng.randint(8, 18))))
        writer.invite(
            delivery, person.customer, moment, Trigger.EVENT, f"demo-{asset.serial_number}"
        )
        person.add(day, False)

    # 3. The coverage scheduler's year, replayed with its own planner.
    rules = rules_for(policy, start)
    active = [p for p in people.values() if p.customer.status == LifecycleStatus.ACTIVE]
    asked: dict[uuid.UUID, list[Invitation]] = {}
    for offset in range(365):
        day = start + timedelta(days=offset)
        candidates = [_candidate(p, day) for p in active]
        plan = plan_day(candidates, day, rules)
        for pk in plan.invite:
            person = people[pk]
            if not person.clear_of(day, fatigue):  # a later invitation is too close
                continue
            moment = timezone.make_aware(datetime.combine(day, time(9, rng.randint(0, 59))))
            invitation = writer.invite(relationship, person.customer, moment, Trigger.COVERAGE)
            asked.setdefault(pk, []).append(invitation)
            person.add(day, True)

    # 4. Relationship answers: through the open invitation they followed, else the public link.
    for item, is_relationship in survey_items:
        if not is_relationship or item.customer is None:
            continue
        opened = next(
            (
                i
                for i in asked.get(item.customer.id, [])
                if i.responded_at is None and i.invited_at < item.occurred_at < i.expires_at
            ),
            None,
        )
        writer.answer(relationship, opened, item)

    return SurveyHistory(
        surveys=[relationship, delivery],
        questions=[*rel_questions, *del_questions],
        invitations=writer.invitations,
        responses=writer.responses,
    )


def _candidate(person: _Person, day: date) -> Candidate:
    at = bisect.bisect_right(person.invited, day)
    last_any = person.invited[at - 1] if at else None
    at_rel = bisect.bisect_right(person.relationship, day)
    last_rel = person.relationship[at_rel - 1] if at_rel else None
    return Candidate(person.customer.id, person.since, last_rel, last_any)


def write_demo_surveys(
    company: Company,
    items: list[FeedbackItem],
    today: date,
    seed: int,
    touchpoints: dict[str, Touchpoint],
) -> SurveyHistory:
    """Write the surveys and their year of invitations and answers, then run today's coverage
    (its e-mails go out through the worker once the demo's transaction commits)."""
    from outward.surveys.services.coverage import run_coverage

    policy = ContactPolicy.current()
    policy.coverage_started_on = today - timedelta(days=365)
    policy.save(update_fields=["coverage_started_on", "updated_at"])
    history = build_survey_history(company, items, today, seed, touchpoints, policy)
    Survey.objects.bulk_create(history.surveys)
    Question.objects.bulk_create(history.questions)
    Invitation.objects.bulk_create(history.invitations, batch_size=1000)
    Response.objects.bulk_create(history.responses, batch_size=1000)
    rollups.rebuild(history.surveys)
    run_coverage(today)
    return history


def delete_demo_surveys() -> None:
    """Remove the demo's surveys with their invitations and answers."""
    demo = Survey.objects.filter(name__in=[RELATIONSHIP_NAME, DELIVERY_NAME])
    Response.objects.filter(survey__in=demo).delete()
    Invitation.objects.filter(survey__in=demo).delete()
    SkippedInvitation.objects.filter(survey__in=demo).delete()
    demo.delete()
