"""The one stream of customer voice that every source writes into."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from outward.analytics.score_agreement import shown_sentiment
from outward.core.models import UUIDModel
from outward.feedback.choices import SCORE_RANGES, SENTIMENT_NEUTRAL_BAND, RootCause, Source


class FeedbackQuerySet(models.QuerySet["FeedbackItem"]):
    def between(self, start: object | None, end: object | None) -> FeedbackQuerySet:
        qs = self
        if start is not None:
            qs = qs.filter(occurred_at__gte=start)
        if end is not None:
            qs = qs.filter(occurred_at__lt=end)
        return qs


class FeedbackItem(UUIDModel):
    """One thing a customer told us, from any source, with optional NPS / CSAT / CES scores.

    (source, external_id) is unique when external_id is set, so a retried delivery from a
    source finds the stored item instead of creating a second one.
    """

    source = models.CharField(max_length=20, choices=Source.choices)
    external_id = models.CharField(max_length=200, blank=True, default="")
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    touchpoint = models.ForeignKey(
        "customers.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    product = models.ForeignKey(
        "customers.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    batch = models.ForeignKey(
        "customers.ProductBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    text = models.TextField(blank=True)
    language = models.CharField(max_length=12, default="en")
    nps = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="NPS (0-10)")
    csat = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="CSAT (1-5)")
    ces = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="CES (1-7)")
    occurred_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)
    raw = models.JSONField(default=dict, blank=True)
    tags = models.JSONField(
        default=list,
        blank=True,
        help_text="Categories the source gave (Zendesk tags, CFPB product and issue, ...).",
    )
    # Filled in by the analysis task (`services.analyse_pending_feedback`) soon after arrival.
    sentiment = models.FloatField(null=True, blank=True, help_text="In [-1, 1].")
    root_cause = models.CharField(max_length=30, choices=RootCause.choices, blank=True)
    root_cause_cues = models.JSONField(default=list, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    imported = models.BooleanField(
        default=False,
        help_text="Came in a bulk import: analysed after the items that arrive one by one.",
    )
    # The item's theme (`insights.Theme` id; no foreign key: insights builds on feedback).
    theme_id = models.BigIntegerField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="feedback_source_external_id_unique",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": low, f"{name}__lte": high}),
                    name=f"feedback_{name}_{low}_{high}",
                )
                for name, (low, high) in SCORE_RANGES.items()
            ],
        ]
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["customer", "occurred_at"]),
            models.Index(fields=["source", "occurred_at"]),
            models.Index(fields=["touchpoint", "occurred_at"]),
            models.Index(fields=["theme_id", "occurred_at"], name="feedback_theme_time"),
            models.Index(
                fields=["received_at"],
                condition=Q(analysed_at__isnull=True),
                name="feedback_awaiting_analysis",
            ),
            models.Index(
                fields=["received_at"],
                condition=Q(analysed_at__isnull=True, imported=False),
                name="feedback_awaiting_live",
            ),
        ]

    def __str__(self) -> str:
        snippet = (self.text[:60] + "…") if len(self.text) > 60 else self.text
        return f"{self.get_source_display()} {self.occurred_at:%Y-%m-%d}: {snippet}"

    @property
    def sentiment_label(self) -> str:
        """ "positive", "neutral" or "negative"; "" until the item is analysed or without text.

        Never against the item's own score: an NPS 3 complaint is not "positive", whatever
        its polite words (`analytics.score_agreement`)."""
        if self.sentiment is None:
            return ""
        shown = shown_sentiment(self.sentiment, self.nps, self.csat, self.ces)
        if shown > SENTIMENT_NEUTRAL_BAND:
            return "positive"
        if shown < -SENTIMENT_NEUTRAL_BAND:
            return "negative"
        return "neutral"
