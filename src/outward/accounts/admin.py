from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from outward.accounts import services
from outward.accounts.models import ApiToken, Skill, Team, User, UserSkill
from outward.core.admin_services import ReadOnlyAdmin, ServiceAdmin


class UserSkillInline(admin.TabularInline):
    """Shown here; set on the People page (`set_skill_level`, `remove_skill`)."""

    model = UserSkill
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


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
class TeamAdmin(ServiceAdmin):
    create_service = services.create_team
    update_service = services.update_team
    list_display = ["name", "lead"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(ServiceAdmin):
    create_service = services.create_skill
    update_service = services.update_skill
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Issued and revoked on the API tokens page (the secret is shown there, once)."""

    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    exclude = ["digest"]
