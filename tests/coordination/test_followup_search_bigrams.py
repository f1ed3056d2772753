"""A two-letter search word that few follow-ups hold ("zz") is read from the bigram index; a common one ("so")
is matched by ``strpos`` as the tabs' indexes are walked; the rows are the same either way (issue #16: "zz"
walked every tab's index to the end, 430 ms at 1,000,000 follow-ups)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination import listing
from coordination.listing import search_filter, trigram_search_filter
from coordination.models import FollowUp
from coordination.services import followup_open
from tests.tabs import tab_counts
from tests.url_coverage import covers

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-10")]
DUE = date(2026, 12, 30)  # open, neither overdue nor due this week
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
INDEX = FollowUp.search_bigram_index


@pytest.fixture
def reports(province):
    """Sixty "Báo cáo số N" (every one holds "so" and "ba"), one of them also "zz"; then ANALYZE, as
    autovacuum would, and the statistics read afresh."""
    for n in range(60):
        title = f"Báo cáo số {n} mã ZZ" if n == 7 else f"Báo cáo số {n}"
        followup_open(subject=None, title=title, lead_body=province.committee, due_on=DUE,
                      source="Điều 7 Quy chế")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE coordination_followup")
    listing._bigram_statistics.clear()
    yield
    listing._bigram_statistics.clear()


@on_postgresql
def test_the_bigram_index_holds_each_texts_two_letter_pieces_and_merges_new_entries_soon():
    with connection.cursor() as cursor:
        cursor.execute("SELECT phoihop_bigrams('bao cao so 12'), phoihop_bigrams(''), phoihop_bigrams('a')")
        assert cursor.fetchone() == (["12", "ao", "ba", "ca", "so"], [], [])
        # Its entries not yet merged, which every search scans, stay few after a day of updates.
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [INDEX])
        assert cursor.fetchone() == (["gin_pending_list_limit=256"],)


@on_postgresql
def test_a_rare_two_letter_word_reads_the_bigram_index_and_a_common_one_does_not(reports):
    followups = FollowUp.objects.all()
    searched = trigram_search_filter(followups, "So zz")
    sql, params = searched.query.sql_with_params()
    # The common word checked on the rows walked, the rare one from the index.
    assert 'STRPOS("coordination_followup"."search_text", %s) > %s' in sql
    assert 'phoihop_bigrams("coordination_followup"."search_text") @> (ARRAY[%s])::text[]' in sql
    assert params == ("so", 0, "zz")
    assert list(searched.values_list("title", flat=True)) == ["Báo cáo số 7 mã ZZ"]
    assert set(searched) == set(search_filter(followups, "So zz"))
    with connection.cursor() as cursor:
        # The index serves the condition as written (at sixty rows the planner may rather read the table).
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = trigram_search_filter(followups, "zz").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert INDEX in plan, plan


@on_postgresql
def test_before_any_analyze_every_two_letter_word_is_matched_by_strpos(province):
    followup_open(subject=None, title="Báo cáo mã zz", lead_body=province.committee, due_on=DUE,
                  source="Điều 7 Quy chế")
    listing._bigram_statistics[INDEX] = (float("inf"), None)  # as read before the table's first ANALYZE
    try:
        searched = trigram_search_filter(FollowUp.objects.all(), "zz")
        assert "phoihop_bigrams" not in str(searched.query)
        assert [f.title for f in searched] == ["Báo cáo mã zz"]
    finally:
        listing._bigram_statistics.clear()


@covers("followups:list")
def test_the_list_finds_and_counts_a_rare_two_letter_word_on_every_tab(login, superuser, reports):
    client = login(superuser)
    client.get(reverse("followups:list"), {"q": "zz"})  # the statistics read once a while, not per page
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("followups:list"), {"q": "zz", "state": "all"}).content.decode()
    assert tab_counts(html) == {"overdue": 0, "soon": 0, "open": 1, "done": 0, "cancelled": 0, "all": 1}
    assert "Báo cáo số 7 mã ZZ" in html and "Báo cáo số 8" not in html
    assert not [q for q in queries if "pg_stats" in q["sql"]]


@on_postgresql
def test_the_admin_reads_a_rare_two_letter_word_from_the_bigram_index_too(client, superuser, reports):
    client.force_login(superuser)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:coordination_followup_changelist"), {"q": "zz"}).content.decode()
    assert "Báo cáo số 7 mã ZZ" in page and "Báo cáo số 8<" not in page
    searched = [q["sql"] for q in queries if 'FROM "coordination_followup"' in q["sql"]]
    assert searched and all("phoihop_bigrams" in sql for sql in searched), searched


@on_postgresql
def test_a_search_without_a_two_letter_word_reads_no_statistics(reports):
    with CaptureQueriesContext(connection) as queries:
        list(trigram_search_filter(FollowUp.objects.all(), "bao cao 7"))
    assert not [q for q in queries if "pg_stats" in q["sql"]]
    assert listing._bigram_statistics == {}
