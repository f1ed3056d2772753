"""A voter-contact meeting is scheduled ahead (``planned_on``) and recorded as held later (``held_on``,
which records a fact and so is never after today). Every meeting so far was planned for the day it was
recorded on; one dated after the day of this migration had not been held: it stays scheduled for that day."""

from django.db import migrations, models
from django.utils import timezone


def forwards(apps, schema_editor):
    VoterMeeting = apps.get_model("voters", "VoterMeeting")
    VoterMeeting.objects.update(planned_on=models.F("held_on"))
    apps.get_model("voters", "HistoricalVoterMeeting").objects.update(planned_on=models.F("held_on"))
    VoterMeeting.objects.filter(held_on__gt=timezone.localdate()).update(held_on=None)


def backwards(apps, schema_editor):
    VoterMeeting = apps.get_model("voters", "VoterMeeting")
    VoterMeeting.objects.filter(held_on__isnull=True).update(held_on=models.F("planned_on"))


def held_on():
    return models.DateField(blank=True, help_text="Để trống khi hội nghị chưa diễn ra", null=True, verbose_name="ngày tiếp xúc")


class Migration(migrations.Migration):
    dependencies = [("voters", "0011_deadlines_on_working_days")]

    operations = [
        migrations.AddField(model_name="votermeeting", name="planned_on",
                            field=models.DateField(null=True, verbose_name="ngày tiếp xúc dự kiến")),
        migrations.AddField(model_name="historicalvotermeeting", name="planned_on",
                            field=models.DateField(null=True, verbose_name="ngày tiếp xúc dự kiến")),
        migrations.AlterField(model_name="votermeeting", name="held_on", field=held_on()),
        migrations.AlterField(model_name="historicalvotermeeting", name="held_on", field=held_on()),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(model_name="votermeeting", name="planned_on",
                              field=models.DateField(verbose_name="ngày tiếp xúc dự kiến")),
        migrations.AlterField(model_name="historicalvotermeeting", name="planned_on",
                              field=models.DateField(verbose_name="ngày tiếp xúc dự kiến")),
        migrations.AlterModelOptions(
            name="votermeeting",
            options={"ordering": ["planned_on", "id"], "verbose_name": "hội nghị tiếp xúc cử tri",
                     "verbose_name_plural": "hội nghị tiếp xúc cử tri"},
        ),
    ]
