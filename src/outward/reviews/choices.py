from django.db import models


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class Metric(models.TextChoices):
    NPS = "nps", "NPS"
    CSAT = "csat", "CSAT (% satisfied)"
    CES = "ces", "CES (mean ease, 1-7)"
    CHURN = "churn", "Churn in the period (%)"
    REVENUE_AT_RISK = "revenue_at_risk", "Revenue at risk"
    COVERAGE = "coverage", "Customers heard from in 12 months (%)"
    PROMISES_KEPT = "promises_kept", "Promises kept (%)"


LOWER_IS_BETTER = frozenset({Metric.CHURN, Metric.REVENUE_AT_RISK})


class ReviewStatus(models.TextChoices):
    PREPARED = "prepared", "Prepared"
    HELD = "held", "Held"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
