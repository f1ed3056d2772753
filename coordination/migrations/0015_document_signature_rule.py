from django.db import migrations

from coordination.statutory_rules import statutory_rules_ensure


def seed(apps, schema_editor):
    """The deadline of the next party's signature on a joint document (coordination.services.document_sign)."""
    statutory_rules_ensure(apps.get_model("coordination", "StatutoryRule"))


class Migration(migrations.Migration):
    dependencies = [("coordination", "0014_digital_signatures")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
