"""The sequencer locks LogHead row 1; create it once so no run races to create it."""

from typing import Any

from django.db import migrations


def head_create(apps: Any, schema_editor: Any) -> None:
    apps.get_model("audit", "LogHead").objects.get_or_create(pk=1, defaults={"size": 0})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(head_create, migrations.RunPython.noop)]
