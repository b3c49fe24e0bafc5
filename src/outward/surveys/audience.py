"""Who a survey is sent to: the criteria a manager picks (segment, region, a product or a
batch owned, a touchpoint they told us about, when we last heard from them, never invited,
or an uploaded list), the customers they select, and what the contact rules will do with
them, counted before anything is sent.

The preview applies the same rules, in the same order, as `invitations.invite_customer`:
consent, an e-mail address, the suppression list, then the fatigue rule (an invitation or a
check-in in the fatigue period). The send itself still checks each customer under a lock,
so a preview can only be out of date by what changed since it was shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from outward.core.errors import ValidationError
from outward.customers.models import Customer, CustomerAsset
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.surveys.choices import SkipReason
from outward.surveys.models import ContactPolicy, Invitation
from outward.surveys.services.invitations import fatigue_cutoff, without_suppressed

MAX_LIST_ENTRIES = 50_000
SUPPRESSED = "suppressed"  # opted out or bounced: one count in the preview
SKIP_LABELS = {
    SkipReason.NO_CONSENT: "no contact consent",
    SkipReason.NO_EMAIL: "no e-mail address",
    SUPPRESSED: "opted out or bounced",
    SkipReason.FATIGUE: "asked too recently (fatigue rule)",
}
HEARD_CHOICES = {
    "": "Any time",
    "90": "Not heard from in 90 days",
    "180": "Not heard from in 6 months",
    "365": "Not heard from in 12 months",
    "never": "Never heard from",
}


@dataclass(frozen=True)
class Criteria:
    segment: str = ""
    region: str = ""
    product_id: uuid.UUID | None = None
    batch_id: uuid.UUID | None = None
    touchpoint_id: int | None = None
    heard: str = ""  # a key of HEARD_CHOICES
    never_invited: bool = False
    listed: tuple[str, ...] = ()  # e-mail addresses or customer ids (external ids)

    def describe(self) -> str:
        parts = [
            f"segment {self.segment}" if self.segment else "",
            f"region {self.region}" if self.region else "",
            "owners of a product" if self.product_id else "",
            "owners from a batch" if self.batch_id else "",
            "heard from at a touchpoint" if self.touchpoint_id else "",
            HEARD_CHOICES.get(self.heard, "").lower() if self.heard else "",
            "never invited" if self.never_invited else "",
            f"{len(self.listed)} listed" if self.listed else "",
        ]
        return ", ".join(p for p in parts if p) or "every active customer"


def parse_list(text: str) -> tuple[str, ...]:
    """The entries of an uploaded or pasted list: one per line (or comma-separated), a CSV's
    first column; blank entries and a header named email, e-mail or id are dropped."""
    entries: list[str] = []
    for line in text.splitlines():
        first = line.split(",")[0].split(";")[0].strip().strip('"').strip()
        if first and first.lower() not in {"email", "e-mail", "id", "customer_id"}:
            entries.append(first)
    if len(entries) > MAX_LIST_ENTRIES:
        raise ValidationError(
            "The list is too long.",
            field_errors={"listed": f"At most {MAX_LIST_ENTRIES:,} customers at a time."},
        )
    return tuple(dict.fromkeys(entries))


def customers(criteria: Criteria, now: datetime | None = None) -> QuerySet[Customer]:
    """The active customers the criteria select."""
    now = now or timezone.now()
    found = Customer.objects.active()
    if criteria.segment:
        found = found.filter(segment=criteria.segment)
    if criteria.region:
        found = found.filter(region=criteria.region)
    if criteria.product_id:
        found = found.filter(
            Exists(
                CustomerAsset.objects.filter(customer=OuterRef("pk"), product=criteria.product_id)
            )
        )
    if criteria.batch_id:
        found = found.filter(
            Exists(CustomerAsset.objects.filter(customer=OuterRef("pk"), batch=criteria.batch_id))
        )
    if criteria.touchpoint_id:
        found = found.filter(
            Exists(
                FeedbackItem.objects.filter(
                    customer=OuterRef("pk"), touchpoint=criteria.touchpoint_id
                )
            )
        )
    if criteria.heard == "never":
        found = found.filter(last_heard_at__isnull=True)
    elif criteria.heard:
        since = now - timedelta(days=int(criteria.heard))
        found = found.filter(Q(last_heard_at__isnull=True) | Q(last_heard_at__lt=since))
    if criteria.never_invited:
        found = found.filter(last_invited_at__isnull=True)
    if criteria.listed:
        emails = [e.lower() for e in criteria.listed if "@" in e]
        ids = [e for e in criteria.listed if "@" not in e]
        found = found.annotate(address=Lower("email")).filter(
            Q(address__in=emails) | Q(external_id__in=ids)
        )
    return found


def unmatched(criteria: Criteria) -> list[str]:
    """Entries of the list that name no customer at all (to say which, by their line)."""
    if not criteria.listed:
        return []
    emails = [e.lower() for e in criteria.listed if "@" in e]
    ids = [e for e in criteria.listed if "@" not in e]
    addresses = Customer.objects.annotate(address=Lower("email")).filter(address__in=emails)
    known = set(addresses.values_list("address", flat=True))
    known |= set(Customer.objects.filter(external_id__in=ids).values_list("external_id", flat=True))
    return [e for e in criteria.listed if (e.lower() if "@" in e else e) not in known]


@dataclass(frozen=True)
class Preview:
    selected: int
    will_invite: int
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def skips(self) -> list[tuple[int, str]]:
        """(count, what the rule is) for each rule that skips someone."""
        return [(n, SKIP_LABELS.get(reason, reason)) for reason, n in self.skipped.items()]


def preview(criteria: Criteria, now: datetime | None = None) -> Preview:
    """How many the criteria select, how many would be invited now, and how many each rule
    would skip."""
    now = now or timezone.now()
    selected = customers(criteria, now)
    total = selected.count()
    skipped: dict[str, int] = {}
    consenting = selected.filter(contact_consent=True)
    skipped[SkipReason.NO_CONSENT] = total - consenting.count()
    with_email = consenting.exclude(email="")
    reachable = with_email.count()
    skipped[SkipReason.NO_EMAIL] = total - skipped[SkipReason.NO_CONSENT] - reachable
    allowed = without_suppressed(with_email)
    allowed_count = allowed.count()
    skipped[SUPPRESSED] = reachable - allowed_count
    cutoff = fatigue_cutoff(now, ContactPolicy.current().fatigue_days)
    fatigued = 0
    if cutoff is not None:
        recent = Invitation.objects.filter(customer=OuterRef("pk"), invited_at__gte=cutoff)
        called = FeedbackItem.objects.filter(
            customer=OuterRef("pk"), source=Source.CHECK_IN, occurred_at__gte=cutoff
        )
        fatigued = allowed.filter(Exists(recent) | Exists(called)).count()
    skipped[SkipReason.FATIGUE] = fatigued
    return Preview(
        selected=total,
        will_invite=allowed_count - fatigued,
        skipped={reason: n for reason, n in skipped.items() if n},
    )


@dataclass(frozen=True)
class Sent:
    invited: int
    skipped: dict[str, int]

    @property
    def considered(self) -> int:
        return self.invited + sum(self.skipped.values())
