from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "outward.surveys"
    label = "surveys"
    verbose_name = "Surveys"
