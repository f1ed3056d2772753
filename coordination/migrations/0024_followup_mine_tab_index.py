# "Cơ quan tôi phải làm" read from one index (issue 16): followup_body_due carries the unit and the subject the
# door checks, and PostgreSQL learns that a follow-up's lead body decides its unit (estimated as independent,
# lead body 1 and unit 1 gave 11 rows for 2,941, and the plan AND-ed the unit's 29,000-row bitmap).

from django.db import migrations, models

from coordination.migration_ops import DependencyStatistics


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('coordination', '0023_followup_due_order'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='followup',
            name='followup_body_due',
        ),
        migrations.AddIndex(
            model_name='followup',
            index=models.Index(
                fields=['lead_body', 'status', 'due_on'],
                include=('unit', 'subject_type', 'subject_id'),
                name='followup_body_due',
            ),
        ),
        DependencyStatistics(
            table='coordination_followup', columns=['unit_id', 'lead_body_id'], name='followup_unit_body'
        ),
    ]
