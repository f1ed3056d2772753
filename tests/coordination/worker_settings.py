"""Settings for the Celery worker the exactly-once tests start: the project's settings plus a mail
server that takes a moment per message (so a worker can be killed mid-send) and short stale claims."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.coordination.slow_mail.SlowFileBackend"
OUTBOX_STALE_CLAIM_SECONDS = 2
