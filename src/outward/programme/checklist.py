"""The programme checklist: each line a question a customer-service programme must answer
yes to, judged from the evidence the system itself holds, as of a day.

A line scores 0 to 1 (met from MET_AT); the programme's score is their mean, out of 100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from outward.accounts.models import Team, User
from outward.cases.choices import RemedyStatus
from outward.cases.models import PolicyVersion, Remedy
from outward.core.roles import Role
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer
from outward.initiatives.models import Initiative
from outward.programme.choices import LineStatus
from outward.programme.models import FundingPlan, ServicePolicy, TrainingRecord
from outward.pulse.models import PulseRound
from outward.pulse.services import SERVES_PREFIX
from outward.reviews.selectors import participation
from outward.surveys.choices import SurveyKind
from outward.surveys.coverage_selectors import coverage_figures
from outward.surveys.models import ContactPolicy, Invitation, Question

FRONTLINE = (Role.AGENT, Role.FIELD_TECHNICIAN, Role.MANAGER)
YEAR = 365
MET_AT = 0.9  # a line whose share reaches this is met
PARTLY_AT = 0.5


@dataclass(frozen=True)
class Line:
    key: str
    title: str
    score: float  # 0 to 1
    figures: str  # what the evidence says, in a sentence
    evidence: str  # the URL name of the page that holds it

    @property
    def status(self) -> str:
        if self.score >= MET_AT:
            return LineStatus.MET
        return LineStatus.PARTLY if self.score >= PARTLY_AT else LineStatus.NOT_MET

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"status": str(self.status)}


@dataclass(frozen=True)
class Checklist:
    day: dt.date
    lines: list[Line]

    @property
    def score(self) -> int:
        return round(100 * sum(line.score for line in self.lines) / len(self.lines))


def _end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def policy_line(day: dt.date) -> Line:
    current = ServicePolicy.objects.filter(created_at__lt=_end(day)).order_by("-number").first()
    if current is None:
        return Line(
            "policy",
            "A written policy",
            0.0,
            "No policy written or uploaded yet.",
            "programme:policy",
        )
    age = (day - timezone.localdate(current.created_at)).days
    fresh = age <= YEAR
    figures = (
        f"Version {current.number}, “{current.title}”, published "
        f"{timezone.localdate(current.created_at):%d %b %Y}"
        + ("." if fresh else f"; not reviewed for {age} days (at least once a year).")
    )
    return Line("policy", "A written policy", 1.0 if fresh else 0.5, figures, "programme:policy")


def training_line(day: dt.date) -> Line:
    people = User.objects.filter(is_active=True, role__in=FRONTLINE)
    current = TrainingRecord.objects.filter(
        completed_on__gt=day - dt.timedelta(days=YEAR), completed_on__lte=day
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    trained = people.filter(pk__in=current.values("user_id")).count()
    total = people.count()
    figures = f"{trained} of {total} frontline employees trained in the last year."
    return Line(
        "training",
        "Training records per person",
        _share(trained, total),
        figures,
        "programme:training",
    )


def empowerment_line(day: dt.date) -> Line:
    version = (
        PolicyVersion.objects.filter(created_at__lt=_end(day))
        .annotate(n=Count("rules"), roles=Count("rules__role", distinct=True))
        .order_by("-number")
        .first()
    )
    if version is None or not version.n:
        return Line(
            "empowerment",
            "Empowerment criteria",
            0.0,
            "No empowerment policy: nobody knows what they may grant.",
            "cases:policy",
        )
    covered = set(version.rules.values_list("role", flat=True)) & {
        Role.AGENT,
        Role.FIELD_TECHNICIAN,
    }
    score = 1.0 if len(covered) == 2 else 0.5
    figures = f"Version {version.number} in force: {version.n} rules over {version.roles} roles" + (
        "." if score == 1.0 else "; agents and field technicians are not both covered."
    )
    return Line("empowerment", "Empowerment criteria", score, figures, "cases:policy")


def _money(value: Decimal) -> str:
    return f"{value:,.0f}"


def funding_line(day: dt.date) -> Line:
    plan = FundingPlan.objects.filter(year=day.year).first()
    start = timezone.make_aware(dt.datetime.combine(dt.date(day.year, 1, 1), dt.time.min))
    committed = Initiative.objects.filter(
        created_at__gte=start, created_at__lt=_end(day)
    ).aggregate(s=Sum("budget"))["s"] or Decimal(0)
    granted = Remedy.objects.filter(
        created_at__gte=start,
        created_at__lt=_end(day),
        status__in=[RemedyStatus.GRANTED, RemedyStatus.APPROVED],
    )
    if plan is None:
        figures = (
            f"No funding plan for {day.year}; {_money(committed)} committed to initiatives "
            "without one."
        )
        return Line("funding", "Funding", 0.0, figures, "programme:overview")
    remedies = granted.filter(currency=plan.currency).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    planned = [v for v in (plan.initiatives, plan.remedies) if v > 0]
    score = len(planned) / 2
    figures = (
        f"{day.year}: initiatives {_money(committed)} of {_money(plan.initiatives)} planned, "
        f"remedies granted {_money(remedies)} of {_money(plan.remedies)} planned "
        f"({plan.currency})."
    )
    return Line("funding", "Funding", score, figures, "programme:overview")


def leadership_line(day: dt.date) -> Line:
    taking_part = participation(day)
    if not taking_part.due:
        return Line(
            "leadership",
            "Senior management takes part",
            0.0,
            "No metric review was due in the last year.",
            "reviews:list",
        )
    held = _share(taking_part.held, taking_part.due)
    attended = _share(taking_part.present, taking_part.invited)
    figures = (
        f"{taking_part.held} of {taking_part.due} metric reviews held in the last year; "
        f"{taking_part.present} of {taking_part.invited} invited leaders attended."
    )
    return Line(
        "leadership", "Senior management takes part", (held + attended) / 2, figures, "reviews:list"
    )


def _asked_share(day: dt.date) -> tuple[int, int]:
    """Contactable active customers asked in the coverage cycle before `day` ends: from the
    customers' rollup today, from the invitations for a past day."""
    if day >= timezone.localdate():
        figures = coverage_figures(_end(day))
        return figures.contactable - figures.not_invited_in_cycle, figures.contactable
    policy = ContactPolicy.current()
    since = _end(day) - dt.timedelta(days=policy.coverage_days)
    active = Customer.objects.filter(status=LifecycleStatus.ACTIVE, contact_consent=True)
    asked = (
        Invitation.objects.filter(
            customer__in=active,
            survey__kind=SurveyKind.RELATIONSHIP,
            invited_at__gte=since,
            invited_at__lt=_end(day),
        )
        .values("customer_id")
        .distinct()
        .count()
    )
    return asked, active.count()


