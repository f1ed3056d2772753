# The meetings' own ordering (planned day, id) for the admin's changelist (issue 16).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('voters', '0017_public_petition_order'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='votermeeting',
            index=models.Index(fields=['planned_on', 'id'], name='meeting_planned'),
        ),
    ]
