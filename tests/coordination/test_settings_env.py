"""Invalid environment values stop start-up with a message naming the variable."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_int_list, site_url_default

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free

ROOT = Path(__file__).resolve().parents[2]


def _start(env_overrides: dict[str, str], code: str = "") -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG", "SITE_URL", "HOST", "PORT")
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"PAGE_SIZE": "many"}, "PAGE_SIZE"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV"),
        ({"DJANGO_ENV": "production"}, "SECRET_KEY"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"REMINDER_OFFSETS_DAYS": "7,one"}, "REMINDER_OFFSETS_DAYS"),
    ],
)
def test_it_refuses_to_start_with_a_bad_value_and_names_the_variable(overrides, named):
    result = _start(overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{named}:" in result.stderr


def test_it_starts_with_nothing_set():
    result = _start({})
    assert result.returncode == 0, result.stderr


def test_it_reads_typed_values_and_secret_files(monkeypatch, tmp_path):
    monkeypatch.setenv("X_FLAG", "Yes")
    monkeypatch.setenv("X_NUMBER", "42")
    secret = tmp_path / "secret"
    secret.write_text("từ-tệp\n", encoding="utf-8")
    monkeypatch.setenv("X_LIST_FILE", str(secret))
    assert env_bool("X_FLAG", False) is True
    assert env_int("X_NUMBER", 0) == 42
    monkeypatch.setenv("X_LIST", "1, 2,3")
    monkeypatch.delenv("X_LIST_FILE")
    assert env_int_list("X_LIST", []) == [1, 2, 3]


def test_it_names_an_unreadable_secret_file(monkeypatch):
    monkeypatch.setenv("X_SECRET_FILE", "/nonexistent/secret")
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env_bool("X_SECRET", False)


def test_it_rejects_a_number_below_the_minimum(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER: must be at least 1"):
        env_int("X_NUMBER", 5, minimum=1)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_on_another_port_writes_links_to_that_port():
    # what `make run` would run (-n: printed, not run), then the settings started with the variables it sets
    printed = subprocess.run(["make", "-n", "run", "HOST=localhost", "PORT=8123"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60).stdout.replace("\\\n", " ")
    serve = next(line for line in printed.splitlines() if "runserver" in line)
    assert serve.endswith("runserver localhost:8123")
    variables = dict(re.findall(r'\b(HOST|PORT)="([^"]*)"', serve))
    result = _start(variables, "from django.conf import settings; print(settings.SITE_URL)")
    assert result.stdout.strip() == "http://localhost:8123", result.stderr


def test_the_site_address_follows_the_served_one_unless_given():
    assert site_url_default("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert site_url_default("0.0.0.0", 8000) == "http://127.0.0.1:8000"  # every interface: this machine's
    assert site_url_default("::1", 8000) == "http://[::1]:8000"
    given = _start({"PORT": "8123", "SITE_URL": "https://phoihop.example.vn/"},
                   "from django.conf import settings; print(settings.SITE_URL)")
    assert given.stdout.strip() == "https://phoihop.example.vn"
    assert "PORT:" in _start({"PORT": "tám nghìn"}).stderr  # a bad port is named
