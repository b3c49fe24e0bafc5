"""Surveys in the back office: to look, not to edit (the builder, sending and the public pages
write them through the surveys' services)."""

from django.contrib import admin

from outward.core.admin_services import ReadOnlyAdmin
from outward.surveys.models import (
    ContactPolicy,
    Invitation,
    Question,
    Response,
    SkippedInvitation,
    Suppression,
    Survey,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "audience", "status", "created_at"]
    list_filter = ["kind", "audience", "status"]
    inlines = [QuestionInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["survey", "customer", "trigger", "sent_at", "responded_at"]
    list_filter = ["trigger"]
    exclude = ["nonce"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["survey", "customer", "channel", "completed_at"]


admin.site.register([ContactPolicy, SkippedInvitation, Suppression], ReadOnlyAdmin)
