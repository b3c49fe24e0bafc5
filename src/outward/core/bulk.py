"""Bulk inserts that skip rows whose unique key is stored already, fast on both databases.

Table mechanics only, for the bulk writers each app keeps beside its tables
(`customers.bulk`, `feedback.bulk`): what a row means is theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models.constants import OnConflict

LOOKUP_SLICE = 500  # parameters per IN (...) query: under SQLite's limit on every build
UPSERT_ROWS = 100  # rows per INSERT ... ON CONFLICT statement of `add_counts`


def sliced(values: Iterable[Any], size: int = LOOKUP_SLICE) -> Iterable[list[Any]]:
    """The values in sorted slices small enough for one IN (...) on every database."""
    ordered = sorted(values)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def stored_pks(model: type[models.Model], pks: Sequence[Any]) -> set[Any]:
    """Which of these primary keys are stored (after an insert that may have skipped some)."""
    kept: set[Any] = set()
    for start in range(0, len(pks), LOOKUP_SLICE):
        part = pks[start : start + LOOKUP_SLICE]
        kept.update(
            model._default_manager.filter(pk__in=part).order_by().values_list("pk", flat=True)
        )
    return kept


_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField)


def insert_ignoring_conflicts(
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


def add_counts(
    model: type[models.Model],
    key: Sequence[str],
    counts: Sequence[str],
    rows: Mapping[tuple[Any, ...], Sequence[float]],
) -> None:
    """Add counts to a rollup table: INSERT ... ON CONFLICT (key) DO UPDATE SET c = c +
    excluded.c for every count column (one statement per UPSERT_ROWS rows, SQLite and
    PostgreSQL alike). `rows` maps key values (in `key`'s order; field names or attnames)
    to the counts to add (in `counts`' order). Runs in the caller's transaction."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    table = model._meta.db_table
    quote = connection.ops.quote_name
    key_fields = [_column_field(model, name) for name in key]
    count_columns = [_column_field(model, name).column for name in counts]
    columns = [f.column for f in key_fields] + count_columns
    # Values the driver cannot take as they are (dates, ids) go through their field.
    adapt = [
        None if isinstance(f, _PLAIN) and not isinstance(f, models.ForeignKey) else f
        for f in key_fields
    ]
    names = ", ".join(quote(c) for c in columns)
    updates = ", ".join(
        f"{quote(c)} = {quote(table)}.{quote(c)} + excluded.{quote(c)}" for c in count_columns
    )
    keys = ", ".join(quote(f.column) for f in key_fields)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    items = list(rows.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), UPSERT_ROWS):
            part = items[start : start + UPSERT_ROWS]
            params: list[Any] = []
            for values_of_key, totals in part:
                params.extend(
                    v if f is None else f.get_db_prep_value(v, connection)
                    for f, v in zip(adapt, values_of_key, strict=True)
                )
                params.extend(totals)
            values = ", ".join([row] * len(part))
            # Quoted names of our own table and columns; every value is a parameter.
            sql = (
                f"INSERT INTO {quote(table)} ({names}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
            )
            cursor.execute(sql, params)


def _column_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's concrete field of this name or attname."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    assert field.column, name
    return field
