from django.db import migrations

from coordination.migration_ops import TrigramIndex

# Lists search "every folded word occurs in search_text"; on PostgreSQL a trigram index keeps it fast.
TABLES = ["session", "standingmeeting", "submission", "resolution", "question", "supervisionmission", "recommendation"]


class Migration(migrations.Migration):
    dependencies = [("council_sessions", "0002_seed_rating_thresholds"), ("coordination", "0002_reference_data")]

    operations = [
        TrigramIndex(f"council_sessions_{table}", "search_text", f"sess_{table}_search_trgm") for table in TABLES
    ]
