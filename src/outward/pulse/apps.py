from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "outward.pulse"
    label = "pulse"
    verbose_name = "Employee pulse"
