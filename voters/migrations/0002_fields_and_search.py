from django.db import migrations

from coordination.migration_ops import TrigramIndex
from voters.reference import petition_fields_ensure


def seed_fields(apps, schema_editor):
    petition_fields_ensure(apps.get_model("voters", "PetitionField"))


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial"), ("coordination", "0002_reference_data")]

    operations = [
        migrations.RunPython(seed_fields, migrations.RunPython.noop),
        TrigramIndex("voters_petition", "search_text", "voters_petition_search_trgm"),
        TrigramIndex("voters_opinion", "search_text", "voters_opinion_search_trgm"),
        TrigramIndex("voters_letter", "search_text", "voters_letter_search_trgm"),
        TrigramIndex("voters_votercontactround", "search_text", "voters_round_search_trgm"),
        TrigramIndex("voters_receptionday", "search_text", "voters_reception_search_trgm"),
    ]
