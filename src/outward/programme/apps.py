from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "outward.programme"
    label = "programme"
    verbose_name = "Customer-service programme"

    def ready(self) -> None:
        from outward.programme import jobs  # noqa: F401 (registers its jobs)
