from django.db import models


class Stage(models.TextChoices):
    DESIGN = "design", "Designing with customers"
    CHANGED = "changed", "Changed: measuring"
    CLOSED = "closed", "Closed"


class Metric(models.TextChoices):
    NPS = "nps", "NPS"
    CSAT = "csat", "CSAT"
    CES = "ces", "CES (effort)"


class InputKind(models.TextChoices):
    INTERVIEW = "interview", "Interview notes"
    WORKSHOP = "workshop", "Workshop notes"
    SURVEY = "survey", "Design survey"
