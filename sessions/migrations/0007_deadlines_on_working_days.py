"""Open deadlines of the Council's work that fell on a weekend or holiday move to a working day:
those due before a session or a visit earlier, those counted from an event later."""

from django.db import migrations

from coordination.deadline_migration import move_open_deadlines_off_days_off

BEFORE, AFTER = "previous", "next"


def forwards(apps, schema_editor):
    StatutoryRule = apps.get_model("coordination", "StatutoryRule")
    rule_shifts = dict(StatutoryRule.objects.values_list("code", "day_off_shift"))

    def session_shift(followup):
        return rule_shifts.get(followup.source.removeprefix("session:")) if followup.source.startswith("session:") else None

    def mission_shift(followup):
        return BEFORE if followup.source == "supervision:programme" else AFTER if followup.source.startswith("supervision:") else None

    def meeting_shift(followup):
        return BEFORE if followup.source == "Thông báo phiên giải trình" else None

    def move(model_name, shift_for, *mirrored):
        move_open_deadlines_off_days_off(apps, app_label="council_sessions", model_name=model_name, shift_for=shift_for,
                                         mirrored_fields=mirrored)

    move("Session", session_shift)
    move("Submission", lambda followup: BEFORE, "due_on", "review_due_on")
    move("Question", lambda followup: AFTER, "answer_due_on")
    move("Commitment", lambda followup: BEFORE, "due_on")
    move("Recommendation", lambda followup: AFTER, "due_on")
    move("SupervisionMission", mission_shift)
    move("StandingMeeting", meeting_shift)


class Migration(migrations.Migration):
    dependencies = [("council_sessions", "0006_submission_file_into_documents"),
                    ("coordination", "0011_deadlines_on_working_days")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
