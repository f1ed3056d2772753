"""What operators and load balancers see of the background work: task heartbeats written by Celery
signal handlers, the readiness checks behind /readyz, and the application metrics behind /metrics.

Counts, ages and durations only: nothing here shows an address, a subject or a name.
"""

import contextlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import Error as DjangoDatabaseError
from django.db import IntegrityError, close_old_connections, connection
from django.db.models import Count, F, Min
from django.utils import timezone

logger = logging.getLogger(__name__)

BEAT = "celery.beat"  # the TaskHeartbeat row of the beat process itself
QUEUES = ("celery", "pdf")
CHECKS = ("database", "redis", "worker", "beat", "outbox", "failed")

# --- Heartbeats (Celery signals) ---------------------------------------------------------------

_started: dict[str, float] = {}
_in_beat = False


def _upsert(task: str, **changes) -> None:
    """Apply ``changes`` (field -> value or F expression) to the task's row, creating it first if need be.
    A database that is down must not stop a task or the beat: the heartbeat is lost, the work is not."""
    from coordination.models import TaskHeartbeat

    try:
        if not TaskHeartbeat.objects.filter(task=task).update(**changes):
            with contextlib.suppress(IntegrityError):
                TaskHeartbeat.objects.create(task=task)
            TaskHeartbeat.objects.filter(task=task).update(**changes)
    except DjangoDatabaseError:  # InterfaceError too: a connection the server dropped is not a DatabaseError
        logger.warning("Could not record the heartbeat of %s", task, exc_info=True)


def task_started(task_id=None, task=None, **kwargs) -> None:
    if task is not None and not task.request.is_eager:
        _started[task_id] = time.monotonic()


def task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    if task is None or task.request.is_eager or started is None:
        return
    duration = time.monotonic() - started
    _upsert(
        task.name,
        runs=F("runs") + 1,
        failures=F("failures") + (0 if state == "SUCCESS" else 1),
        seconds_total=F("seconds_total") + duration,
        last_duration=duration,
        last_finished_at=timezone.now(),
    )


def beat_started(**kwargs) -> None:
    global _in_beat
    _in_beat = True
    _upsert(BEAT, started_at=timezone.now())


def task_published(sender=None, **kwargs) -> None:
    """In the beat process only: the beat sent this task now (a sweep that is late although sent points at the
    workers)."""
    if _in_beat and sender:
        # The beat has no request cycle to drop a connection the database closed (a restart, a terminated
        # backend): without this, every heartbeat after the first outage would fail until the beat restarts.
        close_old_connections()
        now = timezone.now()
        _upsert(sender, last_sent_at=now)
        _upsert(BEAT, last_sent_at=now)


def connect_signals() -> None:
    from celery import signals

    signals.task_prerun.connect(task_started, weak=False, dispatch_uid="phoihop-task-started")
    signals.task_postrun.connect(task_finished, weak=False, dispatch_uid="phoihop-task-finished")
    signals.beat_init.connect(beat_started, weak=False, dispatch_uid="phoihop-beat-started")
    signals.after_task_publish.connect(task_published, weak=False, dispatch_uid="phoihop-task-published")


# --- Readiness -----------------------------------------------------------------------------------


def _seconds(value) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(getattr(value, "seconds", value))


def beat_schedule() -> dict[str, dict]:
    from config.celery import app

    return dict(app.conf.beat_schedule or {})


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)


def _eager() -> bool:
    from config.celery import app

    return bool(app.conf.task_always_eager)


def check_database(now) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_redis(now) -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured: tasks run in the web process"}
    _redis().ping()
    return {"ok": True}


def check_worker(now) -> dict:
    """A Celery worker answered a ping in the last 30 s (asked now when the last answer is older)."""
    from config.celery import app

    if _eager():
        return {"ok": True, "detail": "eager: tasks run in the web process"}
    try:
        answered = cache.get("phoihop:worker-pong")
    except Exception:  # the cache is Redis: the redis check says why
        answered = None
    if answered is None or now.timestamp() - answered > 30:
        replies = app.control.ping(timeout=1.0, limit=1)
        if not replies:
            return {"ok": False, "detail": "no worker answered a ping within 1 s"}
        answered = now.timestamp()
        with contextlib.suppress(Exception):
            cache.set("phoihop:worker-pong", answered, 60)
    return {"ok": True, "answered_seconds_ago": round(now.timestamp() - answered, 1)}


def check_beat(now) -> dict:
    """Each BEAT_SCHEDULE entry finished within READINESS_LATE_INTERVALS of its intervals (+ grace) of the
    later of its last run and the beat's start."""
    from coordination.models import TaskHeartbeat

    if _eager():
        return {"ok": True, "detail": "eager: no beat in the embedded mode"}
    schedule = beat_schedule()
    rows = {
        h.task: h
        for h in TaskHeartbeat.objects.filter(task__in=[BEAT, *(e["task"] for e in schedule.values())])
    }
    beat = rows.get(BEAT)
    if beat is None or beat.started_at is None:
        return {"ok": False, "detail": "the beat has never started"}
    sweeps, ok = {}, True
    for name, entry in schedule.items():
        row = rows.get(entry["task"])
        interval = _seconds(entry["schedule"])
        allowed = interval * settings.READINESS_LATE_INTERVALS + settings.READINESS_GRACE_SECONDS
        finished = row.last_finished_at if row and row.last_finished_at else None
        since = max(finished, beat.started_at) if finished else beat.started_at
        late = (now - since).total_seconds() > allowed
        ok &= not late
        sweeps[name] = {
            "ok": not late,
            "interval_seconds": interval,
            "finished_seconds_ago": round((now - finished).total_seconds(), 1) if finished else None,
            "sent_seconds_ago": round((now - row.last_sent_at).total_seconds(), 1)
            if row and row.last_sent_at
            else None,
        }
    return {
        "ok": ok,
        "beat_started_seconds_ago": round((now - beat.started_at).total_seconds(), 1),
        "sweeps": sweeps,
    }


