# The follow-up tabs count by index-only scans, which read the table for every row changed since the last
# VACUUM. A day's reminder sweep changes about 3 % of the follow-ups; at the default scale factor (20 %)
# autovacuum came back a week later, and a search's counts fetched 20,000 rows a tab (issue 16). At 1 % it comes
# within a minute of the sweep.

from django.db import migrations

from coordination.migration_ops import StorageParameters


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0025_followup_search_bigrams'),
    ]

    operations = [
        StorageParameters(
            'coordination_followup',
            {'autovacuum_vacuum_scale_factor': 0.01, 'autovacuum_analyze_scale_factor': 0.02},
        ),
    ]
