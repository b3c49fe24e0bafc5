from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "outward.accounts"
    label = "accounts"
    verbose_name = "People and access"
