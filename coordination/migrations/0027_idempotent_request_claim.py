# A POST with an Idempotency-Key claims its key (a row without a status) before it acts, so a copy arriving
# meanwhile answers 409 instead of acting a second time; the status is written with the answer. The hourly
# purge of the old ones reads the creation time's index.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0026_followup_maintenance"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idempotentrequest",
            name="status",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="mã trả về"),
        ),
        migrations.AddIndex(
            model_name="idempotentrequest",
            index=models.Index(fields=["created_at"], name="coord_idempotent_created"),
        ),
    ]
