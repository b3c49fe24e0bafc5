"""API v1: one's alerts and alert rules; webhook endpoints and their delivery log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from outward.accounts.api_auth import api_requires, caller
from outward.alerts import selectors
from outward.alerts.models import AlertRule, WebhookDelivery, WebhookEndpoint
from outward.alerts.schemas import (
    AlertPage,
    AlertQuery,
    DeliveryOut,
    EndpointCreatedOut,
    EndpointIn,
    EndpointOut,
    RuleIn,
    RuleOut,
)
from outward.alerts.services import rules, webhooks
from outward.core.api import referenced
from outward.core.errors import NotFound
from outward.core.pagination import paginate
from outward.core.permissions import Perm
from outward.customers.models import Product, Touchpoint
from outward.insights.models import Theme

router = Router(tags=["alerts"])
DELIVERY_LIMIT = 100


@router.get("/alerts", response=AlertPage, **api_requires(Perm.ALERTS_VIEW))
def my_alerts(request: HttpRequest, query: Query[AlertQuery]) -> Any:
    """The caller's alerts, newest first."""
    alerts = selectors.alerts_of(caller(request))
    if query.kind:
        alerts = alerts.filter(event__kind=query.kind)
    return paginate(alerts, ordering=["-id"], cursor=query.cursor, limit=query.limit)


@router.get("/alerts/rules", response=list[RuleOut], **api_requires(Perm.ALERTS_VIEW))
def my_rules(request: HttpRequest) -> list[AlertRule]:
    return list(selectors.rules_of(caller(request)))


@router.post("/alerts/rules", response={201: RuleOut}, **api_requires(Perm.ALERTS_SUBSCRIBE))
def add_rule(request: HttpRequest, body: RuleIn) -> Status:
    """Subscribe the caller to a kind of event (filters optional)."""
    spec = rules.RuleSpec(
        kind=body.kind,
        email=body.email,
        threshold=body.threshold,
        window_days=body.window_days,
        theme=referenced(Theme.objects.all(), body.theme_id, field="theme_id")
        if body.theme_id
        else None,
        segment=body.segment,
        region=body.region,
        touchpoint=referenced(Touchpoint.objects.all(), body.touchpoint_id, field="touchpoint_id")
        if body.touchpoint_id
        else None,
        product=referenced(Product.objects.all(), body.product_id, field="product_id")
        if body.product_id
        else None,
        endpoint=referenced(WebhookEndpoint.objects.all(), body.endpoint_id, field="endpoint_id")
        if body.endpoint_id
        else None,
    )
    return Status(201, rules.add_rule(caller(request), spec))


@router.delete(
    "/alerts/rules/{rule_id}", response={204: None}, **api_requires(Perm.ALERTS_SUBSCRIBE)
)
def delete_rule(request: HttpRequest, rule_id: int) -> Status:
    rule = selectors.rules_of(caller(request)).filter(pk=rule_id).first()
    if rule is None:
        raise NotFound("No such rule of yours.")
    rules.remove_rule(rule)
    return Status(204, None)


@router.get("/alerts/webhooks", response=list[EndpointOut], **api_requires(Perm.ALERTS_MANAGE))
def endpoints(request: HttpRequest) -> list[WebhookEndpoint]:
    return list(selectors.endpoints())


@router.post(
    "/alerts/webhooks", response={201: EndpointCreatedOut}, **api_requires(Perm.ALERTS_MANAGE)
)
def add_endpoint(request: HttpRequest, body: EndpointIn) -> Status:
    """A webhook alerts can be posted to; the answer holds its signing secret."""
    endpoint = webhooks.add_endpoint(
        name=body.name, url=body.url, fmt=body.format, by=caller(request)
    )
    return Status(201, endpoint)


def _delivery(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": d.pk,
        "event": d.event,
        "state": d.state,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at,
        "delivered_at": d.delivered_at,
        "log": list(d.attempt_log.all()),
    }


@router.get(
    "/alerts/webhooks/{endpoint_id}/deliveries",
    response=list[DeliveryOut],
    **api_requires(Perm.ALERTS_MANAGE),
)
def deliveries(request: HttpRequest, endpoint_id: int) -> list[dict[str, Any]]:
    """The endpoint's delivery log, newest first, each with its attempts."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound("No such webhook.")
    return [_delivery(d) for d in selectors.deliveries_of(endpoint)[:DELIVERY_LIMIT]]
