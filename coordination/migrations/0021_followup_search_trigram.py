"""The follow-up list's search (and the admin's) through the diacritic-free column's trigram index."""

from django.db import migrations

from coordination.migration_ops import TrigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ("coordination", "0020_api_tokens"),
    ]

    operations = [
        TrigramIndex("coordination_followup", "search_text", "followup_search_trgm"),
    ]
