from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "fairwitness.evidence"
    label = "evidence"

    def ready(self) -> None:
        from fairwitness.audit.subjects import Publicity, subject_kind_register
        from fairwitness.evidence.events import CERTIFICATE_SUBJECT

        # The audit log imports no domain app: evidence tells it its subject kind
        # (a signing CA named by its fingerprint, a code that indexes no row).
        subject_kind_register(kind=CERTIFICATE_SUBJECT, app=self.name, publicity=Publicity.PUBLIC)
