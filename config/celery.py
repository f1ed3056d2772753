"""The Celery application and the one place that defines every periodic schedule.

Beat only triggers short sweeps; each sweep finds due rows in the database and claims them
(ARCHITECTURE.md rule 6), so a lost or doubled beat tick costs nothing. Add new periodic work to
BEAT_SCHEDULE below, nowhere else.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("phoihop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

BEAT_SCHEDULE: dict[str, dict] = {
    # Every minute: retries are due by time (backoff), so the flush's interval is only their resolution.
    "flush-outbox": {"task": "coordination.tasks.flush_outbox", "schedule": 60.0},
    "sweep-reminders": {"task": "coordination.tasks.sweep_reminders", "schedule": 300.0},
    "sweep-digests": {"task": "coordination.tasks.sweep_digests", "schedule": 900.0},
    "voters-reopen-overdue-petitions": {"task": "voters.tasks.reopen_overdue_petitions", "schedule": 3600.0},
    "purge-idempotent-requests": {"task": "coordination.tasks.purge_idempotent_requests", "schedule": 3600.0},
}
app.conf.beat_schedule = BEAT_SCHEDULE


@app.on_after_configure.connect
def _scale_schedule(sender, **kwargs):
    """settings.BEAT_TIME_SCALE multiplies every interval (1 in production; the chaos tests' worker settings
    compress a day of sweeps into seconds this way instead of sleeping)."""
    from django.conf import settings

    scale = getattr(settings, "BEAT_TIME_SCALE", 1.0)
    if scale != 1.0:
        sender.conf.beat_schedule = {
            name: {**entry, "schedule": entry["schedule"] * scale} for name, entry in BEAT_SCHEDULE.items()
        }
