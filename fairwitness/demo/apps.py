from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fairwitness.demo"
    label = "demo"
