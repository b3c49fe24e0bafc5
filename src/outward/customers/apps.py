from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "outward.customers"
    label = "customers"
    verbose_name = "Customers and products"
