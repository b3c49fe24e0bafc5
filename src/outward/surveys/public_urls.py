"""Public survey pages (no sign-in): answering from an invitation or the public link."""

from django.urls import path  # noqa: F401

app_name = "respond"

urlpatterns: list = []
