"""The public pages' benchmark runs at a tiny size against the test database and must print its figures
(never a time asserted), uncached and cached: a change of the public pages that breaks it fails here."""

from tests.benches import assert_page_rows, postgresql_bench, run_bench

pytestmark = postgresql_bench

WITH_ADMIN = ["round", "round, page 1", "petitions, first page", "petitions, page 4",
              "search 'giai phong mat bang'", "search 'nao vet kenh muong thon 12'", "filters field + status",
              "filters agency + search"]
WITHOUT_ADMIN = ["index", "unit", "code lookup", "petition page", "feed (RSS)", "CSV, one petition",
                 "JSON, one round's search"]


def test_the_public_pages_bench_runs_tiny():
    out = run_bench("public_scale.py", "--petitions", "200", "--repeat", "1")
    assert "Generated 20 meetings, 200 petitions, 200 opinions" in out and "Published 20 rounds" in out
    assert "200 published petitions in the database" in out
    assert_page_rows(out, with_admin=WITH_ADMIN, without_admin=WITHOUT_ADMIN)
    cached = [f"{label}, cached" for label in WITH_ADMIN + WITHOUT_ADMIN]
    for label in cached:
        assert any(line.startswith(label + " ") for line in out.splitlines()), (label, out)
