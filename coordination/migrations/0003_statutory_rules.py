from django.db import migrations

from coordination.statutory_rules import statutory_rules_ensure


def seed(apps, schema_editor):
    statutory_rules_ensure(apps.get_model("coordination", "StatutoryRule"))


class Migration(migrations.Migration):
    dependencies = [("coordination", "0002_reference_data")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
