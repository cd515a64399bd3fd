from django.apps import AppConfig
from django.core import checks


class ModerationConfig(AppConfig):
    name = "fairwitness.moderation"
    label = "moderation"

    def ready(self) -> None:
        from fairwitness.moderation.checks import sentence_model_check

        checks.register(sentence_model_check)

        from fairwitness.audit.subjects import Publicity, subject_kind_register

        # Moderation logs posts and comments by the feed's kinds, and its own appeals.
        subject_kind_register(kind="appeal", app=self.name, publicity=Publicity.PUBLIC)
