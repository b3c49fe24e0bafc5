from django.db import models


class CustomerKind(models.TextChoices):
    ACCOUNT = "account", "Account (organisation)"
    PERSON = "person", "Person"


class LifecycleStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CHURNED = "churned", "Churned"
