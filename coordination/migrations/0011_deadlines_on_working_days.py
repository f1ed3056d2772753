"""Every law's deadline says where it ends on a day off; open follow-ups without a subject that are
due on a weekend or holiday move to the next working day (Civil Code 2015, art. 148.5)."""

from django.db import migrations

from coordination.deadline_migration import move_open_deadlines_off_days_off


def forwards(apps, schema_editor):
    StatutoryRule = apps.get_model("coordination", "StatutoryRule")
    StatutoryRule.objects.filter(direction="before", day_off_shift="").update(day_off_shift="previous")
    StatutoryRule.objects.filter(day_off_shift="").update(day_off_shift="next")
    move_open_deadlines_off_days_off(apps, app_label=None, model_name=None, shift_for=lambda followup: "next")


class Migration(migrations.Migration):
    dependencies = [("coordination", "0010_deadline_day_off_shift"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
