from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "fairwitness.requests"
    label = "requests"
