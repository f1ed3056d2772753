"""The API's benchmark runs at a tiny size against the test database and must print its figures (never a time
asserted), as the agency officer and as a superuser: a change of the API that breaks it fails here."""

from tests.benches import assert_page_rows, postgresql_bench, run_bench

pytestmark = postgresql_bench


def test_the_api_bench_runs_tiny():
    out = run_bench("api_scale.py", "--petitions", "200", "--followups", "200", "--repeat", "1")
    assert "Generated 20 meetings, 200 petitions, 200 opinions" in out and "Generated 200 follow-ups" in out
    for who in ("officer", "superuser"):
        assert_page_rows(
            out,
            with_admin=[f"petitions, first page ({who})", f"petitions, status+agency ({who})",
                        f"petitions, 3 x next ({who})", f"petitions, filter matching none ({who})"],
            without_admin=[f"petition detail ({who})", f"follow-ups, overdue ({who})",
                           f"calendar, year 2020 ({who})"],
        )
