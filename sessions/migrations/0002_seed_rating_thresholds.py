from django.db import migrations


def seed(apps, schema_editor):
    from sessions.services import rating_thresholds_ensure

    rating_thresholds_ensure(apps.get_model("council_sessions", "RatingThreshold"))


class Migration(migrations.Migration):
    dependencies = [("council_sessions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
