from django.contrib import admin

from outward.feedback.models import FeedbackItem


@admin.register(FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "source", "customer", "touchpoint", "nps", "csat", "ces"]
    list_filter = ["source", "touchpoint"]
    search_fields = ["text", "external_id"]
    raw_id_fields = ["customer", "product", "batch"]
    date_hierarchy = "occurred_at"
    list_select_related = ["customer", "touchpoint"]
