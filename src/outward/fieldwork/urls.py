"""Field observation pages."""

from django.urls import path

from outward.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.observation_list, name="list"),
    path("new/", views.new, name="new"),
    path("customers/", views.customer_search, name="customer_search"),
    path("customers/<uuid:pk>/assets/", views.customer_assets, name="customer_assets"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/photo/", views.photo, name="photo"),
]
