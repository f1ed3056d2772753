"""What PostgreSQL is told beyond its defaults: planner statistics, autovacuum (issue #16)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics objects are PostgreSQL's")
def test_postgresql_knows_that_a_followups_lead_body_decides_its_unit():
    # Without it a leader's "Cơ quan tôi phải làm" (lead body 1 AND unit 1) was estimated at 11 rows for
    # 2,941 at 1,000,000 follow-ups, and planned as two bitmaps AND-ed, then sorted (12.6 ms; now 0.3).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.stxkind::text[], ARRAY(SELECT a.attname::text FROM pg_attribute a "
            "WHERE a.attrelid = s.stxrelid AND a.attnum = ANY(s.stxkeys) ORDER BY a.attname), "
            "s.stxrelid::regclass::text FROM pg_statistic_ext s WHERE s.stxname = 'followup_unit_body'"
        )
        assert cursor.fetchone() == (["f"], ["lead_body_id", "unit_id"], "coordination_followup")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="autovacuum is PostgreSQL's")
def test_autovacuum_visits_the_follow_ups_after_each_days_sweep():
    # A sweep changes up to 3 % of them; at the default 20 % the tab counts' index-only scans read the table
    # for every changed row for a week (20,000 rows a tab for a search at 1,000,000 follow-ups).
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'coordination_followup'")
        assert cursor.fetchone() == (
            ["autovacuum_vacuum_scale_factor=0.01", "autovacuum_analyze_scale_factor=0.02"],
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_the_search_indexes_of_the_tables_that_grow_keep_few_entries_unmerged():
    # Every search scans them, once per tab counted: a day's updates filled the default 4 MB (a search of
    # "123456" at 1,000,000 follow-ups took 45 ms with 1.4 MB unmerged, 37 ms once merged).
    indexes = ["followup_search_trgm", "followup_search_bigrams", "voters_petition_search_trgm",
               "voters_opinion_search_trgm", "voters_letter_search_trgm"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [indexes])
        assert dict(cursor.fetchall()) == {name: ["gin_pending_list_limit=256"] for name in indexes}
