from django.contrib import admin

from outward.core.admin_services import ReadOnlyAdmin
from outward.feedback.models import FeedbackItem


@admin.register(FeedbackItem)
class FeedbackItemAdmin(ReadOnlyAdmin):
    """Feedback is recorded by the services (API, imports, surveys, field work), never here."""

    list_display = ["occurred_at", "source", "customer", "touchpoint", "nps", "csat", "ces"]
    list_filter = ["source", "touchpoint"]
    search_fields = ["text", "external_id"]
    raw_id_fields = ["customer", "product", "batch"]
    date_hierarchy = "occurred_at"
    list_select_related = ["customer", "touchpoint"]
