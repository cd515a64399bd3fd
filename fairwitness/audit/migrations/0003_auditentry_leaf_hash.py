from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_loghead_row")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="leaf_hash",
            field=models.BinaryField(
                db_index=True, default=b"", help_text="SHA-256(0x00 || leaf)", max_length=32
            ),
            preserve_default=False,
        ),
    ]
