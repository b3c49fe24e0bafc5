"""The alerts app listens to the feedback stream (feedback never imports alerts)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from outward.alerts.services.detect import record_item_events
from outward.feedback.models import FeedbackItem
from outward.feedback.signals import items_analysed


@receiver(items_analysed, sender=FeedbackItem, dispatch_uid="alerts-item-events")
def _on_items_analysed(sender: type[FeedbackItem], items: list[FeedbackItem], **_: Any) -> None:
    record_item_events(items)
