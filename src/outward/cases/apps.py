from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "outward.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from outward.cases import jobs  # noqa: F401 (registers its jobs)
