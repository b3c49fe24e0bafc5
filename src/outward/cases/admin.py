"""The back office shows cases, remedies, promises and the policy, and changes none of them:
every grant goes through the policy on the case pages and the API (`cases.services`)."""

from django.contrib import admin

from outward.cases.models import Case, PolicyVersion, Promise, Remedy
from outward.core.admin_services import ReadOnlyAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "title", "status", "priority", "assignee", "created_at")
    list_filter = ("status", "priority")
    search_fields = ("reference", "title")


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "amount", "currency", "status", "requested_by", "created_at")
    list_filter = ("status", "kind")


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ("description", "customer", "owner", "due_at", "status")
    list_filter = ("status", "kind")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = ("number", "is_current", "created_by", "created_at", "note")