def coverage_line(day: dt.date) -> Line:
    asked, total = _asked_share(day)
    figures = f"{asked:,} of {total:,} customers who may be contacted asked in the cycle."
    return Line(
        "coverage",
        "Customers surveyed at least yearly",
        _share(asked, total),
        figures,
        "surveys:coverage",
    )


def pulse_line(day: dt.date) -> Line:
    rounds = PulseRound.objects.filter(
        opened_at__gte=_end(day) - dt.timedelta(days=YEAR), opened_at__lt=_end(day)
    )
    keys = Question.objects.filter(
        survey__pulse_round__in=rounds, key__startswith=SERVES_PREFIX
    ).values_list("key", flat=True)
    rated = {
        int(k.removeprefix(SERVES_PREFIX)) for k in keys if k.removeprefix(SERVES_PREFIX).isdigit()
    }
    teams = set(Team.objects.filter(members__is_active=True).values_list("pk", flat=True))
    figures = (
        f"{len(rated & teams)} of {len(teams)} teams rated by their internal customers in "
        f"{rounds.count()} pulse round(s) of the last year."
    )
    return Line(
        "pulse",
        "Internal customers rated",
        _share(len(rated & teams), len(teams)),
        figures,
        "pulse:results",
    )


LINES = (
    policy_line,
    training_line,
    empowerment_line,
    funding_line,
    leadership_line,
    coverage_line,
    pulse_line,
)


def checklist(day: dt.date | None = None) -> Checklist:
    day = day or timezone.localdate()
    return Checklist(day, [line(day) for line in LINES])
