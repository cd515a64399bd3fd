from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "fairwitness.feed"
    label = "feed"
