"""Customers join the community with an e-mailed, single-use sign-in link: no password.

Asking for a link says the same whatever the address, so nobody learns who is a customer;
only the token's SHA-256 is stored, and a link works once within LINK_MINUTES.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outward.community.models import Member, SignInLink
from outward.core.errors import ValidationError
from outward.customers.choices import LifecycleStatus
from outward.customers.models import Customer

LINK_MINUTES = 20


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _display_name(customer: Customer) -> str:
    first = customer.name.split()[0] if customer.name.split() else "Member"
    return f"{first} {customer.name.split()[-1][:1]}." if len(customer.name.split()) > 1 else first


def member_for(customer: Customer) -> Member:
    member, _ = Member.objects.get_or_create(
        customer=customer, defaults={"display_name": _display_name(customer)[:60]}
    )
    return member


def request_link(email: str, now: dt.datetime | None = None) -> tuple[Member, str] | None:
    """The member and a new sign-in token for the active customer with this e-mail, or None
    (no such customer, or banned): the caller e-mails the link and says the same either way."""
    now = now or timezone.now()
    address = email.strip().lower()
    if "@" not in address or len(address) > 254:
        raise ValidationError(_("Not an e-mail address."), field_errors={"email": _("Check it.")})
    customer = Customer.objects.filter(email__iexact=address, status=LifecycleStatus.ACTIVE).first()
    if customer is None:
        return None
    member = member_for(customer)
    if member.banned_at is not None:
        return None
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        member=member, token_hash=_hash(token), expires_at=now + dt.timedelta(minutes=LINK_MINUTES)
    )
    return member, token


def redeem_link(token: str, now: dt.datetime | None = None) -> Member | None:
    """The member a link signs in, once; None when it is unknown, used or expired."""
    now = now or timezone.now()
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update()
            .select_related("member")
            .filter(token_hash=_hash(token), used_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if link is None or link.member.banned_at is not None:
            return None
        link.used_at = now
        link.save(update_fields=["used_at"])
    return link.member


def rename(member: Member, display_name: str) -> Member:
    name = " ".join(display_name.split())
    if not 2 <= len(name) <= 60:
        raise ValidationError(
            _("Check the name."), field_errors={"display_name": _("2 to 60 characters.")}
        )
    member.display_name = name
    member.save(update_fields=["display_name", "updated_at"])
    return member
