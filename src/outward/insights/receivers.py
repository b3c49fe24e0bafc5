"""The insights app listens to the feedback stream (feedback never imports insights)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from outward.feedback.models import FeedbackItem
from outward.feedback.signals import items_analysed
from outward.insights.services.assign import assign_arrivals


@receiver(items_analysed, sender=FeedbackItem, dispatch_uid="insights-assign-arrivals")
def _on_items_analysed(sender: type[FeedbackItem], items: list[FeedbackItem], **_: Any) -> None:
    assign_arrivals(items)
