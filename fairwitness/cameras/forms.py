import json
from typing import Any

from django import forms

from fairwitness.cameras.models import (
    RETENTION_DAYS_DEFAULT,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
    Camera,
)
from fairwitness.cameras.zones import privacy_zones_parse
from fairwitness.core.errors import ApplicationError


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


class CameraSettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label="Keep clips for (days)",
        min_value=RETENTION_DAYS_MIN,
        max_value=RETENTION_DAYS_MAX,
        help_text=f"{RETENTION_DAYS_MIN} to {RETENTION_DAYS_MAX} days. Older clips are destroyed.",
    )
    privacy_zones = forms.CharField(
        label="Privacy zones",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=(
            "Areas the device blacks out before recording, as JSON: a list of "
            '{"name": ..., "points": [[x, y], ...]} with x and y from 0 (left, top) to 1 '
            "(right, bottom). Leave empty for none. Devices pick changes up when re-paired "
            "or restarted."
        ),
    )

    @classmethod
    def for_camera(cls, camera: Camera) -> "CameraSettingsForm":
        return cls(
            initial={
                "retention_days": camera.retention_days,
                "privacy_zones": json.dumps(camera.privacy_zones) if camera.privacy_zones else "",
            }
        )

    def clean_privacy_zones(self) -> list[dict[str, Any]]:
        try:
            return privacy_zones_parse(self.cleaned_data.get("privacy_zones") or "")
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None
