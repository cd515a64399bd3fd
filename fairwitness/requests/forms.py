"""Forms for request pages. Times are entered in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django import forms

from fairwitness.core.input_bounds import (
    day_recorded_problem,
    moment_deadline_problem,
    moment_recorded_problem,
)
from fairwitness.requests.policy_in_force import policy_current


def _policy_choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(mapping.items(), key=lambda item: item[1])


class UTCDateTimeField(forms.DateTimeField):
    """A moment in UTC, from 2000 to a day from now; a ``deadline`` may lie further ahead."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def __init__(self, *args: Any, deadline: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def to_python(self, value: Any) -> datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        check = moment_deadline_problem if self.deadline else moment_recorded_problem
        problem = check(moment)
        if problem:
            raise forms.ValidationError(problem)
        return moment


class SignedOnField(forms.DateField):
    """The day a document was signed: from 2000 to today."""

    widget = forms.DateInput(attrs={"type": "date"})

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        if day is not None:
            problem = day_recorded_problem(day)
            if problem:
                raise forms.ValidationError(problem)
        return day


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
    reason = forms.CharField(
        label="Reason for viewing",
        max_length=500,
        help_text="Why you need to see this clip. Logged.",
    )


class CameraIdsField(forms.CharField):
    """Camera ids separated by commas or spaces, e.g. "12, 15"."""

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        text = super().to_python(value) or ""
        parts = [p for p in text.replace(",", " ").split() if p]
        if not parts and not self.required:
            return []
        if not parts or not all(p.isdigit() for p in parts):
            raise forms.ValidationError("List camera ids as numbers, separated by commas.")
        return [int(p) for p in parts]


class _AttestedForm(forms.Form):
    case_number = forms.CharField(max_length=64)
    offense_category = forms.ChoiceField()
    attestations = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = policy_current()
        offense: Any = self.fields["offense_category"]
        offense.choices = _policy_choices(dict(policy.offense_categories))
        attest: Any = self.fields["attestations"]
        attest.choices = list(policy.attestations.items())
        if "kind" in self.fields:
            kind: Any = self.fields["kind"]
            kind.choices = [(k, label.capitalize()) for k, label in policy.legal.kinds.items()]


class LegalProcessForm(_AttestedForm):
    kind = forms.ChoiceField()
    court = forms.CharField(max_length=200)
    judge = forms.CharField(max_length=200)
    signed_on = SignedOnField()
    cameras = CameraIdsField(help_text="Camera ids in the order's scope, e.g. 12, 15.")
    scope_start = UTCDateTimeField(help_text="UTC")
    scope_end = UTCDateTimeField(help_text="UTC")
    document = forms.FileField(help_text="The signed order, as a PDF of at most 10 MiB.")
    nondisclosure = forms.BooleanField(required=False, label="A non-disclosure order applies")
    nondisclosure_until = UTCDateTimeField(
        required=False, deadline=True, help_text="Its end date (UTC)."
    )
    emergency = forms.IntegerField(
        required=False, min_value=1, help_text="The emergency request this follows, if any."
    )


class EmergencyForm(_AttestedForm):
    danger = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The imminent danger of death or serious physical injury.",
    )
    cameras = CameraIdsField(help_text="The cameras, by id, e.g. 12, 15.")
    window_start = UTCDateTimeField(help_text="UTC")
    window_end = UTCDateTimeField(help_text="UTC")


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[("approved", "Approve"), ("narrowed", "Narrow"), ("rejected", "Reject")]
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    cameras = CameraIdsField(required=False, help_text="When narrowing: the cameras to keep.")


class ExtensionForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=180, help_text="Days to add.")
    justification = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
