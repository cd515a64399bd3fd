from django import forms

from fairwitness.cameras.models import (
    RETENTION_DAYS_DEFAULT,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
)


class CameraRegisterForm(forms.Form):
    name = forms.CharField(max_length=80, help_text="For example: Front door, Driveway.")
    latitude = forms.FloatField(min_value=-90, max_value=90, help_text="Only you will see this.")
    longitude = forms.FloatField(min_value=-180, max_value=180)
    retention_days = forms.IntegerField(
        label="Keep clips for (days)",
        min_value=RETENTION_DAYS_MIN,
        max_value=RETENTION_DAYS_MAX,
        initial=RETENTION_DAYS_DEFAULT,
        help_text=f"{RETENTION_DAYS_MIN} to {RETENTION_DAYS_MAX} days. Older clips are destroyed.",
    )
