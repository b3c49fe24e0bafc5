"""Customers found or created for many rows at once (an import chunk), in a few queries.

Called inside the caller's transaction. Customers are looked up by external id and by
e-mail, created with one insert that skips conflicts (a concurrent writer may create the same
customer first: its row wins and is used) and filled in with one bulk update. A value is
never overwritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.db.models.functions import Lower

from outward.core.bulk import insert_ignoring_conflicts, sliced, stored_pks
from outward.customers.models import Customer

UPDATE_BATCH = 500


class CustomerFacts(Protocol):
    """What one row says of its customer (an import's parsed row has these attributes)."""

    @property
    def row(self) -> int: ...
    @property
    def customer_external_id(self) -> str: ...
    @property
    def customer_email(self) -> str: ...  # lower case
    @property
    def customer_name(self) -> str: ...
    @property
    def segment(self) -> str: ...
    @property
    def region(self) -> str: ...


@dataclass(eq=False)
class _Customer:
    """What the upsert needs of a customer (model instances cost ten times more to make)."""

    pk: uuid.UUID
    name: str
    external_id: str | None
    email: str
    segment: str
    region: str
    stored: bool = True


_CUSTOMER_FIELDS = ("pk", "name", "external_id", "email", "segment", "region")


@dataclass
class CustomerWrites:
    ids: dict[int, uuid.UUID] = field(default_factory=dict)  # row number -> customer id
    created: list[Customer] = field(default_factory=list)
    updated: list[Customer] = field(default_factory=list)


def _is_placeholder(customer: _Customer) -> bool:
    """A name we made up when the customer was created without one."""
    return customer.name in {"", customer.email, customer.external_id or ""}


def _model(customer: _Customer) -> Customer:
    return Customer(
        id=customer.pk,
        name=customer.name,
        external_id=customer.external_id,
        email=customer.email,
        segment=customer.segment,
        region=customer.region,
    )


def upsert_customers(rows: Sequence[CustomerFacts], now: datetime) -> CustomerWrites:
    """Find each row's customer by external id, else by e-mail; create the unknown ones; fill
    in a missing name, segment, region, e-mail or external id. Never overwrites a value.

    An unknown external id with the e-mail of a customer who has another external id is a
    different customer: created without the e-mail, which belongs to the other one.
    """
    ext_ids = {r.customer_external_id for r in rows if r.customer_external_id}
    if not ext_ids and not any(r.customer_email for r in rows):
        return CustomerWrites()
    by_ext, by_email = _existing(ext_ids, set())
    # E-mails matter where the id finds nobody, or finds someone without an e-mail (who may
    # get this one, unless another customer has it): look only those up.
    emails = set()
    for r in rows:
        if r.customer_email and r.customer_email not in by_email:
            owner = by_ext.get(r.customer_external_id) if r.customer_external_id else None
            if owner is None or not owner.email:
                emails.add(r.customer_email)
    if emails:
        more_ext, more_email = _existing(set(), emails)
        for key, extra in more_ext.items():
            by_ext.setdefault(key, extra)
        for key, extra in more_email.items():
            by_email.setdefault(key, by_ext.get(extra.external_id or "", extra))
    fresh: list[_Customer] = []
    changed: dict[uuid.UUID, set[str]] = {}
    chosen: dict[int, _Customer] = {}
    for row in rows:
        ext, email = row.customer_external_id, row.customer_email
        if not ext and not email:
            continue
        customer = by_ext.get(ext) if ext else None
        if customer is None and email:
            match = by_email.get(email)
            if match is not None and (not ext or not match.external_id):
                customer = match
        if customer is None:
            customer = _Customer(
                pk=uuid.uuid4(),
                name=(row.customer_name or email or ext)[:200],
                external_id=ext or None,
                email=email if email not in by_email else "",
                segment=row.segment,
                region=row.region,
                stored=False,
            )
            fresh.append(customer)
            if ext:
                by_ext[ext] = customer
            if customer.email:
                by_email[email] = customer
        else:
            fills = _fill_in(customer, row, by_ext, by_email)
            if fills and customer.stored:
                changed.setdefault(customer.pk, set()).update(fills)
        chosen[row.row] = customer

    writes = CustomerWrites()
    if fresh:
        inserted = insert_ignoring_conflicts(
            Customer,
            [
                {
                    "id": c.pk,
                    "name": c.name,
                    "external_id": c.external_id,
                    "email": c.email,
                    "segment": c.segment,
                    "region": c.region,
                }
                for c in fresh
            ],
            now,
        )
        # A concurrent import may have created some of them first: theirs win.
        everyone = inserted == len(fresh)
        kept = {c.pk for c in fresh} if everyone else stored_pks(Customer, [c.pk for c in fresh])
        writes.created = [_model(c) for c in fresh if c.pk in kept]
        lost = [c for c in fresh if c.pk not in kept]
        if lost:
            won_ext, won_email = _existing(
                {c.external_id for c in lost if c.external_id}, {c.email for c in lost if c.email}
            )
            for number, customer in list(chosen.items()):
                if customer in lost:
                    winner = won_ext.get(customer.external_id or "") or won_email.get(
                        customer.email
                    )
                    if winner is None:
                        del chosen[number]
                    else:
                        chosen[number] = winner
    if changed:
        updated = [
            _model(c) for c in {c.pk: c for c in chosen.values()}.values() if c.pk in changed
        ]
        fields = sorted({f for fills in changed.values() for f in fills} | {"updated_at"})
        for model in updated:
            model.updated_at = now  # bulk_update skips auto_now
        Customer.objects.bulk_update(updated, fields, batch_size=UPDATE_BATCH)
        writes.updated = updated
    writes.ids = {number: c.pk for number, c in chosen.items()}
    return writes


def _existing(
    ext_ids: set[str], emails: set[str]
) -> tuple[dict[str, _Customer], dict[str, _Customer]]:
    """Stored customers by external id and by lower-case e-mail (one object per customer)."""
    by_pk: dict[uuid.UUID, _Customer] = {}
    for part in sliced(ext_ids):
        query = Customer.objects.filter(external_id__in=part).order_by()
        by_pk.update((v[0], _Customer(*v)) for v in query.values_list(*_CUSTOMER_FIELDS))
    for part in sliced(emails):
        # The same condition as the partial unique index on LOWER(email), so SQLite uses it.
        query = (
            Customer.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=part)
            .exclude(email="")
            .order_by()
        )
        for values in query.values_list(*_CUSTOMER_FIELDS):
            by_pk.setdefault(values[0], _Customer(*values))
    by_ext = {c.external_id: c for c in by_pk.values() if c.external_id}
    by_email = {c.email.lower(): c for c in by_pk.values() if c.email}
    return by_ext, by_email


def _fill_in(
    customer: _Customer,
    row: CustomerFacts,
    by_ext: dict[str, _Customer],
    by_email: dict[str, _Customer],
) -> set[str]:
    """Set what the customer lacks and the row has; the names of the fields set."""
    fills: set[str] = set()
    if row.customer_name and _is_placeholder(customer) and customer.name != row.customer_name:
        customer.name = row.customer_name[:200]
        fills.add("name")
    for name in ("segment", "region"):
        value = getattr(row, name)
        if value and not getattr(customer, name):
            setattr(customer, name, value)
            fills.add(name)
    ext, email = row.customer_external_id, row.customer_email
    if ext and not customer.external_id and ext not in by_ext:
        customer.external_id = ext
        by_ext[ext] = customer
        fills.add("external_id")
    if email and not customer.email and email not in by_email:
        customer.email = email
        by_email[email] = customer
        fills.add("email")
    return fills
