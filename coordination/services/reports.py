"""Generated documents: queue a report, render it in the background, hand out again the stuck ones."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from coordination.background import start_task
from coordination.models import GeneratedReport

logger = logging.getLogger(__name__)


def report_request(*, kind: str, title: str, params: dict, by) -> GeneratedReport:
    """Queue a document for rendering; the caller has already authorized ``by`` for ``params``.

    The same document (kind and parameters) that ``by`` already asked for and that is still queued or being
    made is returned instead: a second click, or a double submit, waits for the first job.
    """
    from coordination.reports import RENDERERS
    from coordination.tasks import render_report

    if kind not in RENDERERS:
        raise ValueError(f"Unknown report kind {kind!r}")
    with transaction.atomic():
        running = by is not None and report_in_progress(kind=kind, by=by, params=params)
        if running:
            return running
        report = GeneratedReport.objects.create(kind=kind, title=title[:300], params=params, requested_by=by)
        transaction.on_commit(lambda: start_task(render_report, report.pk))
    return report


def report_in_progress(*, kind: str, by, **same) -> GeneratedReport | None:
    """The job of ``kind`` that ``by`` asked for and that is still queued or being made, matching ``same``
    (lookups on its fields, e.g. ``params=…``); call it inside the transaction that would create a new one.
    The requester's row is the lock: of two clicks at once the second waits, then finds the first's job."""
    get_user_model().objects.select_for_update().get(pk=by.pk)
    active = [GeneratedReport.Status.QUEUED, GeneratedReport.Status.RUNNING]
    return GeneratedReport.objects.filter(kind=kind, requested_by=by, status__in=active, **same).first()


def report_render(*, report_id: int) -> None:
    """Render one queued report. Claiming QUEUED -> RUNNING first makes a duplicate delivery a no-op."""
    from coordination.reports import RENDERERS

    claimed = GeneratedReport.objects.filter(pk=report_id, status=GeneratedReport.Status.QUEUED).update(
        status=GeneratedReport.Status.RUNNING,
        progress=1,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return
    report = GeneratedReport.objects.get(pk=report_id)

    def progress(percent: int) -> None:
        GeneratedReport.objects.filter(pk=report_id).update(
            progress=max(1, min(99, int(percent))), claimed_at=timezone.now()
        )

    try:
        rendered = RENDERERS[report.kind](report, progress)
    except Exception as exc:  # the page must say it failed rather than spin forever
        logger.exception("Rendering report %s (%s) failed", report_id, report.kind)
        GeneratedReport.objects.filter(pk=report_id).update(
            status=GeneratedReport.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return
    if rendered.file is not None:  # copied in chunks, never read whole
        with rendered.file:
            report.file.save(rendered.filename, File(rendered.file), save=False)
    else:
        report.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    report.filename = rendered.filename
    report.signers = list(rendered.signers)
    report.content_type = rendered.content_type
    report.title = (rendered.title or report.title)[:300]
    report.status = GeneratedReport.Status.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(
        update_fields=[
            "file",
            "filename",
            "signers",
            "content_type",
            "title",
            "status",
            "progress",
            "finished_at",
        ]
    )


MAX_REPORT_ATTEMPTS = 3


def reports_redispatch(*, now=None) -> int:
    """Hand out again the reports stuck queued (the task was lost) or running (the worker died); returns how
    many.

    A stale running report goes back to queued by a conditional update on the claim it was given, so of two
    concurrent flushes one re-queues it; after ``MAX_REPORT_ATTEMPTS`` claims it fails instead of looping.
    A re-sent queued report is harmless: ``report_render``'s claim lets one delivery render it.
    """
    from coordination.tasks import render_report

    stale = (now or timezone.now()) - timedelta(seconds=settings.REPORT_STALE_SECONDS)
    running, queued = GeneratedReport.Status.RUNNING, GeneratedReport.Status.QUEUED
    stuck = GeneratedReport.objects.filter(status=running, claimed_at__lt=stale)
    stuck.filter(attempts__gte=MAX_REPORT_ATTEMPTS).update(
        status=GeneratedReport.Status.FAILED, finished_at=timezone.now(),
        error=gettext("Tiến trình tạo tài liệu dừng đột ngột %(n)s lần.") % {"n": MAX_REPORT_ATTEMPTS},
    )
    ids = [
        pk
        for pk, claimed_at in stuck.values_list("pk", "claimed_at")[:500]
        if GeneratedReport.objects.filter(pk=pk, status=running, claimed_at=claimed_at).update(
            status=queued, progress=0
        )
    ]
    ids += (
        GeneratedReport.objects.filter(status=queued, created_at__lt=stale)
        .exclude(pk__in=ids)
        .values_list("pk", flat=True)[:500]
    )
    for report_id in ids:
        render_report.delay(report_id)
    return len(ids)
