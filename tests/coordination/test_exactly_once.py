"""Chaos: real PostgreSQL, a private Redis, real Celery workers and beats, and a real SMTP server (aiosmtpd)
counting every Message-ID it accepts (tests/coordination/chaos.py). Each fault ends with nothing lost, at most
the one duplicate the design admits per fault (a worker or its database connection killed after the server
accepted a message and before the row was marked sent; it carries the same Message-ID), and recovery by the
beat alone: no test runs flush_outbox by hand.

Time is compressed by settings (tests/coordination/worker_settings.py): the flush every 1.2 s, the reminder
sweep every 6 s, stale claims after 3 s, backoff 1-4 s. The children use the real clock; the follow-ups are
due on the real day (the parent may be travelling, PHOIHOP_TEST_NOW).
"""

import os
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from coordination.models import MailServerStatus, NotificationPreference, OutboxMessage, Role
from coordination.services import followup_open, outbox_message_id
from tests.conftest import build_province, member
from tests.coordination.chaos import SmtpServer, Stack, wait_until

pytestmark = [
    pytest.mark.integration,
    # Committed rows the workers can see; tests/conftest.py seeds the migrations' reference data again after
    # the flush.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: a real worker cannot share SQLite's in-memory "
               "test database",
    ),
]

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def real_today():
    """The day the children live on: the real one, whatever the parent's clock says."""
    hatch = time_machine.escape_hatch
    return (hatch.datetime.datetime.now(tz=VN) if hatch.is_travelling() else datetime.now(tz=VN)).date()


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def world(db, tmp_path, smtp):
    stack = Stack(tmp_path, smtp)
    stack.start_redis()
    yield stack
    stack.stop_all()  # before the database is flushed: workers hold connections
    stack.stop_redis()


def owe_reminders(n: int) -> None:
    """``n`` follow-ups due today, each owed one reminder to the one staff member of the lead body (who takes
    no digest)."""
    province = build_province("Hòa Phong")
    staff = member(province.committee, Role.STAFF, "can_bo_ubnd")
    NotificationPreference.objects.create(user=staff, digest_frequency=NotificationPreference.Frequency.NEVER)
    today = real_today()
    for i in range(n):
        followup_open(subject=None, title=f"Việc số {i}", lead_body=province.committee, due_on=today)


def outcome(world: Stack, *, reminders: int = 0, digests: int = 0, duplicates: int, timeout: float = 120):
    """Wait until the outbox holds the expected messages, every row is sent and the server has every one of
    their Message-IDs; then check that nothing was lost, nothing stray arrived, and at most ``duplicates``
    arrived twice."""
    expected = {"reminder": reminders, "digest": digests}

    def done():
        counts = {kind: OutboxMessage.objects.filter(kind=kind).count() for kind in expected}
        return (
            counts == expected
            and not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
            and len(world.smtp.counts()) >= OutboxMessage.objects.count()
        )

    wait_until(
        done,
        timeout,
        lambda: (
            f"{list(OutboxMessage.objects.values_list('kind', 'status', 'attempts')[:50])} "
            f"{sum(world.smtp.counts().values())} received\n{world.logs()}"
        ),
    )
    time.sleep(1.5)  # anything sent twice would arrive now
    received = world.smtp.counts()
    ids = {outbox_message_id(key=k) for k in OutboxMessage.objects.values_list("key", flat=True)}
    assert set(received) == ids, "a message lost, or one the outbox never had"
    extra = sum(received.values()) - len(received)
    assert extra <= duplicates, f"{extra} duplicates: {[(k, n) for k, n in received.items() if n > 1]}"
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    assert not OutboxMessage.objects.exclude(kind__in=list(expected)).exists()
    print(
        f"[chaos] {sum(received.values())} accepted by the SMTP server, {len(received)} distinct "
        f"Message-IDs, {extra} duplicates"
    )
    return extra


def delivered(world: Stack) -> int:
    return sum(world.smtp.counts().values())


def test_two_concurrent_sweeps_and_a_repeated_sweep_send_each_message_once(world):
    owe_reminders(12)
    world.start_worker()
    first, second = world.command("send_reminders"), world.command("send_reminders")
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    world.run("send_reminders")
    assert outcome(world, reminders=12, duplicates=0) == 0


