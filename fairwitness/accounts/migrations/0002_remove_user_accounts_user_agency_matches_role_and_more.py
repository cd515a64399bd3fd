# The constraint is re-created with its role list in a fixed (sorted) order, so that
# makemigrations sees no change whatever order Python iterates a set in.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='user',
            name='accounts_user_agency_matches_role',
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('agency__isnull', False), ('role__in', ['agency_member', 'agency_supervisor'])), models.Q(models.Q(('role__in', ['agency_member', 'agency_supervisor']), _negated=True), ('agency__isnull', True)), _connector='OR'), name='accounts_user_agency_matches_role'),
        ),
    ]
