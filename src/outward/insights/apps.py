from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "outward.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from outward.insights import jobs, receivers  # noqa: F401 (registers jobs and receivers)
