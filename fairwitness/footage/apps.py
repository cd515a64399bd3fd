from django.apps import AppConfig


class FootageConfig(AppConfig):
    name = "fairwitness.footage"
    label = "footage"

    def ready(self) -> None:
        from fairwitness.audit.describe import event_words_register
        from fairwitness.audit.subjects import subject_kind_register
        from fairwitness.cameras.services import camera_retention_hook_register
        from fairwitness.core.request_body import BodyRule, body_rule_register
        from fairwitness.footage.events import OWNER_OWN_WORDS, OWNER_WORDS
        from fairwitness.footage.selectors import clip_ids_for_owner_log
        from fairwitness.footage.services import clip_expiry_reset

        # The audit log imports no domain app: footage tells it its words and kinds.
        event_words_register(words=OWNER_WORDS, your_words=OWNER_OWN_WORDS)
        subject_kind_register(kind="clip", app=self.name, owner_refs=clip_ids_for_owner_log)
        # A camera's new retention moves its clips' expiry, in the same transaction.
        camera_retention_hook_register(clip_expiry_reset)

        # An upload's chunks are raw bytes, streamed to disk, up to the chunk limit.
        body_rule_register(
            view_name="api:upload_chunk",
            rule=BodyRule(
                content_types=("application/octet-stream",),
                max_bytes_setting="FOOTAGE_CHUNK_MAX_BYTES",
            ),
        )
