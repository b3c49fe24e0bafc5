from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "outward.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from outward.surveys import jobs  # noqa: F401 (registers the periodic jobs)
