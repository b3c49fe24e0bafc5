from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "outward.alerts"
    label = "alerts"
    verbose_name = "Alerts"

    def ready(self) -> None:
        from outward.alerts import jobs, receivers  # noqa: F401 (registers jobs and receivers)
