from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.forms import ModelForm

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
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    """Employees are added with `create_employee` and changed with `update_employee`: the role
    decides what someone may do (staff and superuser follow it, so they are not shown), and
    nobody is deleted (deactivate instead: their cases and promises keep their author)."""

    create_service = services.create_employee
    update_service = services.update_employee
    list_display = ["username", "email", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Access", {"fields": ("role", "team", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "role",
                    "team",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()
    inlines = [UserSkillInline]

    def create_arguments(self, form: ModelForm) -> dict[str, Any]:
        data = form.cleaned_data
        usable = data.get("usable_password", "true") != "false"
        return {
            "username": data["username"],
            "email": data.get("email") or "",
            "role": data["role"],
            "team": data.get("team"),
            "password": data.get("password1") if usable else None,
        }


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
