from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fairwitness.core"
    label = "core"
