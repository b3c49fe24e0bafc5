from django.db import models


class Reason(models.TextChoices):
    AT_RISK = "at_risk", "At risk of leaving"
    SILENT = "silent", "Not heard from"
    SERVICE = "service", "Service due"


class CheckInStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DONE = "done", "Done"
    DISMISSED = "dismissed", "Dismissed"
