"""Import pages."""

from django.urls import path

from outward.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_new, name="new"),
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/start/", views.job_start, name="start"),
    path("<uuid:pk>/resume/", views.job_resume, name="resume"),
    path("<uuid:pk>/discard/", views.job_discard, name="discard"),
    path("<uuid:pk>/errors.csv", views.errors_csv, name="errors_csv"),
    path("presets/<uuid:pk>/", views.preset_edit, name="preset_edit"),
    path("presets/<uuid:pk>/delete/", views.preset_delete, name="preset_delete"),
]
