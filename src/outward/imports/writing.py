"""The bulk writes of one import chunk: customers upserted, feedback items inserted.

Called by `services` inside the chunk's transaction, never on their own. A few queries per
chunk whatever its size: customers are looked up by external id and by e-mail, created with
one bulk insert and filled in with one bulk update; feedback items whose (source, external
id) is stored already are counted as duplicates, the rest inserted with one bulk insert that
ignores conflicts (a concurrent run of the same file may commit first: its rows win, ours
count as duplicates).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.db.models.functions import Lower

from outward.customers.models import Customer
from outward.feedback.models import FeedbackItem
from outward.imports.parsing import ParsedRow

LOOKUP_SLICE = 500  # parameters per IN (...) query: under SQLite's limit on every build
INSERT_BATCH = 500


def _sliced(values: Iterable[str], size: int = LOOKUP_SLICE) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


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


def upsert_customers(rows: Sequence[ParsedRow], now: datetime) -> CustomerWrites:
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
        inserted = _insert_ignoring_conflicts(
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
        kept = {c.pk for c in fresh} if everyone else _stored_ids([c.pk for c in fresh])
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
        Customer.objects.bulk_update(updated, fields, batch_size=INSERT_BATCH)
        writes.updated = updated
    writes.ids = {number: c.pk for number, c in chosen.items()}
    return writes


def _stored_ids(ids: list[uuid.UUID]) -> set[uuid.UUID]:
    kept: set[uuid.UUID] = set()
    for start in range(0, len(ids), LOOKUP_SLICE):
        part = ids[start : start + LOOKUP_SLICE]
        kept.update(Customer.objects.filter(pk__in=part).order_by().values_list("pk", flat=True))
    return kept


def _existing(
    ext_ids: set[str], emails: set[str]
) -> tuple[dict[str, _Customer], dict[str, _Customer]]:
    """Stored customers by external id and by lower-case e-mail (one object per customer)."""
    by_pk: dict[uuid.UUID, _Customer] = {}
    for part in _sliced(ext_ids):
        query = Customer.objects.filter(external_id__in=part).order_by()
        by_pk.update((v[0], _Customer(*v)) for v in query.values_list(*_CUSTOMER_FIELDS))
    for part in _sliced(emails):
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
    row: ParsedRow,
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


@dataclass
class ItemWrites:
    created: list[dict[str, Any]]  # the values of the items created
    duplicates: int


def insert_items(
    rows: Sequence[ParsedRow], customers: dict[int, uuid.UUID], now: datetime
) -> ItemWrites:
    """Insert the rows not stored yet; count the others (stored before, or repeated within the
    chunk) as duplicates."""
    by_key: dict[tuple[str, str], ParsedRow] = {}
    for row in rows:
        by_key.setdefault((row.source, row.external_id), row)
    duplicates = len(rows) - len(by_key)
    stored: set[tuple[str, str]] = set()
    sources: dict[str, set[str]] = {}
    for source, external_id in by_key:
        sources.setdefault(source, set()).add(external_id)
    for source, external_ids in sources.items():
        for part in _sliced(external_ids):
            # exclude(external_id="") is the unique index's condition: without it SQLite
            # cannot use that index and scans every item of the source.
            found = (
                FeedbackItem.objects.filter(source=source, external_id__in=part)
                .exclude(external_id="")
                .order_by()
            )
            stored.update((source, e) for e in found.values_list("external_id", flat=True))
    duplicates += len(stored)
    fresh: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "source": row.source,
            "external_id": row.external_id,
            "customer_id": customers.get(row.row),
            "touchpoint_id": row.touchpoint_id,
            "product_id": row.product_id,
            "batch_id": row.batch_id,
            "text": row.text,
            "language": row.language,
            "nps": row.nps,
            "csat": row.csat,
            "ces": row.ces,
            "occurred_at": row.occurred_at or now,
            "received_at": now,
            "raw": row.raw,
            "tags": row.tags,
        }
        for key, row in by_key.items()
        if key not in stored
    ]
    inserted = _insert_ignoring_conflicts(FeedbackItem, fresh, now)
    if inserted == len(fresh):
        return ItemWrites(created=fresh, duplicates=duplicates)
    # Some rows did not go in: a concurrent run of the same file committed their keys between
    # our look-up and our insert (its rows win, ours are duplicates). Which ones?
    ids = [values["id"] for values in fresh]
    kept: set[uuid.UUID] = set()
    for start in range(0, len(ids), LOOKUP_SLICE):
        part = ids[start : start + LOOKUP_SLICE]
        query = FeedbackItem.objects.filter(pk__in=part).order_by()
        kept.update(query.values_list("pk", flat=True))
    created = [values for values in fresh if values["id"] in kept]
    return ItemWrites(created=created, duplicates=duplicates + len(fresh) - len(created))


_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField)


def _insert_ignoring_conflicts(
    model: type[models.Model], rows: Sequence[dict[str, Any]], now: datetime
) -> int:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE) of many rows at once.

    `bulk_create` spends most of an import compiling its SQL value by value (about 15 µs per
    field per row); this prepares only the values the driver cannot take as they are (ids,
    times, JSON, decimals) with the fields' own `get_db_prep_save`, then lets SQLite loop over
    the rows in C (`executemany`) or streams them to PostgreSQL with COPY. The fields a row
    does not give take their default, once for all rows; created_at and updated_at are `now`.
    No signals, like bulk_create.

    Returns how many rows went in, as the database counts them.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = list(model._meta.concrete_fields)
    given = set(rows[0])
    constant: dict[str, Any] = {}
    value: Any
    for f in fields:
        if f.attname in given:
            continue
        if f.attname in {"created_at", "updated_at"}:
            value = now
        else:
            value = f.get_default() if f.has_default() or not f.null else None
        constant[f.attname] = value if value is None else f.get_db_prep_save(value, connection)
    stamp = next(f for f in fields if isinstance(f, models.DateTimeField))
    prepared_now = stamp.get_db_prep_save(now, connection)

    def prep(f: models.Field[Any, Any], value: Any) -> Any:
        if value is None or (isinstance(f, _PLAIN) and not isinstance(f, models.ForeignKey)):
            return value
        if value is now:
            return prepared_now
        return f.get_db_prep_save(value, connection)

    per_row = [(f.attname, f) for f in fields if f.attname in given]
    columns_in_order = [f.attname for f in fields]
    params = []
    for row in rows:
        values = dict(constant)
        for attname, f in per_row:
            values[attname] = prep(f, row[attname])
        params.append(tuple(values[a] for a in columns_in_order))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            return _copy_then_insert(cursor.cursor, model._meta.db_table, columns, params, quote)
        # SQLite runs a prepared single-row statement fastest, looped in C.
        ops, table = connection.ops, quote(model._meta.db_table)
        head = f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {table} ({columns})"
        row_sql = f"({', '.join(['%s'] * len(fields))})"
        suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
        cursor.executemany(f"{head} VALUES {row_sql} {suffix}", params)
        return int(cursor.rowcount)


def _copy_then_insert(
    cursor: Any, table: str, columns: str, params: list[tuple[Any, ...]], quote: Any
) -> int:
    """PostgreSQL: COPY the rows into a temporary table shaped like the target, then one
    INSERT ... SELECT ... ON CONFLICT DO NOTHING. COPY streams the values without any SQL to
    build or parse (a many-row INSERT spends most of its time in the driver splitting the
    statement at its placeholders); the staging table lives as long as the connection and
    is emptied after each use, so a rolled-back chunk leaves nothing behind either."""
    stage = quote(f"import_stage_{table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} (LIKE {quote(table)} INCLUDING DEFAULTS)"
    )
    with cursor.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
        for row in params:
            copy.write_row(row)
    # Quoted names of our own table and columns; no values in the SQL.
    insert = f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {stage} "  # noqa: S608
    cursor.execute(insert + "ON CONFLICT DO NOTHING")
    inserted = int(cursor.rowcount)
    cursor.execute(f"TRUNCATE {stage}")
    return inserted
