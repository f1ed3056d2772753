"""Settings for the Celery workers and beats the chaos tests start (tests/coordination/chaos.py): the
project's settings with time compressed, so minutes of sweeps, stale claims and backoff pass in seconds
without sleeping. Mail goes by SMTP to the test's aiosmtpd server (EMAIL_HOST/EMAIL_PORT from the
environment). BEAT_TIME_SCALE may be given in the environment (the beat schedule test squeezes the hourly
sweep too)."""

import os

from config.settings import *  # noqa: F403

BEAT_TIME_SCALE = float(os.environ.get("BEAT_TIME_SCALE", "0.02"))  # flush every 1.2 s, reminders every 6 s
OUTBOX_STALE_CLAIM_SECONDS = 3
OUTBOX_REQUEUE_SECONDS = 4
OUTBOX_RETRY_BASE_SECONDS = 1
OUTBOX_RETRY_MAX_SECONDS = 4
REPORT_STALE_SECONDS = 10
