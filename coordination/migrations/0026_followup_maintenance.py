# The follow-up tabs count by index-only scans, which read the table for every row changed since the last
# VACUUM. A day's reminder sweep changes about 3 % of the follow-ups; at the default scale factor (20 %)
# autovacuum came back a week later, and a search's counts fetched 20,000 rows a tab (issue 16). At 1 % it comes
# within a minute of the sweep. And the trigram index, like the bigram one, keeps few entries unmerged.

from django.db import migrations

from coordination.migration_ops import StorageParameters


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0025_followup_search_bigrams'),
    ]

    operations = [
        StorageParameters(
            table='coordination_followup',
            parameters={'autovacuum_vacuum_scale_factor': 0.01, 'autovacuum_analyze_scale_factor': 0.02},
        ),
        # As few entries unmerged as the bigram index keeps (migration_ops.GIN_PENDING_LIST_KB).
        StorageParameters(index='followup_search_trgm', parameters={'gin_pending_list_limit': 256}),
    ]
