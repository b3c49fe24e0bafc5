from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "outward.reviews"
    label = "reviews"
    verbose_name = "Metric reviews"

    def ready(self) -> None:
        from outward.reviews import jobs  # noqa: F401 (registers its jobs)
