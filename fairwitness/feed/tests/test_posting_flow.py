"""Acceptance 1 through the pages: the Nextdoor-style posting flow and the profiling guardrail."""

from __future__ import annotations

import pytest
from django.test import Client

from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.feed.models import Post
from fairwitness.feed.tests.factories import resident_at
from fairwitness.feed.tests.flow import post_confirm, post_start, step
from fairwitness.moderation.models import Screening
from fairwitness.moderation.screening import Reason
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

PROFILING_TEXT = "Suspicious Black man walking around our street tonight."


def test_race_only_post_is_not_published_and_author_reads_why_and_how_to_fix(
    author_client: Client,
) -> None:
    """GIVEN a post naming only race, calling the person suspicious, with no act
    WHEN it goes through the flow THEN it needs an edit, and the page says why and how."""
    post = post_start(author_client, category="suspicious_activity", text=PROFILING_TEXT)
    assert step(author_client, post, "behaviour", behaviour="walking around").status_code == 302
    assert step(author_client, post, "describe").status_code == 302
    post = post_confirm(author_client, post)

    assert post.state == SubmissionState.NEEDS_EDIT
    screening = Screening.objects.get(post=post)
    assert Reason.PROFILING_RACE_WITHOUT_BEHAVIOUR in screening.reasons
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "does not say what they did" in page
    assert "Describe the behaviour" in page
    assert "Edit the post" in page
    # Nobody else sees it.
    neighbor = client_sign_in(Client(), resident_at())
    assert PROFILING_TEXT not in neighbor.get("/feed/").content.decode()
    assert neighbor.get(f"/feed/posts/{post.pk}/").status_code == 404


def test_after_behaviour_and_two_descriptors_the_same_post_publishes(
    author_client: Client,
) -> None:
    post = post_start(author_client, category="suspicious_activity", text=PROFILING_TEXT)
    step(author_client, post, "behaviour", behaviour="walking around")
    step(author_client, post, "describe")
    post = post_confirm(author_client, post)
    assert post.state == SubmissionState.NEEDS_EDIT

    # The author follows the advice: what they did, two other details, race kept in the form.
    assert author_client.get(f"/feed/posts/{post.pk}/compose/?step=text").status_code == 200
    step(
        author_client,
        post,
        "text",
        category="suspicious_activity",
        text="Suspicious man on our street tonight.",
    )
    step(author_client, post, "behaviour", behaviour="tried the door handles of three parked cars")
    response = step(
        author_client,
        post,
        "describe",
        race_ethnicity="Black",
        top="red hoodie",
        build="tall, slim",
    )
    assert response["Location"].endswith("step=check")
    response = step(author_client, post, "check", answer="yes")
    assert response["Location"].endswith("step=confirm")
    post = post_confirm(author_client, post)

    assert post.state == SubmissionState.PUBLISHED
    neighbor = client_sign_in(Client(), resident_at())
    assert "Suspicious man on our street tonight." in neighbor.get("/feed/").content.decode()


def test_race_with_one_other_descriptor_is_refused_on_the_describe_step(
    author_client: Client,
) -> None:
    post = post_start(author_client, category="crime", text="Someone took a package from a porch.")
    step(author_client, post, "behaviour", behaviour="took a package from the porch and ran")
    response = step(author_client, post, "describe", race_ethnicity="Hispanic", top="grey hoodie")
    assert response.status_code == 400
    assert "at least two other details" in response.content.decode()
    post.refresh_from_db()
    assert post.race_ethnicity == ""


def test_the_server_enforces_two_descriptors_even_when_the_form_is_skipped(
    author_client: Client,
) -> None:
    """GIVEN a draft whose stored description has race and one other detail (as a
    client skipping the describe page could make) WHEN it is submitted THEN it is refused."""
    post = post_start(author_client, category="crime", text="Someone took a package from a porch.")
    Post.objects.filter(pk=post.pk).update(
        behaviour="took a package and ran",
        race_ethnicity="Asian",
        top="blue cap",
        suspicious_without_race=True,
    )
    response = step(author_client, post, "confirm")
    assert response.status_code == 400
    assert "at least two other details" in response.content.decode()
    post.refresh_from_db()
    assert post.state == SubmissionState.DRAFT
    assert not Screening.objects.filter(post=post).exists()


def test_answering_no_to_suspicious_without_race_does_not_post(author_client: Client) -> None:
    post = post_start(author_client, category="suspicious_activity", text="Man on our block.")
    step(author_client, post, "behaviour", behaviour="stood at the corner looking at phones")
    step(author_client, post, "describe", race_ethnicity="Black", top="jacket", hair="short")
    response = step(author_client, post, "check", answer="no")
    assert response.status_code == 200
    assert "it is not suspicious" in response.content.decode()
    # Submitting anyway is refused by the server.
    response = step(author_client, post, "confirm")
    assert response.status_code == 400
    post.refresh_from_db()
    assert post.state == SubmissionState.DRAFT
    # Removing race lets the author go on without it.
    response = step(author_client, post, "check", remove_race="1")
    post.refresh_from_db()
    assert post.race_ethnicity == "" and response["Location"].endswith("step=confirm")


def test_no_person_to_describe_skips_to_confirm(author_client: Client) -> None:
    post = post_start(author_client, category="crime", text="Car window smashed on Oak overnight.")
    response = step(author_client, post, "behaviour", no_person="1")
    assert response["Location"].endswith("step=confirm")
    assert post_confirm(author_client, post).state == SubmissionState.PUBLISHED


def test_htmx_steps_answer_200_with_the_errors_so_the_swap_happens(
    author_client: Client,
) -> None:
    post = post_start(author_client, category="crime", text="Bike stolen from the rack.")
    response = author_client.post(
        f"/feed/posts/{post.pk}/compose/",
        {"step": "behaviour", "behaviour": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="compose"' in response.content.decode()
    assert "This field is required" in response.content.decode()


def test_a_submitted_post_cannot_be_composed_again(author_client: Client) -> None:
    post = post_start(author_client, category="other", text="Street fair on Sunday.")
    post_confirm(author_client, post)
    response = step(author_client, post, "text", category="other", text="changed")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.text == "Street fair on Sunday."


def test_another_residents_draft_is_not_found(author_client: Client) -> None:
    post = post_start(author_client, category="other", text="Street fair on Sunday.")
    other = client_sign_in(Client(), resident_at())
    assert other.get(f"/feed/posts/{post.pk}/compose/").status_code == 404
