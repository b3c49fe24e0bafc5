"""The home page."""

from django.urls import path

from outward.web import views

app_name = "web"

urlpatterns = [path("", views.home, name="home")]
