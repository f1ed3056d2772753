"""The petitions benchmark runs at a tiny size against the test database and must print its figures (never a
time asserted): a model change that breaks it (it once did, silently) fails here."""

from tests.benches import assert_page_rows, postgresql_bench, run_bench

pytestmark = postgresql_bench


def test_the_petitions_scale_bench_runs_tiny():
    out = run_bench("voters_scale.py", "--petitions", "200", "--repeat", "1")
    assert "Generated 20 meetings, 200 petitions, 200 opinions" in out
    assert_page_rows(
        out,
        with_admin=[
            "inbox (agency, owed)",
            "inbox, page 1",
            "search 'nao vet kenh muong thon 12'",
            "search 'giai phong mat bang'",
            "search inside the inbox",
            "all petitions, first page",
            "round detail",
            "compiling a round",
            "results report (one round)",
            "results report (all rounds)",
        ],
    )
