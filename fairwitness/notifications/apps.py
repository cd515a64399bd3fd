from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fairwitness.notifications"
    label = "notifications"
