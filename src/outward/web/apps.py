from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages that combine apps (home, navigation) and the commands that run the whole
    product (bootstrap, serve, worker, analyze): the top floor, which every app lies below."""

    name = "outward.web"
    label = "web"
    verbose_name = "Web"
