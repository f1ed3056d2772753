"""Open deadlines of petitions, rounds, reception visits and letters that fell on a weekend or holiday
move to the next working day (Civil Code 2015, art. 148.5); each is counted from an event."""

from django.db import migrations

from coordination.deadline_migration import move_open_deadlines_off_days_off


def forwards(apps, schema_editor):
    for model_name, mirrored in (("VoterContactRound", ()), ("Petition", ("due_on",)), ("ReceptionVisit", ("due_on",)),
                                 ("Letter", ("due_on",))):
        move_open_deadlines_off_days_off(apps, app_label="voters", model_name=model_name, shift_for=lambda followup: "next",
                                         mirrored_fields=mirrored)


class Migration(migrations.Migration):
    dependencies = [("voters", "0010_petition_agency_indexes_cover_search"),
                    ("coordination", "0011_deadlines_on_working_days")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
