from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "fairwitness.moderation"
    label = "moderation"
