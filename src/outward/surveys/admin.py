from django.contrib import admin

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


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "audience", "status", "created_at"]
    list_filter = ["kind", "audience", "status"]
    inlines = [QuestionInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["survey", "customer", "trigger", "sent_at", "responded_at"]
    list_filter = ["trigger"]
    raw_id_fields = ["customer", "employee"]
    exclude = ["nonce"]


admin.site.register([ContactPolicy, SkippedInvitation, Suppression])


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "customer", "channel", "completed_at"]
    raw_id_fields = ["customer", "invitation", "feedback"]
