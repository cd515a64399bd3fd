"""Forms of the posting flow and the feed. Rules live in services; forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms

from fairwitness.feed.models import CATEGORY_LABELS, DESCRIPTOR_MAX_LENGTH, FlagKind
from fairwitness.feed.selectors import RADIUS_CHOICES_KM, RADIUS_DEFAULT_KM
from fairwitness.moderation.screening import MAX_TEXT_LENGTH

RADIUS_CHOICES = [(f"{r:g}", f"{r:g} km") for r in RADIUS_CHOICES_KM]


class LocationForm(forms.Form):
    latitude = forms.FloatField(min_value=-90, max_value=90)
    longitude = forms.FloatField(min_value=-180, max_value=180)
    radius_km = forms.TypedChoiceField(
        label="Show posts within",
        choices=RADIUS_CHOICES,
        coerce=float,
        initial=f"{RADIUS_DEFAULT_KM:g}",
        help_text="Only a coarse area of about 0.7 km² is kept, never the exact point.",
    )


class RadiusForm(forms.Form):
    radius = forms.TypedChoiceField(
        label="Within", choices=RADIUS_CHOICES, coerce=float, required=False
    )


class PostTextForm(forms.Form):
    category = forms.ChoiceField(
        choices=[(c.value, label) for c, label in CATEGORY_LABELS.items()],
        widget=forms.RadioSelect,
    )
    # No max_length here: the service answers huge text with a message saying the limit.
    text = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        strip=False,
        help_text=f"Up to {MAX_TEXT_LENGTH:,} characters. "
        "Say where roughly (a block, not a house).",
    )


class BehaviourForm(forms.Form):
    behaviour = forms.CharField(
        label="What did the person do?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Describe actions, for example 'tried the handles of parked cars'. "
        "Don't describe what they look like yet.",
    )


def _descriptor(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=DESCRIPTOR_MAX_LENGTH, help_text=help_text
    )


class DescriptionForm(forms.Form):
    top = _descriptor("Top", "For example: red hooded jacket")
    bottom = _descriptor("Bottom", "For example: grey sweatpants")
    shoes = _descriptor("Shoes")
    hair = _descriptor("Hair")
    build = _descriptor("Build", "For example: tall, slim")
    age_range = _descriptor("Age range", "For example: 20 to 30")
    vehicle = _descriptor("Vehicle", "Make, model and colour; not the plate")
    other_features = _descriptor("Other distinguishing features")
    race_ethnicity = _descriptor(
        "Race or ethnicity (optional)",
        "Only together with at least two other details above.",
    )


class WithoutRaceForm(forms.Form):
    answer = forms.ChoiceField(
        label="Would this be suspicious if the person were of another race?",
        choices=[("yes", "Yes, what they did is suspicious by itself"), ("no", "No")],
        widget=forms.RadioSelect,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Add a comment", widget=forms.Textarea(attrs={"rows": 2}), strip=False
    )


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label="What is wrong?", choices=[(k.value, k.label) for k in FlagKind])
    note = forms.CharField(label="Anything to add (optional)", required=False, max_length=500)


class AppealForm(forms.Form):
    statement = forms.CharField(
        label="Why was the decision wrong?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ClipIdsField(forms.MultipleChoiceField):
    """Checked clip ids, parsed to integers. Which ids are allowed is the service's call
    (``post_clips_choose``), so a refused id gets the same message on the page and the API."""

    def valid_value(self, value: Any) -> bool:
        return True

    def clean(self, value: Any) -> list[int]:
        values = super().clean(value)
        try:
            return [int(v) for v in values]
        except ValueError:
            raise forms.ValidationError("Choose clips from the list.") from None


class ClipChoiceForm(forms.Form):
    clips = ClipIdsField(label="Your clips", required=False, widget=forms.CheckboxSelectMultiple)
    make_public = forms.BooleanField(
        label="Let neighbors who can read this post play the chosen clips",
        required=False,
        help_text="They can play them only while the post is published. You can stop "
        "showing a clip at any time, and deleting a clip removes it from the post.",
    )
