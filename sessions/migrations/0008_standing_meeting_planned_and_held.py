"""A Standing Committee meeting is scheduled ahead (``planned_on``) and recorded as held later
(``held_on``, which records a fact and so is never after today). Every meeting so far was planned for
the day it was recorded on; one dated after the day of this migration had not been held: it stays
scheduled for that day."""

from django.db import migrations, models
from django.utils import timezone


def forwards(apps, schema_editor):
    StandingMeeting = apps.get_model("council_sessions", "StandingMeeting")
    StandingMeeting.objects.update(planned_on=models.F("held_on"))
    apps.get_model("council_sessions", "HistoricalStandingMeeting").objects.update(planned_on=models.F("held_on"))
    StandingMeeting.objects.filter(held_on__gt=timezone.localdate()).update(held_on=None)


def backwards(apps, schema_editor):
    StandingMeeting = apps.get_model("council_sessions", "StandingMeeting")
    StandingMeeting.objects.filter(held_on__isnull=True).update(held_on=models.F("planned_on"))


class Migration(migrations.Migration):
    dependencies = [("council_sessions", "0007_deadlines_on_working_days")]

    operations = [
        migrations.AddField(
            model_name="standingmeeting", name="planned_on",
            field=models.DateField(null=True, verbose_name="ngày họp dự kiến"),
        ),
        migrations.AddField(
            model_name="historicalstandingmeeting", name="planned_on",
            field=models.DateField(null=True, verbose_name="ngày họp dự kiến"),
        ),
        migrations.AlterField(
            model_name="standingmeeting", name="held_on",
            field=models.DateField(blank=True, help_text="Để trống khi cuộc họp chưa diễn ra", null=True,
                                   verbose_name="ngày họp"),
        ),
        migrations.AlterField(
            model_name="historicalstandingmeeting", name="held_on",
            field=models.DateField(blank=True, help_text="Để trống khi cuộc họp chưa diễn ra", null=True,
                                   verbose_name="ngày họp"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="standingmeeting", name="planned_on",
            field=models.DateField(verbose_name="ngày họp dự kiến"),
        ),
        migrations.AlterField(
            model_name="historicalstandingmeeting", name="planned_on",
            field=models.DateField(verbose_name="ngày họp dự kiến"),
        ),
        migrations.RemoveIndex(model_name="standingmeeting", name="council_ses_standin_8a47f2_idx"),
        migrations.AddIndex(
            model_name="standingmeeting",
            index=models.Index(fields=["standing", "planned_on"], name="standing_meeting_planned"),
        ),
        migrations.AlterModelOptions(
            name="standingmeeting",
            options={"ordering": ["-planned_on", "-id"], "verbose_name": "phiên họp Thường trực HĐND",
                     "verbose_name_plural": "phiên họp Thường trực HĐND"},
        ),
    ]
