"""Customer pages."""

from django.urls import path

from outward.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("<uuid:pk>/", views.customer_detail, name="detail"),
]
