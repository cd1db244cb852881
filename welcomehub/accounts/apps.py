from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "welcomehub.accounts"
    label = "accounts"
