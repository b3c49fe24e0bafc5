from django.urls import path

from outward.checkins import views

app_name = "checkins"

urlpatterns = [
    path("", views.checkin_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="outcome"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
