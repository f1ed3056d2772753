# Two-letter search words that match few follow-ups ("zz") read an index (issue 16): pg_trgm has no trigram
# for them, and every tab's count walked its whole index to find nothing (430 ms at 1,000,000 follow-ups).

from django.db import migrations

from coordination.migration_ops import BigramFunction, BigramIndex


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0024_followup_mine_tab_index'),
    ]

    operations = [
        BigramFunction(),
        BigramIndex('coordination_followup', 'search_text', 'followup_search_bigrams'),
    ]
