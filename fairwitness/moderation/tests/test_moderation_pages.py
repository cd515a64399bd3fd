"""Moderators: the queue by severity, decisions with reason codes, flags, and appeals
that only a different moderator may decide."""

from __future__ import annotations

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.core.errors import PermissionDenied
from fairwitness.feed.models import Flag, Post
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.feed.tests.flow import post_simple
from fairwitness.moderation import services
from fairwitness.moderation.models import Appeal, AppealState, Review
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

HELD_PROTEST = "Rally for tenants' rights at city hall on Saturday at noon, bring signs."


def _moderator() -> tuple[User, Client]:
    person = person_create(Role.MODERATOR)
    return person, client_sign_in(Client(), person)


def _held_post(text: str = HELD_PROTEST) -> tuple[User, Client, Post]:
    author = resident_at()
    client = client_sign_in(Client(), author)
    post = post_simple(client, text=text)
    assert post.state == SubmissionState.HELD
    return author, client, post


def test_queue_orders_by_severity_and_shows_reasons_and_scores() -> None:
    _, _, _protest = _held_post()
    _, _, _hate_quote = _held_post("A flyer on my car said 'muslims are vermin'. Thoughts?")
    _, client = _moderator()
    page = client.get("/moderation/").content.decode()
    assert page.index("muslims are vermin") < page.index("Rally for tenants")
    assert "screen:lawful_activity:assembly" in page
    assert "screen:hate:quoted_or_reported" in page
    assert "hate_score" in page


