"""The benchmarks this app's tests keep from rotting: each runs at a tiny size against the test database and
must print its figures (never a time asserted)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the bench's own processes (gunicorn) read what it wrote
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="the benchmarks generate their rows with PostgreSQL's generate_series"),
]


def run_bench(script: str, *args: str) -> str:
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    env.pop("PHOIHOP_TEST_NOW", None)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_dashboard_load_bench_runs_tiny():
    out = run_bench("coordination_load.py", "--followups", "400", "--users", "3", "--seconds", "1", "--workers", "1",
                    "--think", "0", "0.2", "--max-requests", "30")
    assert "400 follow-ups" in out
    assert "dashboard, reload at once" in out and "dashboard, every 0.2 s" in out and "req/s" in out and "p95" in out
    assert "0 errors" in out and "login page meanwhile" in out
