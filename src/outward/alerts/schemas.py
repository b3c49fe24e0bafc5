"""API schemas of alerts: rules, alerts, webhooks and their deliveries (every field listed)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from outward.alerts.choices import AlertKind, DeliveryState, EmailMode, WebhookFormat
from outward.core.api import InSchema, PageQuery

Slice = Annotated[str, Field(max_length=50, pattern=r"^[^\x00]*$")]
DbId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class RuleIn(InSchema):
    kind: AlertKind
    email: EmailMode = EmailMode.IMMEDIATE
    threshold: float | None = Field(None, ge=-1e9, le=1e12)
    window_days: int = Field(7, ge=1, le=90)
    theme_id: DbId | None = None
    segment: Slice = ""
    region: Slice = ""
    touchpoint_id: DbId | None = None
    product_id: uuid.UUID | None = None
    endpoint_id: DbId | None = Field(None, description="A webhook (needs alerts.manage)")


class RuleOut(Schema):
    id: int
    kind: str
    enabled: bool
    email: str
    threshold: float | None
    window_days: int
    theme_id: int | None
    segment: str
    region: str
    touchpoint_id: int | None
    product_id: uuid.UUID | None
    endpoint_id: int | None
    created_at: datetime


class EventOut(Schema):
    key: str
    kind: str
    title: str
    summary: str
    link: str
    occurred_at: datetime
    context: dict[str, Any]


class AlertOut(Schema):
    id: int
    event: EventOut
    email: str
    emailed_at: datetime | None
    created_at: datetime


class AlertPage(Schema):
    items: list[AlertOut]
    next_cursor: str | None


class AlertQuery(PageQuery):
    kind: AlertKind | None = None


class EndpointIn(InSchema):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[^\x00]*$")
    url: str = Field(min_length=1, max_length=500, pattern=r"^[^\x00\s]*$")
    format: WebhookFormat


class EndpointOut(Schema):
    id: int
    name: str
    url: str
    format: str
    is_active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    disabled_reason: str
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(description="The signing secret (shown to managers of webhooks)")


class AttemptOut(Schema):
    at: datetime
    status_code: int | None
    ok: bool
    error: str
    duration_ms: int


class DeliveryOut(Schema):
    id: int
    event: EventOut
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    delivered_at: datetime | None
    log: list[AttemptOut]
