"""What the app understood of the feedback: themes (with people's edits), analysis runs,
rollups the pages read, and recall reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from outward.core.models import TimeStampedModel
from outward.feedback.choices import RootCause
from outward.insights.choices import (
    EditAction,
    RecallDecision,
    RecallStatus,
    RunStatus,
    ThemeKind,
    ThemeOrigin,
)


class AnalysisRun(models.Model):
    """One full refit: themes re-discovered over all feedback, every derived figure recomputed.

    Stages: fitting (the engine; its model and assignments are kept here, so a crash after it
    resumes at the switch) and switching (one transaction: themes, item themes, rollups and
    recall reviews, then `is_current`). Pages read only the current run's results.
    """

    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(max_length=20, default="scheduled")
    engine_version = models.CharField(max_length=40, blank=True)
    backend = models.CharField(max_length=60, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    n_items = models.PositiveIntegerField(default=0)
    n_themes = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    is_current = models.BooleanField(default=False)
    # The fitted engine model (pickled `ThemeModel`), and the fit's per-item results.
    model = models.BinaryField(null=True, blank=True, editable=False)
    fitted = models.BinaryField(null=True, blank=True, editable=False)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_run"
            ),
        ]

    def __str__(self) -> str:
        return f"Analysis run {self.pk} ({self.get_status_display()})"


class InsightsState(models.Model):
    """The one row (pk 1) that serialises refits and rollup writes: a writer locks it first
    (SELECT ... FOR UPDATE), so an item's theme and its rollup rows never interleave with a
    refit's switch-over, and at most one refit is active."""

    active_run = models.ForeignKey(
        AnalysisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    windows_end = models.DateField(
        null=True, blank=True, help_text="The last day of the periods `ThemeWindow` holds."
    )

    def __str__(self) -> str:
        return "Insights state"


class Theme(TimeStampedModel):
    """A theme of the feedback, as the engine found it (`engine_id`) or as a person defined it
    (a rule). People's edits (name, hidden, pinned, merged, rules) survive refits."""

    engine_id = models.IntegerField(null=True, blank=True, unique=True)
    origin = models.CharField(max_length=10, choices=ThemeOrigin.choices)
    label = models.CharField(max_length=120, help_text="The engine's label (or the rule's).")
    name = models.CharField(max_length=120, blank=True, help_text="The name people gave it.")
    kind = models.CharField(max_length=10, choices=ThemeKind.choices, default=ThemeKind.ISSUE)
    key_phrases = models.JSONField(default=list, blank=True)
    quotes = models.JSONField(default=list, blank=True)
    root_cause = models.CharField(max_length=30, blank=True)
    stats = models.JSONField(default=dict, blank=True)  # the current run's figures
    rule_phrases = models.JSONField(default=list, blank=True)
    rule_pattern = models.CharField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="splits"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    pinned = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    archived = models.BooleanField(default=False, help_text="Not found by the latest refit.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.label

    @property
    def root_cause_label(self) -> str:
        return str(dict(RootCause.choices).get(self.root_cause, self.root_cause))


class ThemeEdit(models.Model):
    """One version of a theme: who changed what, when (the theme's history)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="edits")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=12, choices=EditAction.choices)
    changes = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "version"], name="theme_edit_version")
        ]

    def __str__(self) -> str:
        return f"{self.theme} v{self.version}: {self.get_action_display()}"


THEME_DAY_KEY = (
    "day",
    "theme_id",
    "touchpoint_id",
    "product_id",
    "batch_id",
    "source",
    "segment",
    "region",
)
"""The columns that make one `ThemeDay` row (its unique key, and the upserts' conflict target)."""


class RollupCounts(models.Model):
    """What a theme rollup row counts: items, their sentiment and their scores."""

    items = models.IntegerField(default=0)
    negative = models.IntegerField(default=0)
    positive = models.IntegerField(default=0)
    sentiment_sum = models.FloatField(default=0.0)
    nps_n = models.IntegerField(default=0)
    promoters = models.IntegerField(default=0)
    detractors = models.IntegerField(default=0)
    csat_n = models.IntegerField(default=0)
    csat_satisfied = models.IntegerField(default=0)
    ces_n = models.IntegerField(default=0)
    ces_sum = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ThemeDay(RollupCounts):
    """Rollup: per day, theme and slice, how many items and what they said and scored.

    Kept up to date as items are analysed (additive upserts) and rebuilt by each refit, so
    pages sum these rows and never read the feedback itself. Absent keys are 0 or "". Read
    when a page filters on two slices or more (`ThemeSliceDay` answers the rest).
    """

    day = models.DateField()
    theme_id = models.BigIntegerField(default=0)  # 0: no theme ("other")
    touchpoint_id = models.BigIntegerField(default=0)
    product_id = models.CharField(max_length=36, default="", blank=True)
    batch_id = models.CharField(max_length=36, default="", blank=True)
    source = models.CharField(max_length=20, default="", blank=True)
    segment = models.CharField(max_length=50, default="", blank=True)
    region = models.CharField(max_length=50, default="", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=list(THEME_DAY_KEY), name="theme_day_key")]
        indexes = [models.Index(fields=["theme_id", "day"]), models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} theme {self.theme_id}: {self.items} items"


SLICE_DIMENSIONS = ("touchpoint", "product", "batch", "source", "segment", "region")
"""The slices `ThemeSliceDay` counts one at a time (a `Filters` field each)."""


class ThemeSliceDay(RollupCounts):
    """Rollup: ThemeDay's counts per day and theme, over all items (`dimension` "") and per
    value of one slice at a time (`dimension` "touchpoint" and `value` its id, ...).

    A few hundred rows per day however many items arrive, so the board, an issue and their
    trends read a few thousand rows for a period unfiltered or filtered on one slice.
    """

    day = models.DateField()
    theme_id = models.BigIntegerField(default=0)
    dimension = models.CharField(max_length=12, blank=True)
    value = models.CharField(max_length=50, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "value", "day", "theme_id"], name="theme_slice_day_key"
            )
        ]
        indexes = [models.Index(fields=["theme_id", "dimension", "day"])]

    def __str__(self) -> str:
        return f"{self.day} theme {self.theme_id} {self.dimension}={self.value}: {self.items}"


