"""Step 3: personal information about private people."""

from __future__ import annotations

import pytest

from fairwitness.moderation.screening import Outcome, Reason, post_screen


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The owner's number is (555) 201-9988, call him.", Reason.PERSONAL_INFO_PHONE),
        ("Tell her off at +44 20 7946 0958 please", Reason.PERSONAL_INFO_PHONE),
        ("Email the landlord at jo.smith@example.com and complain", Reason.PERSONAL_INFO_EMAIL),
        ("The thief lives at 1423 Maple Ave.", Reason.PERSONAL_INFO_STREET_ADDRESS),
        ("Grey sedan with plate 7ABC123 sped off.", Reason.PERSONAL_INFO_LICENCE_PLATE),
        ("Blue truck, licence plate number is XYZ-4821.", Reason.PERSONAL_INFO_LICENCE_PLATE),
    ],
)
def test_personal_information_asks_for_edit(text: str, reason: Reason) -> None:
    screening = post_screen(text=text)
    assert screening.outcome is Outcome.EDIT
    assert reason in screening.reasons


def test_name_together_with_an_address_is_flagged() -> None:
    screening = post_screen(text="The loud one is John Carter at 1423 Maple Ave, tell him off.")
    assert Reason.PERSONAL_INFO_NAMED_PERSON in screening.reasons
    assert Reason.PERSONAL_INFO_STREET_ADDRESS in screening.reasons


def test_name_alone_is_not_personal_information() -> None:
    assert post_screen(text="Thanks to Maria Lopez for organising the cleanup!").reasons == ()


@pytest.mark.parametrize(
    "text",
    [
        "Lost dog, brown lab. Call me at 555-302-7781 if you see him.",
        "Found keys by the pond, email me at finder.keys@example.com to claim them.",
        "Car break-in on the 400 block of Elm St last night.",
        "2 cars on main street were hit overnight.",
        "Drove a 2019 Toyota into the ditch on River Road, everyone is fine.",
    ],
)
def test_own_contact_details_and_block_locations_publish(text: str) -> None:
    screening = post_screen(text=text)
    assert "personal_info" not in {r.family for r in screening.reasons}, screening.reasons
