"""The follow-up benchmarks run at a tiny size against the test database and must print their figures (never a
time asserted): a model change that breaks one fails here."""

import re

from tests.benches import assert_page_rows, postgresql_bench, run_bench

pytestmark = postgresql_bench


def test_the_follow_up_scale_bench_runs_tiny():
    out = run_bench("coordination_scale.py", "--followups", "300", "--users", "5", "--repeat", "1")
    assert "generated 300 follow-ups" in out and "300 follow-ups, 34 provinces" in out
    assert_page_rows(
        out,
        with_admin=[
            "dashboard (leader)",
            "follow-up list (leader)",
            "follow-up list (superuser)",
            "follow-up search (superuser)",
        ],
        without_admin=["home (leader)"],
    )
    assert "reminder sweep" in out and "messages queued (idempotent)" in out and "digests for 5 users" in out


def test_the_dashboard_load_bench_runs_tiny():
    out = run_bench(
        "coordination_load.py",
        "--followups",
        "400",
        "--users",
        "3",
        "--seconds",
        "1",
        "--workers",
        "1",
        "--think",
        "0",
        "0.2",
        "--max-requests",
        "30",
    )
    assert "400 follow-ups" in out
    assert (
        "dashboard, reload at once" in out
        and "dashboard, every 0.2 s" in out
        and "req/s" in out
        and "p95" in out
    )
    assert "0 errors" in out and "login page meanwhile" in out and "peak RSS of the bench process" in out


def test_the_large_export_bench_runs_tiny():
    out = run_bench("coordination_export.py", "--followups", "300", "--users", "3")
    assert re.search(
        r"export of 300 follow-ups: [\d.]+ s, [\d.]+ MiB file, titled «.*: 300 dòng \(Excel\)»", out
    ), out
    assert re.search(r"peak RSS before the export \d+ MiB, after \d+ MiB \(\+\d+ MiB\)", out), out
