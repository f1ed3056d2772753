from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# A submission keeps its session's planned opening, so that the register's order (latest session first, then
# by due date) walks an index: filled for the submissions already there in one UPDATE, then required. The
# missions' and recommendations' registers get the index of their order too.


def fill(apps, schema_editor):
    Session = apps.get_model("council_sessions", "Session")
    Submission = apps.get_model("council_sessions", "Submission")
    Submission.objects.update(
        session_planned_open=Subquery(Session.objects.filter(pk=OuterRef("session_id")).values("planned_open"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("council_sessions", "0009_supervision_sources_by_deadline_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="session_planned_open",
            field=models.DateField(editable=False, null=True, verbose_name="ngày khai mạc dự kiến của kỳ họp"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="submission",
            name="session_planned_open",
            field=models.DateField(editable=False, verbose_name="ngày khai mạc dự kiến của kỳ họp"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["-session_planned_open", "due_on", "id"], name="submission_register"),
        ),
        migrations.AddIndex(
            model_name="supervisionmission",
            index=models.Index(fields=["-decision_date", "id"], name="mission_register"),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(fields=["due_on", "id"], name="recommendation_register"),
        ),
    ]