def test_a_worker_killed_mid_send_loses_nothing_and_the_beat_recovers(world):
    owe_reminders(30)
    world.smtp.handler.delay = 0.15  # a real server's latency: the kill lands in the middle of the batch
    world.start_worker()
    world.start_beat()  # its reminder sweep queues the 30 messages; nobody runs a command
    wait_until(lambda: delivered(world) >= 5, 60, lambda: world.logs())
    world.kill("worker")
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() < 30
    world.start_worker()
    outcome(world, reminders=30, duplicates=1)
    # The worker answers pings and every sweep ran on schedule: /readyz's checks, as compose's healthcheck
    # runs them.
    check = world.output("readiness")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_redis_restart_mid_send_loses_nothing(world):
    owe_reminders(30)
    world.smtp.handler.delay = 0.1
    world.start_worker()
    world.start_beat()
    wait_until(lambda: delivered(world) >= 5, 60, lambda: world.logs())
    world.stop_redis()  # every queued task is lost with it
    time.sleep(1)
    world.start_redis()  # the worker and the beat reconnect; the beat's flush hands the rows out again
    outcome(world, reminders=30, duplicates=1)


def test_two_beats_send_each_message_once(world):
    owe_reminders(20)
    world.start_worker()
    world.start_beat("beat-1")
    world.start_beat("beat-2")  # a misconfigured deployment: every sweep runs twice
    assert outcome(world, reminders=20, duplicates=0) == 0


def test_database_connections_killed_mid_sweep_lose_nothing(world):
    owe_reminders(120)
    world.smtp.handler.delay = 0.02
    world.start_worker()
    world.start_beat()
    kills = 0
    deadline = time.monotonic() + 60  # a loaded machine may take a while to start the children
    while time.monotonic() < deadline and kills < 4:
        with (
            connection.cursor() as cursor
        ):  # every connection of the workers and the beat, mid-sweep or mid-send
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE application_name LIKE 'phoihop-chaos%' AND datname = current_database() "
                           "AND pid <> pg_backend_pid()")  # not the stacks of the other xdist worker
            kills += bool(cursor.fetchone()[0])
        time.sleep(1.5)
    assert kills >= 2
    outcome(world, reminders=120, duplicates=kills)


def test_the_smtp_server_down_longer_than_the_first_retry_steps_loses_nothing_and_spends_no_attempt(
    world, smtp
):
    owe_reminders(20)
    smtp.stop()
    world.start_worker()
    world.start_beat()
    # Backoff 1, 2, 4, 4… s (worker_settings): several server-level retries pass while nothing is accepted.
    wait_until(
        lambda: (MailServerStatus.objects.filter(pk=1).values_list("failures", flat=True).first() or 0) >= 4,
        60,
        lambda: world.logs(),
    )
    assert OutboxMessage.objects.filter(kind="reminder").count() == 20
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {
        0
    }  # the outage spent no message's attempt
    assert "Mail server unavailable" in world.log("worker")
    smtp.start()
    assert outcome(world, reminders=20, duplicates=0) == 0
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert MailServerStatus.objects.get(pk=1).down_since is None


def test_a_digest_run_with_a_worker_killed_mid_send_loses_nothing(world):
    province = build_province("Hòa Phong")
    today = real_today()
    for i in range(25):
        user = member(province.committee, Role.STAFF, f"can_bo_{i}")
        NotificationPreference.objects.create(
            user=user, digest_frequency=NotificationPreference.Frequency.DAILY, digest_hour=0
        )
    # Overdue: in every digest, and no reminder (its escalation finds no leader to write to).
    followup_open(
        subject=None,
        title="Việc chung của UBND",
        lead_body=province.committee,
        due_on=today - timedelta(days=3),
    )
    world.smtp.handler.delay = 0.15
    world.start_worker()
    world.start_beat()  # its digest sweep (every 18 s here) would queue them too; the command is the run
    world.run("send_digests", "--frequency", "daily")
    wait_until(lambda: delivered(world) >= 4, 60, lambda: world.logs())
    world.kill("worker")
    world.start_worker()
    outcome(world, digests=25, duplicates=1)  # one per user for the day, however often the sweeps ran
