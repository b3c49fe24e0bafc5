from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "outward.feedback"
    label = "feedback"
    verbose_name = "Feedback"
