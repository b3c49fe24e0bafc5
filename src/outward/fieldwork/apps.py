from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "outward.fieldwork"
    label = "fieldwork"
    verbose_name = "Field observations"
