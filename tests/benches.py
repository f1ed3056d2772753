"""Running a benchmark of bench/ at a tiny size inside the suite, so a model change that breaks one fails CI,
and reading the table bench/harness.py prints (figures only: no time is ever asserted)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

# The scale benches generate rows with PostgreSQL (generate_series, COPY) and read its EXPLAIN ANALYZE: they
# run in
# the PostgreSQL step of .ci/run. They write from their own process, so the test database is a transactional
# one.
postgresql_bench = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the benchmarks generate their rows with PostgreSQL's generate_series and COPY",
    ),
]

NUMBER = r"\d+(?:\.\d+)?"


def run_bench(script: str, *args: str) -> str:
    """Run bench/<script> in its own process against the test database; its output (it must succeed)."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "tests.bench_settings",
    }
    env.pop("PHOIHOP_TEST_NOW", None)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def assert_page_rows(out: str, *, with_admin: list[str], without_admin: list[str] = ()) -> None:
    """The table's columns are printed, and each page's line carries figures: its own, the admin changelist's
    and their ratio where that page has one ("—" where not), and the main SQL's EXPLAIN ANALYZE time and
    ratio."""
    assert "page / admin" in out and "page / SQL" in out and "SQL ms" in out, out
    for label, admin in [(label, True) for label in with_admin] + [(label, False) for label in without_admin]:
        line = next((line for line in out.splitlines() if line.startswith(label + " ")), None)
        assert line is not None, f"{label!r} missing from\n{out}"
        admin_cells = rf"{NUMBER}\s+[\d/]+\s+{NUMBER}" if admin else r"—\s+—\s+—"
        row = rf"{re.escape(label)}\s+{NUMBER}\s+{NUMBER}\s+[\d/]+\s+{admin_cells}\s+{NUMBER}\s+{NUMBER}\s+/"
        assert re.match(row, line), line
    assert re.search(rf"peak RSS {NUMBER} MiB", out), out
