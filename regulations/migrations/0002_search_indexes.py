from django.db import migrations

from coordination.migration_ops import TrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0001_initial"),
        ("coordination", "0002_reference_data"),
    ]

    operations = [
        TrigramIndex("regulations_regulation", "search_text", "regulation_search_trgm"),
        TrigramIndex("regulations_article", "search_text", "article_search_trgm"),
    ]
