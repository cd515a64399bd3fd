"""The private resolution-11 H3 cell for request matching, filled for existing cameras."""

import h3
from django.db import migrations, models

MATCH_CELL_RESOLUTION = 11  # as in fairwitness.cameras.models when this was written


def match_cells_fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Camera = apps.get_model("cameras", "Camera")
    batch = []
    for camera in Camera.objects.only("pk", "latitude", "longitude").iterator(chunk_size=2000):
        cell = h3.latlng_to_cell(camera.latitude, camera.longitude, MATCH_CELL_RESOLUTION)
        camera.match_cell = h3.str_to_int(cell)
        batch.append(camera)
        if len(batch) >= 2000:
            Camera.objects.bulk_update(batch, ["match_cell"])
            batch = []
    if batch:
        Camera.objects.bulk_update(batch, ["match_cell"])


class Migration(migrations.Migration):
    dependencies = [
        ("cameras", "0002_camera_privacy_zones_devicecredential_pairingcode"),
    ]

    operations = [
        migrations.AddField(
            model_name="camera",
            name="match_cell",
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(match_cells_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="camera",
            name="match_cell",
            field=models.BigIntegerField(db_index=True),
        ),
    ]
