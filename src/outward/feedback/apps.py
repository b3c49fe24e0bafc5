from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "outward.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from outward.feedback import jobs  # noqa: F401 (registers the periodic jobs)
