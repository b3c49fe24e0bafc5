from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "outward.imports"
    label = "imports"
    verbose_name = "Imports"
