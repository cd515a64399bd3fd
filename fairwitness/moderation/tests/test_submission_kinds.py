"""Moderation sits below the feed: it owns the submission states and knows posts and comments
only as the kinds the feed registers with it."""

from __future__ import annotations

import ast
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import NotFound
from fairwitness.feed.events import FeedEvent
from fairwitness.feed.models import Comment, Post
from fairwitness.feed.submissions import COMMENT_KIND, POST_KIND
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.moderation import selectors, services
from fairwitness.moderation.submissions import (
    SubmissionState,
    submission_kind,
    submission_kind_of,
    submission_kind_register,
)

ROOT = Path(__file__).resolve().parents[3]
MODERATION = ROOT / "fairwitness" / "moderation"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_moderation_module_imports_the_feed() -> None:
    """Outside its tests, moderation imports nothing of fairwitness.feed (lazily neither)."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.startswith("fairwitness.feed")
        )
        for path in MODERATION.rglob("*.py")
        if "tests" not in path.relative_to(MODERATION).parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_contract_has_no_moderation_to_feed_exception() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")
    assert layers["layers"].index("fairwitness.feed") < layers["layers"].index(
        "fairwitness.moderation"
    )
    exceptions = [rule for rule in layers["ignore_imports"] if "moderation" in rule]
    assert exceptions == []


def test_the_feed_registers_posts_and_comments_at_start_up() -> None:
    assert submission_kind("post") is POST_KIND and POST_KIND.model is Post
    assert submission_kind("comment") is COMMENT_KIND and COMMENT_KIND.model is Comment
    assert POST_KIND.published_event is FeedEvent.POST_PUBLISHED
    assert COMMENT_KIND.published_event is FeedEvent.COMMENT_PUBLISHED


def test_state_values_are_the_stored_choices() -> None:
    """The enum moved from the feed to moderation; its values (the stored column values and the
    migration's choices) did not change, so no data migration was needed."""
    assert [s.value for s in SubmissionState] == [
        "draft",
        "needs_edit",
        "held",
        "published",
        "rejected",
        "removed",
    ]
    for model in (Post, Comment):
        choices = [value for value, _label in model._meta.get_field("state").choices or []]
        assert choices == [s.value for s in SubmissionState]


def test_a_taken_kind_name_cannot_be_claimed_for_another_model() -> None:
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        submission_kind_register(kind=replace(POST_KIND, model=Comment))
    submission_kind_register(kind=POST_KIND)  # the same again (ready() may rerun): no error
    assert submission_kind("post") is POST_KIND


def test_an_unregistered_row_or_kind_is_refused() -> None:
    with pytest.raises(LookupError):
        submission_kind_of(object())
    with pytest.raises(LookupError):
        submission_kind("flag")
    with pytest.raises(NotFound):
        selectors.submission_for_moderator(kind="flag", pk=1)


@pytest.mark.django_db
def test_the_log_names_a_comment_with_its_post() -> None:
    post = post_make(author=resident_at())
    comment = Comment.objects.create(post=post, author=post.author, text="Seen it too.")
    assert services.subject_ref(post, flag=3) == [Subject("post", post.pk), Subject("flag", 3)]
    assert services.subject_ref(comment) == [
        Subject("comment", comment.pk),
        Subject("post", post.pk),
    ]


@pytest.mark.django_db
def test_moderator_pages_show_the_feed_part_of_a_post_only_for_posts() -> None:
    """The post's description comes from the feed's template; a comment's page has none."""
    post = post_make(
        author=resident_at(),
        text="Someone tried car doors on Elm Street at 2am.",
        category="suspicious_activity",
        state=SubmissionState.HELD,
        behaviour="Tried the handles of three parked cars",
        top="Red hoodie",
    )
    comment = Comment.objects.create(
        post=post, author=resident_at(), text="Same at ours.", state=SubmissionState.HELD
    )
    client = client_sign_in(Client(), person_create(Role.MODERATOR))
    page = client.get(f"/moderation/posts/{post.pk}/").content.decode()
    assert '<dl class="description">' in page and "Red hoodie" in page
    comment_page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert "Same at ours." in comment_page and '<dl class="description">' not in comment_page
    assert client.get(f"/moderation/posts/{comment.pk + 1000}/").status_code == 404
