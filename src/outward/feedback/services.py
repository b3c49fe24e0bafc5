"""Recording customer voice: one item or an all-or-nothing batch, idempotent per source; and
the per-item analysis every channel schedules after writing.

Sentiment and root cause depend on one item's text only, so they are computed as items
arrive (in chunks, vectorized by the analytics core) and stored on the item; themes, drivers
and emerging issues need the whole corpus and are computed from `feedback.analysis` tables."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from outward.analytics.rootcause import classify_root_causes
from outward.analytics.sentiment import score_texts
from outward.core import audit
from outward.core.errors import ValidationError
from outward.customers import services as customer_services
from outward.customers.models import Customer, Product, ProductBatch, Touchpoint
from outward.feedback import bulk as feedback_bulk
from outward.feedback.choices import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    SCORE_RANGES,
    Source,
)
from outward.feedback.models import FeedbackItem
from outward.feedback.signals import items_analysed

# Clocks drift; an occurred_at further ahead than this is a mistake, not a skew.
FUTURE_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True)
class FeedbackDraft:
    """What a source tells us; references are by public key, resolved by the service."""

    source: str
    text: str = ""
    external_id: str = ""
    customer_id: uuid.UUID | None = None
    customer_external_id: str | None = None
    customer_email: str | None = None
    touchpoint: str | None = None  # touchpoint slug
    product: str | None = None  # product SKU
    batch: str | None = None  # lot code of a batch of `product`
    language: str = "en"
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    occurred_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemError:
    index: int
    field: str
    message: str


class BatchRejected(ValidationError):
    """A batch with at least one bad item; nothing of it was stored."""

    def __init__(self, errors: list[ItemError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the batch; nothing was stored.")
        self.errors = errors


@dataclass(frozen=True)
class Recorded:
    item: FeedbackItem
    created: bool


class _References:
    """Every customer, touchpoint, product and batch a batch names, fetched in a few queries."""

    def __init__(self, drafts: Sequence[FeedbackDraft]) -> None:
        ids = {d.customer_id for d in drafts if d.customer_id}
        ext = {d.customer_external_id for d in drafts if d.customer_external_id}
        emails = {d.customer_email.strip().lower() for d in drafts if d.customer_email}
        self.by_id = {c.pk: c for c in Customer.objects.filter(pk__in=ids)} if ids else {}
        self.by_ext = (
            {c.external_id: c for c in Customer.objects.filter(external_id__in=ext)} if ext else {}
        )
        self.by_email = (
            {c.email.lower(): c for c in Customer.objects.filter(email__in=emails)}
            if emails
            else {}
        )
        self._by_kind: dict[str, dict[Any, Customer]] = {
            "customer_id": self.by_id,
            "customer_external_id": self.by_ext,
            "customer_email": self.by_email,
        }
        slugs = {d.touchpoint for d in drafts if d.touchpoint}
        self.touchpoints = {t.slug: t for t in Touchpoint.objects.filter(slug__in=slugs)}
        skus = {d.product for d in drafts if d.product}
        self.products = {p.sku: p for p in Product.objects.filter(sku__in=skus)}
        lots = {d.batch for d in drafts if d.batch}
        self.batches = {
            (b.product.sku, b.lot_code): b
            for b in ProductBatch.objects.filter(lot_code__in=lots).select_related("product")
        }

    def customer(self, kind: str, key: uuid.UUID | str) -> Customer | None:
        if isinstance(key, str) and kind == "customer_email":
            key = key.strip().lower()
        return self._by_kind[kind].get(key)


def _validate(
    index: int, draft: FeedbackDraft, refs: _References
) -> tuple[FeedbackItem | None, list[ItemError]]:
    errors: list[ItemError] = []

    def fail(name: str, message: str) -> None:
        errors.append(ItemError(index, name, message))

    if draft.source not in Source.values:
        fail("source", f"Unknown source {draft.source!r}; one of {', '.join(Source.values)}.")
    if len(draft.external_id) > 200:
        fail("external_id", "At most 200 characters.")
    if len(draft.text) > MAX_TEXT_CHARS:
        fail("text", f"At most {MAX_TEXT_CHARS} characters.")
    if "\x00" in draft.text or "\x00" in draft.external_id:
        fail("text" if "\x00" in draft.text else "external_id", "Contains a NUL character.")
    if len(draft.language) > 12:
        fail("language", "At most 12 characters (a language tag such as en or pt-BR).")
    if "\\u0000" in json.dumps(draft.raw, default=str):
        fail("raw", "Contains a NUL character.")
    for name, (low, high) in SCORE_RANGES.items():
        value = getattr(draft, name)
        if value is not None and not low <= value <= high:
            fail(name, f"Must be between {low} and {high}.")
    if len(draft.tags) > MAX_TAGS:
        fail("tags", f"At most {MAX_TAGS} tags.")
    if any(len(tag) > MAX_TAG_CHARS or not tag.strip() for tag in draft.tags):
        fail("tags", f"Each tag holds 1 to {MAX_TAG_CHARS} characters.")
    no_score = all(getattr(draft, n) is None for n in SCORE_RANGES)
    if not draft.text.strip() and no_score and not draft.tags:
        fail("text", "Give a text, a score or a tag.")
    occurred_at = draft.occurred_at or timezone.now()
    if timezone.is_naive(occurred_at):
        fail("occurred_at", "Give a time zone (e.g. 2026-05-01T10:00:00Z).")
    elif occurred_at > timezone.now() + FUTURE_TOLERANCE:
        fail("occurred_at", "Lies in the future.")

    customer = None
    named = [
        (name, value)
        for name, value in (
            ("customer_id", draft.customer_id),
            ("customer_external_id", draft.customer_external_id),
            ("customer_email", draft.customer_email),
        )
        if value
    ]
    if len(named) > 1:
        fail(named[1][0], "Name the customer once: by id, external id or e-mail.")
    elif named:
        name, value = named[0]
        customer = refs.customer(name, value)
        if customer is None:
            fail(name, f"No customer {value}.")
    touchpoint = refs.touchpoints.get(draft.touchpoint) if draft.touchpoint else None
    if draft.touchpoint and touchpoint is None:
        fail("touchpoint", f"No touchpoint {draft.touchpoint!r}.")
    product = refs.products.get(draft.product) if draft.product else None
    if draft.product and product is None:
        fail("product", f"No product with SKU {draft.product!r}.")
    batch = None
    if draft.batch:
        if not draft.product:
            fail("batch", "Name the product of the batch too.")
        else:
            batch = refs.batches.get((draft.product, draft.batch))
            if batch is None and product is not None:
                fail("batch", f"No batch {draft.batch!r} of {draft.product!r}.")
    if errors:
        return None, errors
    return FeedbackItem(
        source=draft.source,
        external_id=draft.external_id,
        customer=customer,
        touchpoint=touchpoint,
        product=product,
        batch=batch,
        text=draft.text,
        language=draft.language or "en",
        nps=draft.nps,
        csat=draft.csat,
        ces=draft.ces,
        occurred_at=occurred_at,
        received_at=timezone.now(),
        raw=draft.raw,
        tags=list(draft.tags),
    ), []


def record_feedback_batch(drafts: Sequence[FeedbackDraft]) -> list[Recorded]:
    """Store every draft or none. A draft whose (source, external_id) is already stored, or
    repeats one earlier in the batch, is answered with the stored item instead of a new one."""
    refs = _References(drafts)
    candidates: list[FeedbackItem] = []
    errors: list[ItemError] = []
    for index, draft in enumerate(drafts):
        item, item_errors = _validate(index, draft, refs)
        errors.extend(item_errors)
        if item is not None:
            candidates.append(item)
    if errors:
        raise BatchRejected(errors)

    keys = {(c.source, c.external_id) for c in candidates if c.external_id}
    with transaction.atomic():
        existing = _stored_by_key(keys)
        fresh: list[FeedbackItem] = []
        claimed: set[tuple[str, str]] = set()
        for item in candidates:
            key = (item.source, item.external_id)
            if item.external_id and (key in existing or key in claimed):
                continue
            if item.external_id:
                claimed.add(key)
            fresh.append(item)
        # ignore_conflicts: a concurrent delivery of the same key may commit first; the
        # re-read below then finds its item, so nothing is stored twice.
        FeedbackItem.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
        stored = existing | _stored_by_key(claimed)
        fresh_ids = {item.pk for item in fresh}
        results: list[Recorded] = []
        for item in candidates:
            if not item.external_id:
                results.append(Recorded(item=item, created=True))
                continue
            found = stored[(item.source, item.external_id)]
            if found.pk == item.pk:
                found = item  # ours, with its references already loaded
            results.append(Recorded(item=found, created=found.pk in fresh_ids))
            fresh_ids.discard(found.pk)  # a repeat within the batch is not a second creation
        created = [r.item for r in results if r.created]
        audit.record_bulk("create", created)
        if created:
            schedule_analysis()
    return results


def _stored_by_key(keys: set[tuple[str, str]]) -> dict[tuple[str, str], FeedbackItem]:
    if not keys:
        return {}
    by_source: dict[str, list[str]] = {}
    for source, external_id in keys:
        by_source.setdefault(source, []).append(external_id)
    found: dict[tuple[str, str], FeedbackItem] = {}
    for source, external_ids in by_source.items():
        for start in range(0, len(external_ids), 500):
            chunk = external_ids[start : start + 500]
            for item in FeedbackItem.objects.filter(source=source, external_id__in=chunk):
                found[(item.source, item.external_id)] = item
    return found


def record_checked_feedback(item: FeedbackItem) -> FeedbackItem:
    """Store an item a channel's own service has already checked and resolved (a survey
    response: its scores were validated against the questions, its customer and touchpoint
    are the invitation's). One INSERT instead of the reference look-ups of a batch; the
    database's constraints still back the scores and the (source, external_id) key up.

    Call it inside the channel's transaction, with an external id unique to the source
    event (the response id), so the caller's own lock makes a retry find its stored item.
    """
    if not item.external_id:
        raise ValidationError("A checked item needs an external id.", field_errors={})
    with transaction.atomic(savepoint=False):
        item.save(force_insert=True)
    schedule_analysis()
    return item


def record_feedback(draft: FeedbackDraft) -> Recorded:
    """Store one item (or find the stored one with the same source and external id)."""
    try:
        return record_feedback_batch([draft])[0]
    except BatchRejected as rejected:
        raise ValidationError(
            "Invalid feedback.",
            field_errors={e.field: e.message for e in rejected.errors},
        ) from rejected


# Per-item analysis

ANALYSIS_CHUNK = 2_000
# While this key is in the cache an analysis task is already queued: writers in a burst
# (an import commits a chunk every second) queue one task, not one each.
PENDING_KEY = "outward:feedback-analysis-queued"
PENDING_SECONDS = 300


# When this process last saw an analysis task queued. Within the recheck interval it does not
# ask the cache again: under a stream of survey responses that read was one query in eight.
# An item written in that interval just after the task's last pass waits for the next write
# or for the clock's sweep (`sweep_pending_analysis`, every minute).
_seen_queued_at = float("-inf")


def schedule_analysis() -> None:
    """Queue the analysis of new items once the current transaction commits."""
    transaction.on_commit(_enqueue_analysis)


def _enqueue_analysis() -> None:
    global _seen_queued_at
    from outward.feedback.tasks import analyse_feedback

    now = time.monotonic()
    if now - _seen_queued_at < settings.OUTWARD_ANALYSIS_RECHECK_SECONDS:
        return
    # The read first: while a task is queued (a burst), no cache write per item.
    if cache.get(PENDING_KEY) is None and cache.add(PENDING_KEY, 1, timeout=PENDING_SECONDS):
        analyse_feedback.enqueue()
    _seen_queued_at = now


def sweep_pending_analysis() -> bool:
    """Queue the analysis if any item still waits for it (the clock calls this every minute);
    whether a task was queued."""
    if not FeedbackItem.objects.filter(analysed_at__isnull=True).exists():
        return False
    from outward.feedback.tasks import analyse_feedback

    if cache.add(PENDING_KEY, 1, timeout=PENDING_SECONDS):
        analyse_feedback.enqueue()
        return True
    return False


# What the analysis and the receivers of `items_analysed` read of each item (one query).
ANALYSED_FIELDS = (
    "id",
    "text",
    "customer_id",
    "occurred_at",
    "source",
    "touchpoint_id",
    "product_id",
    "batch_id",
    "nps",
    "csat",
    "ces",
    "imported",
    "received_at",
)


def analyse_pending_feedback(chunk: int = ANALYSIS_CHUNK) -> int:
    """Score sentiment and root cause of every item not analysed yet, a chunk at a time, and
    move each customer's last_heard_at forward (the coverage page's rollup).

    Each chunk is written in one transaction; an item written while this runs is picked up
    by the next pass of the loop (or the next task), never skipped. Items that arrive one by
    one (a survey answer, the API, a form) go first: while a bulk import of a million rows
    waits for its analysis, a new item still joins the board within a chunk.
    """
    cache.delete(PENDING_KEY)
    done = 0
    pending = FeedbackItem.objects.filter(analysed_at__isnull=True).only(*ANALYSED_FIELDS)
    while True:
        batch = list(pending.filter(imported=False).order_by("received_at", "id")[:chunk])
        if len(batch) < chunk:
            batch += pending.filter(imported=True).order_by("received_at", "id")[
                : chunk - len(batch)
            ]
        if not batch:
            return done
        texts = [item.text for item in batch]
        sentiment = score_texts(texts)
        causes = classify_root_causes(texts)
        now = timezone.now()
        for i, item in enumerate(batch):
            has_text = bool(item.text.strip())
            item.sentiment = float(sentiment[i]) if has_text else None
            item.root_cause = str(causes.categories[i]) if has_text else ""
            item.root_cause_cues = list(causes.cues[i])
            item.analysed_at = now
        heard: dict[uuid.UUID, datetime] = {}
        for item in batch:
            if item.customer_id is not None:
                seen = heard.get(item.customer_id, item.occurred_at)
                heard[item.customer_id] = max(item.occurred_at, seen)
        with transaction.atomic():
            feedback_bulk.store_analysis(batch)
            customer_services.note_contact(heard=heard)
            items_analysed.send(sender=FeedbackItem, items=batch)
        done += len(batch)
