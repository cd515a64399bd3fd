from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "fairwitness.requests"
    label = "requests"

    def ready(self) -> None:
        from fairwitness.audit.describe import event_words_register
        from fairwitness.audit.subjects import Publicity, subject_kind_register
        from fairwitness.footage.selectors import clip_access_check_register
        from fairwitness.requests import selectors
        from fairwitness.requests.events import OWNER_WORDS, PER_OWNER_EVENTS
        from fairwitness.requests.services.grants import clip_playback_allowed

        # Agency people play a clip only under a live grant, after a logged view.
        clip_access_check_register(clip_playback_allowed)
        # The audit log imports no domain app: requests tell it their words, their
        # kinds, and (their own rules) which of them an owner's log shows.
        event_words_register(words=OWNER_WORDS, per_owner=PER_OWNER_EVENTS)
        # Requests are the agency's acts, put to many owners: public. A grant is public
        # only where an official or the system acts on it (a share names its request).
        for kind, owner_refs, publicity in (
            ("grant", selectors.grant_ids_for_owner_log, Publicity.OFFICIAL),
            (
                "community_request",
                selectors.community_request_ids_for_owner_log,
                Publicity.PUBLIC,
            ),
            ("legal_process", selectors.legal_process_ids_for_owner_log, Publicity.PUBLIC),
            ("emergency", selectors.emergency_ids_for_owner_log, Publicity.PUBLIC),
        ):
            subject_kind_register(
                kind=kind, app=self.name, owner_refs=owner_refs, publicity=publicity
            )
        subject_kind_register(kind="policy_version", app=self.name, publicity=Publicity.PUBLIC)
