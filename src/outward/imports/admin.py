from django.contrib import admin

from outward.imports.models import ImportJob, ImportPreset


@admin.register(ImportPreset)
class ImportPresetAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "id_prefix", "created_at")
    search_fields = ("name",)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("file_name", "status", "rows_read", "rows_created", "rows_error", "created_at")
    list_filter = ("status", "origin")
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
