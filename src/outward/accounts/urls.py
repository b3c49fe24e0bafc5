"""Sign-in, password reset, API tokens and the people page."""

from django.urls import path

from outward.accounts import organisation_views, people_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="token_revoke"),
    path("people/", people_views.people, name="people"),
    path("people/<int:pk>/skills/", people_views.skill_set, name="skill_set"),
    path("users/", user_views.users, name="users"),
    path("users/<int:pk>/", user_views.user_edit, name="user_edit"),
    path("teams/<int:pk>/", user_views.team_edit, name="team_edit"),
    path("password/", user_views.password_change, name="password_change"),
    path("organisation/", organisation_views.organisation, name="organisation"),
]
