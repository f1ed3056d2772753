# The trigram indexes of the tables that grow keep as few entries unmerged as the follow-ups' (issue 16,
# coordination.migration_ops.GIN_PENDING_LIST_KB): every search scans that list, up to 4 MB by default.

from django.db import migrations

from coordination.migration_ops import StorageParameters


class Migration(migrations.Migration):

    dependencies = [
        ('voters', '0019_petition_tally'),
    ]

    operations = [
        StorageParameters(index=name, parameters={'gin_pending_list_limit': 256})
        for name in ('voters_petition_search_trgm', 'voters_opinion_search_trgm', 'voters_letter_search_trgm')
    ]
