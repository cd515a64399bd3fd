from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fairwitness.accounts"
    label = "accounts"