class SourceDay(models.Model):
    """Rollup: per day and source, how many items and what they scored (the home page's
    figures: a few thousand rows a year whatever the volume). Kept like ThemeDay."""

    day = models.DateField()
    source = models.CharField(max_length=20)
    items = models.IntegerField(default=0)
    nps_n = models.IntegerField(default=0)
    promoters = models.IntegerField(default=0)
    detractors = models.IntegerField(default=0)
    csat_n = models.IntegerField(default=0)
    csat_satisfied = models.IntegerField(default=0)
    csat_sum = models.IntegerField(default=0)
    ces_n = models.IntegerField(default=0)
    ces_sum = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "source"], name="source_day_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.source}: {self.items} items"


class ThemeCustomerDay(models.Model):
    """Rollup: which customers mentioned a theme on a day, through which touchpoint, product
    and source (distinct customers per theme and period, without reading the feedback)."""

    theme_id = models.BigIntegerField()
    day = models.DateField()
    customer_id = models.UUIDField()
    touchpoint_id = models.BigIntegerField(default=0)
    product_id = models.CharField(max_length=36, default="", blank=True)
    source = models.CharField(max_length=20, default="", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme_id", "day", "customer_id", "touchpoint_id", "product_id", "source"],
                name="theme_customer_day_key",
            )
        ]
        indexes = [models.Index(fields=["day", "theme_id", "customer_id"])]

    def __str__(self) -> str:
        return f"{self.day} theme {self.theme_id}: customer {self.customer_id}"


WINDOWS = (30, 90, 365)
"""The periods (days up to `InsightsState.windows_end`) whose reach `ThemeWindow` holds."""


class ThemeWindow(models.Model):
    """Snapshot: per theme, the distinct customers who mentioned it in the last `days` days up
    to `end`, and the annual value of the active ones (the board's reach and revenue at risk
    for its usual periods, without counting distinct customers per request).

    Recomputed for a new day (`insights.rollups.refresh_windows`, a minute job and every
    rebuild) and kept exact in between: an analysed item adds its customer when they were
    not counted for the theme in the period yet.
    """

    end = models.DateField()
    days = models.IntegerField()
    theme_id = models.BigIntegerField()
    customers = models.IntegerField(default=0)
    revenue = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["end", "days", "theme_id"], name="theme_window_key")
        ]

    def __str__(self) -> str:
        return f"theme {self.theme_id}, {self.days} days to {self.end}: {self.customers}"


class RecallReview(TimeStampedModel):
    """A defect theme concentrated in one product batch: the evidence, an owner, a decision."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="recall_reviews")
    product = models.ForeignKey(
        "customers.Product", on_delete=models.PROTECT, related_name="recall_reviews"
    )
    batch = models.ForeignKey(
        "customers.ProductBatch", on_delete=models.PROTECT, related_name="recall_reviews"
    )
    evidence = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=RecallStatus.choices, default=RecallStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recall_reviews",
    )
    decision = models.CharField(max_length=10, choices=RecallDecision.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    opened_by_run = models.ForeignKey(
        AnalysisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "batch"],
                condition=Q(status="open"),
                name="one_open_review_per_theme_batch",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(decision=""), name="decided_review_has_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"Recall review: {self.theme} in {self.batch}"


class Competitor(TimeStampedModel):
    """A competitor customers may name: refits count its mentions and switching intent."""

    name = models.CharField(max_length=80, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names customers use.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
