from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "outward.demo"
    label = "demo"
    verbose_name = "Demo company"
