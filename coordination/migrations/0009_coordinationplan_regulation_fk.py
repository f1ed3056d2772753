"""CoordinationPlan.regulation_id (a plain integer) becomes a foreign key to regulations.Regulation.

The old column and the new one would both be called ``regulation_id``, so the key is added under a
temporary name, the values are copied (an id whose regulation no longer exists becomes empty, as a
foreign key cannot hold it), the integer is dropped and the key renamed. History rows keep their ids.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_ids(apps, schema_editor):
    Regulation = apps.get_model("regulations", "Regulation")
    existing = set(Regulation.objects.values_list("pk", flat=True))
    for name in ("CoordinationPlan", "HistoricalCoordinationPlan"):
        model = apps.get_model("coordination", name)
        for row_pk, regulation_id in model.objects.exclude(regulation_id=None).values_list("pk", "regulation_id"):
            kept = regulation_id if name == "HistoricalCoordinationPlan" or regulation_id in existing else None
            model.objects.filter(pk=row_pk).update(regulation_new_id=kept)


def copy_ids_back(apps, schema_editor):
    for name in ("CoordinationPlan", "HistoricalCoordinationPlan"):
        model = apps.get_model("coordination", name)
        for row_pk, regulation_id in model.objects.exclude(regulation_new_id=None).values_list("pk", "regulation_new_id"):
            model.objects.filter(pk=row_pk).update(regulation_id=regulation_id)


class Migration(migrations.Migration):

    dependencies = [
        ("coordination", "0008_report_claim"),
        ("regulations", "0003_m2m_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="coordinationplan",
            name="regulation_new",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="coordination_plans", to="regulations.regulation", verbose_name="quy chế"),
        ),
        migrations.AddField(
            model_name="historicalcoordinationplan",
            name="regulation_new",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="regulations.regulation", verbose_name="quy chế"),
        ),
        migrations.RunPython(copy_ids, copy_ids_back),
        migrations.RemoveField(model_name="coordinationplan", name="regulation_id"),
        migrations.RemoveField(model_name="historicalcoordinationplan", name="regulation_id"),
        migrations.RenameField(model_name="coordinationplan", old_name="regulation_new", new_name="regulation"),
        migrations.RenameField(model_name="historicalcoordinationplan", old_name="regulation_new", new_name="regulation"),
    ]
