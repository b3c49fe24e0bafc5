from django.urls import path

from outward.surveys import coverage_views, views

app_name = "surveys"

urlpatterns: list = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<uuid:pk>/", views.survey_detail, name="detail"),
    path("<uuid:pk>/edit/", views.survey_edit, name="edit"),
    path("<uuid:pk>/preview/", views.survey_preview, name="preview"),
    path("<uuid:pk>/activate/", views.survey_activate, name="activate"),
    path("<uuid:pk>/close/", views.survey_close, name="close"),
    path("<uuid:pk>/questions/new/", views.question_add, name="question_add"),
    path("<uuid:pk>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path(
        "<uuid:pk>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<uuid:pk>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("policy/", coverage_views.policy, name="policy"),
    path("<uuid:survey_id>/send/", coverage_views.send, name="send"),
]
