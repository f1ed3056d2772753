"""The beat's schedule really reaches the workers (issue: flush_outbox inherited a soft time limit above its
hard one, Celery refused to send it, and beat only logged "Couldn't apply scheduled task" at every tick)."""

import os

import pytest
from django.core import checks
from django.db import connection

from config.celery import BEAT_SCHEDULE, app
from coordination.models import TaskHeartbeat
from tests.coordination.chaos import SmtpServer, Stack, wait_until

needs_services = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
    reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: a real worker cannot share SQLite's in-memory "
           "test database",
)


def test_every_task_can_be_sent_its_soft_limit_is_below_its_hard_limit():
    app.loader.import_default_modules()
    for name, task in app.tasks.items():
        if name.startswith("celery."):
            continue
        assert task.time_limit and task.soft_time_limit, f"{name} names no time limit"
        assert task.soft_time_limit <= task.time_limit, name
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_the_system_check_refuses_a_task_whose_soft_limit_is_above_its_hard_one():
    from coordination.checks import check_task_time_limits

    @app.task(name="tests.bad_limits", time_limit=10, soft_time_limit=20)
    def bad():  # pragma: no cover - never run
        pass

    try:
        errors = check_task_time_limits()
        assert [e.id for e in errors] == ["phoihop.E003"]
        assert "tests.bad_limits" in errors[0].msg
    finally:
        app.tasks.pop("tests.bad_limits", None)
    assert check_task_time_limits() == []
    assert not [e for e in checks.run_checks() if e.id == "phoihop.E003"]


@needs_services
@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_every_beat_schedule_entry_is_sent_by_a_real_beat_and_run_by_a_real_worker(tmp_path):
    smtp = SmtpServer()
    smtp.start()
    # The hourly sweep every 7 s, the 5-minute ones every 0.6 s: every entry runs several times in seconds.
    stack = Stack(tmp_path, smtp, BEAT_TIME_SCALE="0.002")
    stack.start_redis()
    try:
        stack.start_worker()
        stack.start_beat()
        tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}

        def all_ran():
            rows = {h.task: h for h in TaskHeartbeat.objects.filter(task__in=tasks)}
            return all(t in rows and rows[t].runs >= 1 and rows[t].last_sent_at for t in tasks)

        wait_until(
            all_ran,
            60,
            lambda: (
                f"{list(TaskHeartbeat.objects.values_list('task', 'runs', 'last_sent_at'))}\n{stack.logs()}"
            ),
        )
        assert "Couldn't apply scheduled task" not in stack.log("beat")
        assert TaskHeartbeat.objects.get(task="celery.beat").started_at is not None
        assert not TaskHeartbeat.objects.filter(task__in=tasks, failures__gt=0).exists(), stack.logs()

        # The database drops the beat's connection (a restart, pg_terminate_backend): its heartbeats go on.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE application_name = 'phoihop-chaos-beat' AND datname = current_database()")
            assert cursor.fetchone()[0] >= 1
            cursor.execute("SELECT now()")
            dropped_at = cursor.fetchone()[0]
        wait_until(
            lambda: TaskHeartbeat.objects.filter(task="celery.beat", last_sent_at__gt=dropped_at).exists(),
            30,
            lambda: stack.log("beat"),
        )
    finally:
        stack.stop_all()
        stack.stop_redis()
        smtp.stop()
