from django.urls import path

from outward.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("prepare/", views.prepare_now, name="prepare"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/targets/", views.target_save, name="target_save"),
    path("settings/targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/print/", views.review_print, name="print"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/decisions/", views.decision_new, name="decision_new"),
    path("<int:pk>/actions/", views.action_new, name="action_new"),
]
