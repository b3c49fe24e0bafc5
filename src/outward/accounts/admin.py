from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from outward.accounts.models import ApiToken, Skill, Team, User, UserSkill


class UserSkillInline(admin.TabularInline):
    model = UserSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Outward", {"fields": ("role", "team", "job_title")}),
    )
    inlines = [UserSkillInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "lead"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    readonly_fields = ["prefix", "digest", "last_used_at", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False  # tokens are issued on the API tokens page, where the secret is shown once
