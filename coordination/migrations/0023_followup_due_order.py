# The follow-ups' own ordering (due date, id) for the admin's changelist (issue 16).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0022_followup_status_due_search'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='followup',
            index=models.Index(fields=['due_on', 'id'], name='followup_due'),
        ),
    ]
