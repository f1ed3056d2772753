"""Thin Celery wrappers around voters sweeps (rule 6)."""

from celery import shared_task

from voters import services


@shared_task(time_limit=300, soft_time_limit=270)
def reopen_overdue_petitions() -> int:
    return services.petitions_reopen_overdue()
