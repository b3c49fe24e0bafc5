from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "outward.initiatives"
    label = "initiatives"
    verbose_name = "Improvement initiatives"

    def ready(self) -> None:
        from outward.initiatives import jobs  # noqa: F401 (registers its jobs)
