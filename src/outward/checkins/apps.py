from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "outward.checkins"
    label = "checkins"
    verbose_name = "Proactive check-ins"

    def ready(self) -> None:
        from outward.checkins import jobs  # noqa: F401 (registers its jobs)
