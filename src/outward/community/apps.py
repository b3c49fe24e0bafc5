from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "outward.community"
    label = "community"
    verbose_name = "Community"
