"""Employee pulse pages."""

from django.urls import path

from outward.pulse import views

app_name = "pulse"

urlpatterns = [
    path("", views.results, name="results"),
    path("start/", views.start, name="start"),
    path("<uuid:pk>/", views.round_detail, name="round"),
    path("<uuid:pk>/export.csv", views.export, name="export"),
]
