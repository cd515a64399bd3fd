"""The subject index, filled for the entries recorded before it existed.

The backfill reads each entry's public leaf, so it indexes exactly what the
log says. It keeps its own copy of the subject parsing: a migration must not
change when the app's code does later.
"""

import json

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def _refs(subject, out):
    if isinstance(subject, str):
        kind, _, ref = subject.partition(":")
        _add(kind, ref, out)
    elif isinstance(subject, list):
        for item in subject:
            _refs(item, out)
    elif isinstance(subject, dict):
        for kind, value in subject.items():
            _add(kind, value, out)


def _add(kind, value, out):
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.isascii() and item.isdigit():
            item = int(item)
        if isinstance(item, int) and not isinstance(item, bool) and 0 <= item < 1 << 63:
            out[(kind, item)] = None


def subjects_backfill(apps, schema_editor):
    entries = apps.get_model("audit", "AuditEntry")
    subjects = apps.get_model("audit", "AuditSubject")
    last = 0
    while True:
        batch = list(
            entries.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "leaf")[:BATCH]
        )
        if not batch:
            return
        rows = []
        for pk, leaf in batch:
            refs = {}
            try:
                _refs(json.loads(bytes(leaf)).get("subject"), refs)
            except (ValueError, AttributeError):
                continue  # not an entry this app wrote: nothing to index
            rows.extend(subjects(entry_id=pk, kind=kind, ref=ref) for kind, ref in refs)
        subjects.objects.bulk_create(rows, batch_size=BATCH)
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditentry_leaf_hash")]

    operations = [
        migrations.CreateModel(
            name="AuditSubject",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "kind",
                        "ref",
                        "entry",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("kind", models.CharField(max_length=40)),
                ("ref", models.BigIntegerField()),
                (
                    "entry",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="subjects",
                        to="audit.auditentry",
                    ),
                ),
            ],
        ),
        migrations.RunPython(subjects_backfill, migrations.RunPython.noop, elidable=True),
    ]
