"""Exactly-once delivery with a REAL Celery worker, REAL Redis and PostgreSQL (ARCHITECTURE.md rule 6).

The worker and the sweeps run as separate processes against the test database and a private Redis
(port 6390, no persistence) that these tests may shut down. Mail goes to files we count: every
Message-ID (the outbox key) must appear exactly once.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from coordination.models import OutboxMessage, Role
from coordination.services import followup_open
from tests.conftest import build_province, member

REDIS_PORT = 6390
EXPECTED = 12
ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.integration,
    # Committed rows the worker can see; tests/conftest.py seeds the migrations' reference data again after the flush.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: a real worker cannot share SQLite's in-memory test database",
    ),
]


def redis_cli(*args) -> None:
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), *args], check=False, capture_output=True, timeout=10)


def start_redis(tmp: Path) -> None:
    subprocess.run(["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--daemonize", "yes",
                    "--dir", str(tmp), "--pidfile", str(tmp / "redis.pid")], check=True, timeout=10)
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise RuntimeError("private redis did not start")


def wait_until(predicate, timeout: float = 90, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out: {message}")


class Stack:
    """The test's private world: Redis on 6390, mail files in a temp dir, workers and sweeps as processes."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.mail = tmp / "mail"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "DJANGO_SETTINGS_MODULE": "tests.coordination.worker_settings",
            "PHOIHOP_VAR_DIR": str(tmp),
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        if db.get("PASSWORD"):
            self.env["PGPASSWORD"] = db["PASSWORD"]
        self.worker: subprocess.Popen | None = None

    def start_worker(self):
        with open(self.tmp / "worker.log", "ab") as log:  # the child keeps its own descriptor
            self.worker = subprocess.Popen(
                [str(BIN / "celery"), "-A", "config", "worker", "-P", "solo", "--without-heartbeat", "--without-gossip",
                 "--without-mingle", "-l", "warning", "-n", f"exactly-once-{os.getpid()}@%h"],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=log,
            )

    def kill_worker(self):
        if self.worker and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait(timeout=10)
        self.worker = None

    def command(self, *args) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def run(self, *args):
        process = self.command(*args)
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()

    def delivered(self) -> list[str]:
        if not self.mail.exists():
            return []
        return [m for f in sorted(self.mail.iterdir()) for m in re.findall(r"^Message-ID: (\S+)", f.read_text(errors="replace"), re.M)]

    def sent(self) -> int:
        return OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()


@pytest.fixture
def stack(db, tmp_path):
    start_redis(tmp_path)
    world = Stack(tmp_path)
    yield world
    world.kill_worker()  # before the database is flushed: a worker holds connections
    redis_cli("shutdown", "nosave")


@pytest.fixture
def owed(db):
    """EXPECTED follow-ups due today, each owed one reminder to the one staff member of the lead body."""
    province = build_province("Hòa Phong")
    member(province.committee, Role.STAFF, "can_bo_ubnd")
    for n in range(EXPECTED):
        followup_open(subject=None, title=f"Việc số {n}", lead_body=province.committee, due_on=timezone.localdate())


def assert_each_delivered_once(stack: Stack):
    wait_until(lambda: stack.sent() == EXPECTED and len(stack.delivered()) >= EXPECTED, message=f"{stack.sent()} sent")
    time.sleep(1)  # anything sent twice would show up now
    delivered = stack.delivered()
    assert len(delivered) == EXPECTED
    assert len(set(delivered)) == EXPECTED
    assert OutboxMessage.objects.count() == EXPECTED


def test_two_concurrent_sweeps_and_a_repeated_sweep_send_each_message_once(stack, owed):
    stack.start_worker()
    first, second = stack.command("send_reminders"), stack.command("send_reminders")
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    stack.run("send_reminders")
    assert_each_delivered_once(stack)


def test_a_worker_killed_mid_send_loses_nothing_and_doubles_nothing(stack, owed):
    stack.run("send_reminders")  # rows and tasks are queued in Redis; nobody consumes them yet
    stack.start_worker()
    wait_until(lambda: len(stack.delivered()) >= 3, message="the worker started sending")
    stack.kill_worker()
    assert stack.sent() < EXPECTED
    stack.start_worker()
    time.sleep(2.5)  # the killed worker's claim goes stale (OUTBOX_STALE_CLAIM_SECONDS = 2 in worker_settings)
    stack.run("flush_outbox")
    assert_each_delivered_once(stack)


def test_a_redis_restart_loses_no_message(stack, owed):
    stack.run("send_reminders")  # queued in Redis…
    redis_cli("shutdown", "nosave")  # …and lost with it
    start_redis(stack.tmp)
    stack.start_worker()
    stack.run("send_reminders")  # the keys exist: nothing new is queued
    time.sleep(1)
    assert stack.delivered() == []
    stack.run("flush_outbox")  # the beat's flush re-dispatches what Redis lost
    assert_each_delivered_once(stack)
