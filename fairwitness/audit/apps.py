from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fairwitness.audit"
    label = "audit"
