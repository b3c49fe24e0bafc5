from django.urls import path

from outward.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/designers/", views.invite_designers, name="invite_designers"),
    path("<int:pk>/inputs/", views.record_input, name="record_input"),
    path("<int:pk>/change/", views.record_change, name="record_change"),
    path("<int:pk>/measure/", views.measure, name="measure"),
    path("<int:pk>/close/", views.close, name="close"),
]
