from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "fairwitness.requests"
    label = "requests"

    def ready(self) -> None:
        from fairwitness.footage.selectors import clip_access_check_register
        from fairwitness.requests.services.grants import clip_playback_allowed

        # Agency people play a clip only under a live grant, after a logged view.
        clip_access_check_register(clip_playback_allowed)