def outbox_counts() -> dict[str, int]:
    from coordination.models import OutboxMessage

    counts = {status: 0 for status in OutboxMessage.Status.values}
    counts.update(dict(OutboxMessage.objects.order_by().values_list("status").annotate(n=Count("pk"))))
    return counts


def check_outbox(now) -> dict:
    """The backlog (pending and being sent) and its oldest message's age, at most OUTBOX_ALERT_AFTER_SECONDS;
    whether the mail server refuses us and since when."""
    from coordination.models import MailServerStatus, OutboxMessage

    counts = outbox_counts()
    oldest = OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
    ).aggregate(oldest=Min("created_at"))["oldest"]
    age = (now - oldest).total_seconds() if oldest else 0.0
    server = MailServerStatus.objects.filter(pk=1, down_since__isnull=False).first()
    result = {
        "ok": age <= settings.OUTBOX_ALERT_AFTER_SECONDS, "backlog": counts["pending"] + counts["sending"],
        "oldest_pending_seconds": round(age, 1), "sent": counts["sent"], "failed": counts["failed"],
        "mail_server_down_seconds": round((now - server.down_since).total_seconds(), 1) if server else None,
    }
    return result


def check_failed(now) -> dict:
    """No message given up: a failed one waits for an operator's "Gửi lại" (or deletion) in the admin."""
    from coordination.models import OutboxMessage

    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    return {"ok": failed == 0, "failed": failed}


_CHECKS = {"database": check_database, "redis": check_redis, "worker": check_worker, "beat": check_beat,
           "outbox": check_outbox, "failed": check_failed}


def readiness(*, only: list[str] | None = None, now=None) -> tuple[bool, dict]:
    """Run the named checks (all by default); each says ok or why not, and none stops the others."""
    now = now or timezone.now()
    results = {}
    for name in only or CHECKS:
        started = time.monotonic()
        try:
            result = _CHECKS[name](now)
        except Exception as exc:
            result = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:300]}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        results[name] = result
    return all(r["ok"] for r in results.values()), results


# --- Metrics ---------------------------------------------------------------------------------------


class BackgroundWorkCollector:
    """Prometheus metrics read at scrape time from the database and Redis, so every web process reports the
    same."""

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily

        from coordination.models import GeneratedReport, MailServerStatus, OutboxMessage, TaskHeartbeat

        now = timezone.now()
        outbox = GaugeMetricFamily(
            "phoihop_outbox_messages", "Outgoing messages by status", labels=["status"]
        )
        for status, n in outbox_counts().items():
            outbox.add_metric([status], n)
        yield outbox
        oldest = OutboxMessage.objects.filter(
            status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
        ).aggregate(oldest=Min("created_at"))["oldest"]
        yield GaugeMetricFamily(
            "phoihop_outbox_oldest_pending_age_seconds",
            "Age of the oldest message not yet sent",
            value=(now - oldest).total_seconds() if oldest else 0,
        )
        server = MailServerStatus.objects.filter(pk=1).first()
        down = server is not None and server.down_since is not None
        yield GaugeMetricFamily(
            "phoihop_mail_server_down", "1 while the SMTP server refuses connections", value=int(down)
        )
        reports = GaugeMetricFamily("phoihop_reports", "Background documents by status", labels=["status"])
        counts = dict(GeneratedReport.objects.order_by().values_list("status").annotate(n=Count("pk")))
        for status in GeneratedReport.Status.values:
            reports.add_metric([status], counts.get(status, 0))
        yield reports
        if settings.REDIS_URL:
            queue = GaugeMetricFamily(
                "phoihop_queue_length", "Tasks waiting in each Celery queue", labels=["queue"]
            )
            try:
                client = _redis()
                for name in QUEUES:
                    queue.add_metric([name], client.llen(name))
                unacked = client.hlen("unacked")
            except Exception:
                logger.warning("Could not read the queue lengths from Redis", exc_info=True)
            else:
                yield queue
                yield GaugeMetricFamily(
                    "phoihop_queue_unacked", "Tasks taken by a worker and not yet acknowledged", value=unacked
                )
        durations = SummaryMetricFamily(
            "phoihop_task_duration_seconds", "Run time of Celery tasks", labels=["task"]
        )
        failures = CounterMetricFamily(
            "phoihop_task_failures", "Celery task runs that raised", labels=["task"]
        )
        finished = GaugeMetricFamily(
            "phoihop_task_last_finished_timestamp_seconds", "When the task last finished", labels=["task"]
        )
        sent = GaugeMetricFamily(
            "phoihop_beat_last_sent_timestamp_seconds", "When the beat last sent the task", labels=["task"]
        )
        for row in TaskHeartbeat.objects.all():
            if row.runs:
                durations.add_metric([row.task], count_value=row.runs, sum_value=row.seconds_total)
                failures.add_metric([row.task], row.failures)
            if row.last_finished_at:
                finished.add_metric([row.task], row.last_finished_at.timestamp())
            if row.last_sent_at:
                sent.add_metric([row.task], row.last_sent_at.timestamp())
        yield from (durations, failures, finished, sent)


def metrics_text() -> bytes:
    """django-prometheus's request metrics (every gunicorn worker's, with PROMETHEUS_MULTIPROC_DIR) followed
    by ours."""
    import os

    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    ours = CollectorRegistry(auto_describe=False)
    ours.register(BackgroundWorkCollector())
    return generate_latest(registry) + generate_latest(ours)
