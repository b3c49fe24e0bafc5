"""Which rules an event reaches: plain comparisons of the rule's filters with the event's
context (no queries), so a batch of events is matched against the rules in memory."""

from __future__ import annotations

from typing import Any

from outward.alerts.choices import AlertKind
from outward.alerts.models import AlertEvent, AlertRule

DETRACTOR_MAX = 6  # NPS 0-6 is a detractor; a rule may ask for a lower bar only


def _same(wanted: Any, got: Any) -> bool:
    return wanted in (None, "") or str(wanted) == str(got or "")


def rule_matches(rule: AlertRule, event: AlertEvent) -> bool:
    """Whether `event` is one `rule` asks for: its kind, its own threshold event (threshold
    kinds), its filters (segment, region, touchpoint, product, theme) and its bar."""
    if not rule.enabled or rule.kind != event.kind:
        return False
    if event.rule_id is not None and event.rule_id != rule.pk:
        return False
    ctx = event.context
    filters = (
        (rule.segment, ctx.get("segment")),
        (rule.region, ctx.get("region")),
        (rule.touchpoint_id, ctx.get("touchpoint_id")),
        (rule.product_id, ctx.get("product_id")),
        (rule.theme_id, ctx.get("theme_id")),
    )
    if not all(_same(wanted, got) for wanted, got in filters):
        return False
    if rule.kind == AlertKind.DETRACTOR:
        bar = DETRACTOR_MAX if rule.threshold is None else min(rule.threshold, DETRACTOR_MAX)
        return ctx.get("score") is not None and float(ctx["score"]) <= bar
    if rule.kind == AlertKind.COMPETITOR_SWITCH:
        return float(ctx.get("customer_value") or 0) >= float(rule.threshold or 0)
    return True
