"""Thin Celery wrappers: each takes a primary key and calls a service (rule 6).

Every task names both its hard and its soft time limit, the soft one below the hard one: a task that
inherits the global soft limit (CELERY_TASK_SOFT_TIME_LIMIT) above its own hard limit cannot be sent at
all (Celery refuses it, and beat only logs "Couldn't apply scheduled task"). coordination/checks.py
fails `manage.py check` on such a task.
"""

from celery import shared_task
from celery.signals import worker_process_init

from coordination import services
from coordination.models import NotificationPreference


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def render_report(report_id: int) -> None:
    # acks_late is safe: report_render claims QUEUED -> RUNNING, so a redelivery does nothing.
    services.report_render(report_id=report_id)


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def send_outbox_message(message_id: int) -> None:
    # acks_late is safe: outbox_send claims the row with a conditional update before sending.
    services.outbox_send(message_id=message_id)


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_outbox_messages(message_ids: list[int]) -> None:
    # A sweep's messages in chunks of services.SEND_CHUNK, one broker message and one SMTP connection per
    # chunk. acks_late is safe: each row is claimed before it is sent, so a redelivered chunk skips the ones
    # already sent; a chunk cut short by the time limit leaves the rest pending for flush_outbox.
    services.outbox_send_many(message_ids=message_ids)


@shared_task(time_limit=120, soft_time_limit=110)
def flush_outbox() -> int:
    # The same beat entry recovers background documents whose task or worker was lost.
    services.reports_redispatch()
    return services.outbox_flush()


@worker_process_init.connect(weak=False, dispatch_uid="phoihop-warm-url-resolver")
def warm_url_resolver(**kwargs) -> None:
    """Load the URL configuration once per worker process, when it starts: a sweep's first ``reverse()``
    (coordination.urlcache.path_of) would otherwise import every view inside the sweep (half a second)."""
    from coordination.urlcache import path_of

    path_of("followups:detail")


@shared_task(time_limit=300, soft_time_limit=280)
def purge_idempotent_requests() -> int:
    return services.idempotent_requests_purge()


@shared_task(time_limit=300, soft_time_limit=280)
def sweep_reminders() -> int:
    return services.reminders_sweep()


@shared_task(time_limit=600, soft_time_limit=580)
def sweep_digests() -> int:
    # Beat runs this often; each user's weekday/hour and the per-period key decide who gets one.
    return sum(
        services.digests_send(frequency=f, only_due=True) for f in NotificationPreference.SENT_FREQUENCIES
    )


@shared_task(acks_late=True, time_limit=300, soft_time_limit=280)
def sign_document(signature_id: int) -> None:
    # acks_late is safe: document_sign claims QUEUED -> RUNNING, so a redelivery does nothing.
    services.document_sign(signature_id=signature_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=110)
def check_signatures(app_label: str, model: str, pk: int, field_name: str) -> None:
    # Idempotent: the check is keyed by the file's digest.
    from django.apps import apps

    instance = apps.get_model(app_label, model).objects.filter(pk=pk).first()
    if instance is not None:
        services.signature_check(instance=instance, field_name=field_name)
