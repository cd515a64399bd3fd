from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "fairwitness.evidence"
    label = "evidence"
