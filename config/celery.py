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
    "flush-outbox": {"task": "coordination.tasks.flush_outbox", "schedule": 300.0},
    "sweep-reminders": {"task": "coordination.tasks.sweep_reminders", "schedule": 300.0},
    "sweep-digests": {"task": "coordination.tasks.sweep_digests", "schedule": 900.0},
    "voters-reopen-overdue-petitions": {"task": "voters.tasks.reopen_overdue_petitions", "schedule": 3600.0},
}
app.conf.beat_schedule = BEAT_SCHEDULE
