"""Subscribing: a person's alert rules, checked field by field."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from outward.accounts.models import User
from outward.alerts.choices import AlertKind, EmailMode
from outward.alerts.matching import DETRACTOR_MAX
from outward.alerts.models import AlertRule, WebhookEndpoint
from outward.core.errors import ValidationError
from outward.core.permissions import Perm, user_has
from outward.customers.models import Product, Touchpoint
from outward.insights.models import Theme

DEFAULT_THRESHOLDS: dict[str, float] = {
    AlertKind.DETRACTOR: float(DETRACTOR_MAX),
    AlertKind.THEME_VOLUME: 50.0,
    AlertKind.THEME_SENTIMENT: -0.3,
    AlertKind.COMPETITOR_SWITCH: 10_000.0,
}


@dataclass(frozen=True)
class RuleSpec:
    """What a person asks for (forms and the API build one)."""

    kind: str
    email: str = EmailMode.IMMEDIATE
    threshold: float | None = None
    window_days: int = 7
    theme: Theme | None = None
    segment: str = ""
    region: str = ""
    touchpoint: Touchpoint | None = None
    product: Product | None = None
    endpoint: WebhookEndpoint | None = None


def _check(spec: RuleSpec, owner: User) -> dict[str, str]:
    errors: dict[str, str] = {}
    if spec.kind not in AlertKind.values:
        errors["kind"] = f"One of {', '.join(AlertKind.values)}."
    if spec.email not in EmailMode.values:
        errors["email"] = f"One of {', '.join(EmailMode.values)}."
    if not 1 <= spec.window_days <= 90:
        errors["window_days"] = "Between 1 and 90 days."
    t = spec.threshold
    if t is not None:
        if spec.kind == AlertKind.DETRACTOR and not 0 <= t <= DETRACTOR_MAX:
            errors["threshold"] = f"An NPS answer between 0 and {DETRACTOR_MAX}."
        elif spec.kind == AlertKind.THEME_VOLUME and t < 1:
            errors["threshold"] = "At least 1 mention."
        elif spec.kind == AlertKind.THEME_SENTIMENT and not -1 <= t <= 1:
            errors["threshold"] = "A sentiment between -1 and 1."
        elif spec.kind == AlertKind.COMPETITOR_SWITCH and t < 0:
            errors["threshold"] = "An annual value of 0 or more."
    if spec.endpoint is not None and not user_has(owner, Perm.ALERTS_MANAGE):
        errors["endpoint"] = "Only people who manage webhooks may post rules to one."
    if spec.email == EmailMode.NONE and spec.endpoint is None:
        errors["email"] = "Without e-mail, pick a webhook: otherwise nobody is told."
    return errors


@transaction.atomic
def add_rule(owner: User, spec: RuleSpec) -> AlertRule:
    """Subscribe `owner` to the events `spec` describes."""
    errors = _check(spec, owner)
    if errors:
        raise ValidationError("The alert rule is not valid.", field_errors=errors)
    threshold = spec.threshold if spec.threshold is not None else DEFAULT_THRESHOLDS.get(spec.kind)
    return AlertRule.objects.create(
        owner=owner,
        kind=spec.kind,
        email=spec.email,
        threshold=threshold,
        window_days=spec.window_days,
        theme=spec.theme,
        segment=spec.segment.strip(),
        region=spec.region.strip(),
        touchpoint=spec.touchpoint,
        product=spec.product,
        endpoint=spec.endpoint,
    )


@transaction.atomic
def set_enabled(rule: AlertRule, enabled: bool) -> None:
    rule.enabled = enabled
    rule.save(update_fields=["enabled", "updated_at"])


@transaction.atomic
def remove_rule(rule: AlertRule) -> None:
    rule.delete()
