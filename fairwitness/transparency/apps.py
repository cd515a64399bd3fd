from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "fairwitness.transparency"
    label = "transparency"