@pytest.mark.parametrize(
    ("decision", "reason", "state"),
    [
        ("approve", ReviewReason.LAWFUL_ACTIVITY_NOTICE, SubmissionState.PUBLISHED),
        ("reject", ReviewReason.SURVEILLANCE, SubmissionState.REJECTED),
        ("edit", ReviewReason.PERSONAL_INFO, SubmissionState.NEEDS_EDIT),
    ],
)
def test_moderator_decides_with_reason_codes(
    decision: str, reason: ReviewReason, state: SubmissionState
) -> None:
    _, _, post = _held_post()
    moderator, client = _moderator()
    response = client.post(
        f"/moderation/posts/{post.pk}/",
        {"decision": decision, "reason_codes": [reason.value], "note": "checked"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == state
    review = Review.objects.get(post=post)
    assert review.moderator == moderator and review.reason_codes == [reason.value]


def test_reasons_must_fit_the_decision() -> None:
    _, _, post = _held_post()
    _, client = _moderator()
    response = client.post(
        f"/moderation/posts/{post.pk}/",
        {"decision": "approve", "reason_codes": [ReviewReason.HATE.value]},
    )
    assert response.status_code == 400
    assert "do not fit the decision" in response.content.decode()
    post.refresh_from_db()
    assert post.state == SubmissionState.HELD and not Review.objects.exists()


def test_decision_without_reasons_is_refused() -> None:
    _, _, post = _held_post()
    _, client = _moderator()
    response = client.post(f"/moderation/posts/{post.pk}/", {"decision": "reject"})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_racial_profiling_flag_takes_the_post_to_the_top_of_the_queue_at_once() -> None:
    author = resident_at()
    post = post_make(author=author, text="Watch out for the guys hanging out by the store.")
    _, _, _protest = _held_post()
    flagger = client_sign_in(Client(), resident_at())
    response = flagger.post(f"/feed/posts/{post.pk}/flag/", {"kind": "racial_profiling"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == SubmissionState.HELD
    assert "guys hanging out" not in flagger.get("/feed/").content.decode()
    _, moderator = _moderator()
    page = moderator.get("/moderation/").content.decode()
    assert page.index("guys hanging out") < page.index("Rally for tenants")
    assert "flag:racial_profiling" in page


def test_other_flags_are_recorded_and_leave_the_post_up() -> None:
    post = post_make(author=resident_at())
    flagger = client_sign_in(Client(), resident_at())
    flagger.post(f"/feed/posts/{post.pk}/flag/", {"kind": "spam"})
    post.refresh_from_db()
    assert post.state == SubmissionState.PUBLISHED
    assert Flag.objects.get().kind == "spam"
    again = flagger.post(f"/feed/posts/{post.pk}/flag/", {"kind": "racial_profiling"}, follow=True)
    assert "already flagged" in again.content.decode()


def test_profiling_flag_on_a_post_a_moderator_approved_does_not_hide_it_again() -> None:
    _, _, post = _held_post()
    moderator, _ = _moderator()
    services.review_decide(
        moderator=moderator,
        subject=post,
        decision="approve",
        reason_codes=[ReviewReason.LAWFUL_ACTIVITY_NOTICE],
    )
    flagger = client_sign_in(Client(), resident_at())
    flagger.post(f"/feed/posts/{post.pk}/flag/", {"kind": "racial_profiling"})
    post.refresh_from_db()
    assert post.state == SubmissionState.PUBLISHED


def test_authors_cannot_flag_their_own_post() -> None:
    author = resident_at()
    post = post_make(author=author)
    client_sign_in(Client(), author).post(f"/feed/posts/{post.pk}/flag/", {"kind": "spam"})
    assert not Flag.objects.exists()


def _rejected_by(moderator: User) -> tuple[Client, Post]:
    _, author_client, post = _held_post()
    services.review_decide(
        moderator=moderator,
        subject=post,
        decision="reject",
        reason_codes=[ReviewReason.SURVEILLANCE],
    )
    return author_client, post


def test_appeal_goes_to_a_different_moderator() -> None:
    """GIVEN moderator A rejected a post WHEN its author appeals THEN A cannot see or decide
    the appeal, and moderator B can overturn it."""
    first, first_client = _moderator()
    author_client, post = _rejected_by(first)
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "Appeal" in page
    response = author_client.post(
        f"/feed/posts/{post.pk}/appeal/", {"statement": "It is a public rally notice."}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.excluded_moderator == first

    assert (
        f"/moderation/appeals/{appeal.pk}/" not in first_client.get("/moderation/").content.decode()
    )
    response = first_client.post(
        f"/moderation/appeals/{appeal.pk}/",
        {"outcome": "overturn", "reason_codes": [ReviewReason.LAWFUL_ACTIVITY_NOTICE.value]},
    )
    assert response.status_code == 403
    assert "another moderator must decide" in response.content.decode().lower()
    appeal.refresh_from_db()
    assert appeal.state == AppealState.OPEN

    second, second_client = _moderator()
    assert f"/moderation/appeals/{appeal.pk}/" in second_client.get("/moderation/").content.decode()
    response = second_client.post(
        f"/moderation/appeals/{appeal.pk}/",
        {"outcome": "overturn", "reason_codes": [ReviewReason.LAWFUL_ACTIVITY_NOTICE.value]},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    post.refresh_from_db()
    assert appeal.state == AppealState.OVERTURNED
    assert post.state == SubmissionState.PUBLISHED
    assert Review.objects.get(appeal=appeal).moderator == second


def test_the_service_refuses_the_original_moderator_too() -> None:
    first, _ = _moderator()
    _author_client, post = _rejected_by(first)
    appeal = services.appeal_file(author=post.author, subject=post, statement="Please look again.")
    with pytest.raises(PermissionDenied):
        services.appeal_decide(
            moderator=first,
            appeal=appeal,
            overturn=True,
            reason_codes=[ReviewReason.NO_VIOLATION],
        )


def test_an_appeal_upheld_leaves_the_post_rejected_and_cannot_be_decided_twice() -> None:
    first, _ = _moderator()
    _, post = _rejected_by(first)
    appeal = services.appeal_file(author=post.author, subject=post, statement="Please look again.")
    second, _ = _moderator()
    services.appeal_decide(
        moderator=second, appeal=appeal, overturn=False, reason_codes=[ReviewReason.SURVEILLANCE]
    )
    post.refresh_from_db()
    assert post.state == SubmissionState.REJECTED
    _third, third_client = _moderator()
    response = third_client.post(
        f"/moderation/appeals/{appeal.pk}/",
        {"outcome": "overturn", "reason_codes": [ReviewReason.NO_VIOLATION.value]},
    )
    assert response.status_code == 409


def test_only_the_author_may_appeal_and_only_once_at_a_time() -> None:
    first, _ = _moderator()
    author_client, post = _rejected_by(first)
    other = client_sign_in(Client(), resident_at())
    other.post(f"/feed/posts/{post.pk}/appeal/", {"statement": "not mine"})
    assert not Appeal.objects.exists()
    author_client.post(f"/feed/posts/{post.pk}/appeal/", {"statement": "first"})
    response = author_client.post(
        f"/feed/posts/{post.pk}/appeal/", {"statement": "second"}, follow=True
    )
    assert "already waiting" in response.content.decode()
    assert Appeal.objects.count() == 1


def test_an_automatic_rejection_can_be_appealed_to_any_moderator() -> None:
    author = resident_at()
    client = client_sign_in(Client(), author)
    post = post_simple(client, text="Wetbacks are taking over this street.")
    assert post.state == SubmissionState.REJECTED
    appeal = services.appeal_file(author=author, subject=post, statement="Quoting a flyer.")
    assert appeal.excluded_moderator is None
    _, moderator = _moderator()
    assert f"/moderation/appeals/{appeal.pk}/" in moderator.get("/moderation/").content.decode()
