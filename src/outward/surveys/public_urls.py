"""Public survey pages (no sign-in): answering from an invitation or the public link."""

from django.urls import path

from outward.surveys import optout_views, public_views

app_name = "respond"

urlpatterns: list = [
    path("p/<str:public_token>/", public_views.public, name="public"),
    path("p/<str:public_token>/embed.js", public_views.embed, name="embed"),
    path("<str:token>/", public_views.invitation, name="invitation"),
    path("<str:token>/opt-out/", optout_views.opt_out_page, name="opt_out"),
]
