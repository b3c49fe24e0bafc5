"""Insight pages."""

from django.urls import path

from outward.insights import report_views, survey_views, views

app_name = "insights"

urlpatterns = [
    path("", views.board, name="board"),
    path("refit/", views.refit, name="refit"),
    path("rules/new/", views.rule_new, name="rule_new"),
    path("themes/<int:pk>/", views.theme_detail, name="theme"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
    path("drivers/", report_views.drivers, name="drivers"),
    path("journey/", report_views.journey, name="journey"),
    path("outcomes/", report_views.outcomes, name="outcomes"),
    path("outcomes/competitors/", report_views.competitor_add, name="competitor_add"),
    path(
        "outcomes/competitors/<int:pk>/remove/",
        report_views.competitor_remove,
        name="competitor_remove",
    ),
    path("quality/", report_views.quality, name="quality"),
    path("surveys/<uuid:pk>/", survey_views.results, name="survey_results"),
    path("recalls/", views.recall_list, name="recalls"),
    path("recalls/<int:pk>/", views.recall_detail, name="recall"),
    path("recalls/<int:pk>/owner/", views.recall_owner, name="recall_owner"),
    path("recalls/<int:pk>/decision/", views.recall_decide, name="recall_decide"),
    path("recalls/<int:pk>/owners.csv", views.recall_customers_csv, name="recall_owners_csv"),
]
