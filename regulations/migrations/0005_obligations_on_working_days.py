"""Each obligation says where its deadline ends on a day off, and open plan tasks that came from an
obligation move off weekends and holidays the way that obligation says (manual tasks: later)."""

import re

from django.db import migrations

from coordination.deadline_migration import move_open_deadlines_off_days_off


def forwards(apps, schema_editor):
    Obligation = apps.get_model("regulations", "Obligation")
    PlanTask = apps.get_model("coordination", "PlanTask")
    Obligation.objects.filter(direction="before", day_off_shift="").update(day_off_shift="previous")
    Obligation.objects.filter(day_off_shift="").update(day_off_shift="next")
    shifts = dict(Obligation.objects.values_list("pk", "day_off_shift"))
    origins = dict(PlanTask.objects.values_list("pk", "origin_key"))

    def shift_for(followup):
        found = re.search(r"obligation:(\d+)", origins.get(followup.subject_id, ""))
        return shifts.get(int(found.group(1)), "next") if found else "next"

    move_open_deadlines_off_days_off(apps, app_label="coordination", model_name="PlanTask", shift_for=shift_for,
                                     mirrored_fields=("due_on",))


class Migration(migrations.Migration):
    dependencies = [("regulations", "0004_obligation_day_off_shift"), ("coordination", "0011_deadlines_on_working_days")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
