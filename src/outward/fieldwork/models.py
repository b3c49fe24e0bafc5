"""What a technician saw at a customer's site, and what would improve it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from outward.core.models import UUIDModel
from outward.fieldwork.choices import Urgency


class FieldObservation(UUIDModel):
    """One observation made on site. Its `feedback` item carries it into the customer's
    timeline and the analysis; the photo is served only through a permission-checked view."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="field_observations"
    )
    asset = models.ForeignKey(
        "customers.CustomerAsset",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_observations",
    )
    observed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_observations",
    )
    state = models.TextField(help_text="The state of the customer's operation or equipment.")
    suggestion = models.TextField(blank=True, help_text="How it could be improved.")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    photo = models.ImageField(upload_to="field/", blank=True)
    client_key = models.CharField(
        max_length=64,
        unique=True,
        help_text="Random key of the form that sent it, so a double submit stores one.",
    )
    feedback = models.OneToOneField(
        "feedback.FeedbackItem", on_delete=models.CASCADE, related_name="field_observation"
    )

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"Observation at {self.customer} ({self.get_urgency_display()})"
