from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "fairwitness.cameras"
    label = "cameras"
