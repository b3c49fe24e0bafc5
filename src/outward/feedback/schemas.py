"""API schemas for feedback: one item in, a batch in, items out, the list's filters.

The schemas check the shape (types, lengths, unknown fields); the service checks the content
(score ranges, references, a text, a score or a tag), so a batch's content errors come back
per item:
`{"index": 3, "field": "nps", "message": "..."}`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from django.conf import settings
from ninja import Schema
from pydantic import Field, JsonValue, field_validator

from outward.core.api import (
    Day,
    InSchema,
    JsonObject,
    Moment,
    PageQuery,
    SmallInt,
    Text,
    WholeNumber,
)
from outward.feedback.choices import MAX_TAG_CHARS, MAX_TAGS, SCORE_RANGES, Source
from outward.feedback.models import FeedbackItem
from outward.feedback.services import FeedbackDraft

Key = Annotated[Text, Field(min_length=1, max_length=200)]
ThemeId = Annotated[int, Field(ge=1, le=2**53)]


def _range(score: str) -> dict[str, JsonValue]:
    low, high = SCORE_RANGES[score]
    return {"minimum": low, "maximum": high}


class FeedbackIn(InSchema):
    source: Source = Source.API
    external_id: Annotated[Text, Field(max_length=200)] = Field(
        "",
        description="The source's id for the item: a retry with the same one is not stored twice",
    )
    customer_id: uuid.UUID | None = None
    customer_external_id: Key | None = None
    customer_email: Key | None = None
    touchpoint: Key | None = Field(None, description="Touchpoint slug")
    product: Key | None = Field(None, description="Product SKU")
    batch: Key | None = Field(None, description="Lot code of a batch of `product`")
    text: Text = ""
    language: Annotated[Text, Field(min_length=1, max_length=12)] = "en"
    # Ranges checked by the service (so a batch names each bad item), published here.
    nps: WholeNumber | None = Field(
        None, description="Net Promoter score, 0 to 10", json_schema_extra=_range("nps")
    )
    csat: WholeNumber | None = Field(
        None, description="Customer satisfaction, 1 to 5", json_schema_extra=_range("csat")
    )
    ces: WholeNumber | None = Field(
        None, description="Customer effort, 1 to 7", json_schema_extra=_range("ces")
    )
    occurred_at: Moment | None = Field(None, description="When it happened; default: now")
    raw: JsonObject = Field(default_factory=dict, description="The source's own payload")
    tags: list[Annotated[Text, Field(min_length=1, max_length=MAX_TAG_CHARS)]] = Field(
        default_factory=list,
        max_length=MAX_TAGS,
        description="The source's categories for the item (ticket tags, product, issue)",
    )

    @field_validator("external_id", "customer_external_id", "customer_email", mode="after")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        # "T-1 " and "T-1" are one ticket: a retry must find the stored item.
        return value.strip() if value is not None else None

    def to_draft(self) -> FeedbackDraft:
        return FeedbackDraft(
            source=self.source,
            text=self.text,
            external_id=self.external_id,
            customer_id=self.customer_id,
            customer_external_id=self.customer_external_id,
            customer_email=self.customer_email,
            touchpoint=self.touchpoint,
            product=self.product,
            batch=self.batch,
            language=self.language,
            nps=self.nps,
            csat=self.csat,
            ces=self.ces,
            occurred_at=self.occurred_at,
            raw=self.raw,
            tags=tuple(tag.strip() for tag in self.tags),
        )


class FeedbackBatchIn(InSchema):
    items: list[FeedbackIn] = Field(description="1 to OUTWARD_FEEDBACK_BATCH_LIMIT (1,000) items")

    @field_validator("items", mode="before")
    @classmethod
    def _within_limit(cls, value: Any) -> Any:
        # Checked before the items are validated, so an oversized batch costs nothing more.
        limit: int = settings.OUTWARD_FEEDBACK_BATCH_LIMIT
        if isinstance(value, list) and len(value) > limit:
            raise ValueError(f"A batch holds at most {limit} items; this one has {len(value)}.")
        if isinstance(value, list) and not value:
            raise ValueError("A batch holds at least one item.")
        return value


class FeedbackOut(Schema):
    id: uuid.UUID
    source: str
    external_id: str
    customer_id: uuid.UUID | None
    touchpoint: str | None = Field(description="Touchpoint slug")
    product: str | None = Field(description="Product SKU")
    batch: str | None = Field(description="Batch lot code")
    text: str
    language: str
    nps: int | None
    csat: int | None
    ces: int | None
    occurred_at: datetime
    received_at: datetime
    raw: dict[str, Any]
    tags: list[str]
    sentiment: float | None = Field(
        description="The text's sentiment in [-1, 1]; null until analysed or without text"
    )
    sentiment_label: str = Field(
        description='"positive", "neutral" or "negative" as shown to people, never against '
        'the item\'s own score (an NPS 3 is not "positive"); "" until analysed'
    )
    root_cause: str = Field(description="Root-cause category; empty until analysed")
    root_cause_cues: list[str] = Field(description="The phrases the root cause rests on")
    theme_id: int | None = Field(description="The item's theme; null until themed or other")
    analysed_at: datetime | None

    @staticmethod
    def resolve_touchpoint(obj: FeedbackItem) -> str | None:
        return obj.touchpoint.slug if obj.touchpoint is not None else None

    @staticmethod
    def resolve_product(obj: FeedbackItem) -> str | None:
        return obj.product.sku if obj.product is not None else None

    @staticmethod
    def resolve_batch(obj: FeedbackItem) -> str | None:
        return obj.batch.lot_code if obj.batch is not None else None


class RecordedOut(Schema):
    index: int
    id: uuid.UUID
    external_id: str
    created: bool


class BatchResultOut(Schema):
    created: int = Field(description="How many items were stored by this request")
    existing: int = Field(description="How many were already stored (retries)")
    items: list[RecordedOut]


class FeedbackQuery(PageQuery):
    since: Moment | Day | None = Field(
        None, description="occurred_at on or after (a date: from its start)"
    )
    until: Moment | Day | None = Field(
        None, description="occurred_at before (a date: up to its end, inclusive)"
    )
    source: Source | None = None
    touchpoint: Key | None = Field(None, description="Touchpoint slug")
    customer_id: uuid.UUID | None = None
    product: Key | None = Field(None, description="Product SKU")
    theme_id: ThemeId | None = Field(None, description="Theme id (see /insights/issues)")
    nps_min: SmallInt | None = None
    nps_max: SmallInt | None = None
    csat_min: SmallInt | None = None
    csat_max: SmallInt | None = None
    ces_min: SmallInt | None = None
    ces_max: SmallInt | None = None


class FeedbackPage(Schema):
    items: list[FeedbackOut]
    next_cursor: str | None
