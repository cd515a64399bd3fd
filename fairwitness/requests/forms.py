"""Forms for request pages. Times are entered in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django import forms

from fairwitness.requests.policy_in_force import policy_current


def _policy_choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(mapping.items(), key=lambda item: item[1])


class UTCDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class CommunityRequestForm(forms.Form):
    case_number = forms.CharField(max_length=64)
    offense_category = forms.ChoiceField()
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    latitude = forms.FloatField(min_value=-90, max_value=90, help_text="Centre of the area.")
    longitude = forms.FloatField(min_value=-180, max_value=180)
    radius_m = forms.FloatField(min_value=1, max_value=2000, help_text="Radius in metres.")
    window_start = UTCDateTimeField(help_text="UTC")
    window_end = UTCDateTimeField(help_text="UTC")
    attestations = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = policy_current()
        offense: Any = self.fields["offense_category"]
        offense.choices = _policy_choices(dict(policy.offense_categories))
        attest: Any = self.fields["attestations"]
        attest.choices = list(policy.attestations.items())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", "The window must end after it starts.")
        return data

    def area(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [data["longitude"], data["latitude"]]},
            "properties": {"radius_m": data["radius_m"]},
        }


class ShareForm(forms.Form):
    clips = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    contact = forms.CharField(
        required=False,
        max_length=300,
        help_text="Optional: how the agency may reach you. Leave empty to stay anonymous.",
    )

    def __init__(self, *args: Any, clip_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["clips"]
        field.choices = [(str(pk), str(pk)) for pk in clip_ids]


class AccessForm(forms.Form):
    reason = forms.CharField(max_length=500, help_text="Why you need to see this clip. Logged.")
