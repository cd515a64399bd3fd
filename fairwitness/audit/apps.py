from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fairwitness.audit"
    label = "audit"

    def ready(self) -> None:
        from fairwitness.audit.subjects import Publicity, subject_kind_register

        # Kinds of the audit app itself and of accounts beneath it. "owner" is a
        # resident by user id; the owner's own log matches it directly.
        subject_kind_register(kind="entries", app=self.name)
        # Agencies are public bodies. The entries an auditor read, and owners, stay private.
        subject_kind_register(kind="agency", app=self.name, publicity=Publicity.PUBLIC)
        subject_kind_register(kind="owner", app=self.name)
