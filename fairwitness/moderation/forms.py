from __future__ import annotations

from django import forms

from fairwitness.moderation.models import ReviewDecision
from fairwitness.moderation.reasons import ReviewReason

REASON_CHOICES = [(r.value, r.label) for r in ReviewReason]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(d.value, d.label) for d in ReviewDecision], widget=forms.RadioSelect
    )
    reason_codes = forms.MultipleChoiceField(
        label="Reasons",
        choices=REASON_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Approving needs a 'nothing wrong' reason; rejecting or asking for an edit "
        "needs the rule broken.",
    )
    note = forms.CharField(
        label="Note to the author (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            ("overturn", "Overturn: publish it"),
            ("uphold", "Uphold the decision"),
        ],
        widget=forms.RadioSelect,
    )
    reason_codes = forms.MultipleChoiceField(
        label="Reasons", choices=REASON_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="Note to the author (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
