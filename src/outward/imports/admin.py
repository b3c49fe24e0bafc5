from django.contrib import admin

from outward.core.admin_services import ReadOnlyAdmin
from outward.imports.models import ImportJob, ImportPreset


@admin.register(ImportPreset)
class ImportPresetAdmin(ReadOnlyAdmin):  # edited on the imports pages
    list_display = ("name", "source", "id_prefix", "created_at")
    search_fields = ("name",)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "status", "rows_read", "rows_created", "rows_error", "created_at")
    list_filter = ("status", "origin")
