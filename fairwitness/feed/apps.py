from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "fairwitness.feed"
    label = "feed"

    def ready(self) -> None:
        from fairwitness.audit.describe import event_words_register
        from fairwitness.audit.subjects import Publicity, subject_kind_register
        from fairwitness.feed.events import OWNER_OWN_WORDS, OWNER_WORDS

        # The audit log imports no domain app: the feed tells it its words and kinds.
        event_words_register(words=OWNER_WORDS, your_words=OWNER_OWN_WORDS)
        # Posts and comments are public with their authors; a flag's id names the flag,
        # not the flagger.
        for kind in ("post", "comment", "flag"):
            subject_kind_register(kind=kind, app=self.name, publicity=Publicity.PUBLIC)

        from fairwitness.feed.submissions import COMMENT_KIND, POST_KIND
        from fairwitness.moderation.submissions import submission_kind_register

        # Moderation imports nothing of the feed: the feed hands it its submission kinds.
        submission_kind_register(kind=POST_KIND)
        submission_kind_register(kind=COMMENT_KIND)
