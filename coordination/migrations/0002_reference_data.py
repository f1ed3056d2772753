from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from coordination.migration_ops import TrigramIndex
from coordination.reference import reference_data_ensure

def seed(apps, schema_editor):
    reference_data_ensure(apps.get_model("coordination", "AdministrativeLevel"), apps.get_model("coordination", "CoordinationArea"))


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(seed, migrations.RunPython.noop),
        TrigramIndex("coordination_administrativeunit", "search_text", "unit_search_trgm"),
        TrigramIndex("coordination_body", "search_text", "body_search_trgm"),
        TrigramIndex("coordination_person", "search_text", "person_search_trgm"),
    ]
