from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "fairwitness.cameras"
    label = "cameras"

    def ready(self) -> None:
        from fairwitness.audit.describe import event_words_register
        from fairwitness.audit.subjects import Publicity, subject_kind_register
        from fairwitness.cameras.events import OWNER_OWN_WORDS, OWNER_WORDS
        from fairwitness.cameras.selectors import camera_ids_for_owner_log

        # The audit log imports no domain app: cameras tell it their words and kinds.
        event_words_register(words=OWNER_WORDS, your_words=OWNER_OWN_WORDS)
        subject_kind_register(kind="camera", app=self.name, owner_refs=camera_ids_for_owner_log)
        subject_kind_register(kind="device", app=self.name)
        # A pairing throttle scope: a code, not a row.
        # A pairing scope is a code ("client" or "global"); cameras and devices stay private.
        subject_kind_register(kind="pairing", app=self.name, publicity=Publicity.PUBLIC)
