from django.apps import AppConfig


class FootageConfig(AppConfig):
    name = "fairwitness.footage"
    label = "footage"
