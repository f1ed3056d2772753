"""Workflows that change state: follow-ups (the only code that creates or closes one, rule 4),
background documents, and the outbox of outgoing mail (rule 6)."""

import logging
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from coordination.models import Body, CoordinationArea, FollowUp, GeneratedReport, OutboxMessage, Person

logger = logging.getLogger(__name__)


def followup_open(
    *,
    subject: models.Model | None,
    title: str,
    lead_body: Body,
    due_on: date,
    responsible: Person | None = None,
    cooperating_bodies: list[Body] | tuple[Body, ...] = (),
    expected_result: str = "",
    source: str = "",
    area: CoordinationArea | None = None,
) -> FollowUp:
    followup = FollowUp.objects.create(
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        title=title[:500],
        unit_id=lead_body.unit_id,
        lead_body=lead_body,
        responsible=responsible,
        due_on=due_on,
        expected_result=expected_result,
        source=source[:500],
        area=area,
    )
    if cooperating_bodies:
        followup.cooperating_bodies.set(cooperating_bodies)
    return followup


def followups_of(subject: models.Model):
    return FollowUp.objects.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


@transaction.atomic
def followup_complete(*, followup: FollowUp, outcome: str, evidence=None, completed_at=None) -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.status != FollowUp.Status.OPEN:
        return followup  # completing twice is harmless: the first completion stands
    followup.status = FollowUp.Status.DONE
    followup.completed_at = completed_at or timezone.now()
    followup.outcome = outcome
    update_fields = ["status", "completed_at", "outcome", "updated_at"]
    if evidence is not None:
        followup.evidence = evidence
        update_fields.append("evidence")
    followup.save(update_fields=update_fields)
    return followup


@transaction.atomic
def followup_reopen(*, followup: FollowUp, due_on: date | None = None, reason: str = "") -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    followup.status = FollowUp.Status.OPEN
    followup.completed_at = None
    if due_on is not None:
        followup.due_on = due_on
    if reason:
        followup.outcome = f"{followup.outcome}\n{reason}".strip()
    followup.save(update_fields=["status", "completed_at", "due_on", "outcome", "updated_at"])
    return followup


def followup_reschedule(*, followup: FollowUp, due_on: date) -> FollowUp:
    if followup.due_on != due_on:
        followup.due_on = due_on
        followup.save(update_fields=["due_on", "updated_at"])
    return followup


def followup_cancel(*, followup: FollowUp, reason: str) -> FollowUp:
    if followup.status == FollowUp.Status.OPEN:
        followup.status = FollowUp.Status.CANCELLED
        followup.outcome = reason
        followup.save(update_fields=["status", "outcome", "updated_at"])
    return followup


# --- Generated documents ----------------------------------------------------------------------


def report_request(*, kind: str, title: str, params: dict, by) -> GeneratedReport:
    """Queue a document for rendering; the caller has already authorized ``by`` for ``params``."""
    from coordination.reports import RENDERERS
    from coordination.tasks import render_report

    if kind not in RENDERERS:
        raise ValueError(f"Unknown report kind {kind!r}")
    report = GeneratedReport.objects.create(kind=kind, title=title[:300], params=params, requested_by=by)
    transaction.on_commit(lambda: render_report.delay(report.pk))
    return report


def report_render(*, report_id: int) -> None:
    """Render one queued report. Claiming QUEUED -> RUNNING first makes a duplicate delivery a no-op."""
    from coordination.reports import RENDERERS

    claimed = GeneratedReport.objects.filter(pk=report_id, status=GeneratedReport.Status.QUEUED).update(
        status=GeneratedReport.Status.RUNNING, progress=1
    )
    if not claimed:
        return
    report = GeneratedReport.objects.get(pk=report_id)

    def progress(percent: int) -> None:
        GeneratedReport.objects.filter(pk=report_id).update(progress=max(1, min(99, int(percent))))

    try:
        rendered = RENDERERS[report.kind](report, progress)
    except Exception as exc:  # the page must say it failed rather than spin forever
        logger.exception("Rendering report %s (%s) failed", report_id, report.kind)
        GeneratedReport.objects.filter(pk=report_id).update(
            status=GeneratedReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return
    report.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    report.content_type = rendered.content_type
    report.status = GeneratedReport.Status.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "content_type", "status", "progress", "finished_at"])


# --- Outgoing mail ----------------------------------------------------------------------------

# A message claimed longer ago than this by a worker that never finished is handed out again.
STALE_CLAIM = timedelta(minutes=10)
MAX_SEND_ATTEMPTS = 5


def outbox_enqueue(
    *, key: str, kind: str, to_email: str, subject: str, body_text: str, body_html: str = "",
    recipient=None, followup: FollowUp | None = None,
) -> tuple[OutboxMessage, bool]:
    """Record a message under its unique key and send it after commit; the same key twice is a no-op."""
    from coordination.tasks import send_outbox_message

    try:
        with transaction.atomic():
            message, created = OutboxMessage.objects.get_or_create(
                key=key[:255],
                defaults={
                    "kind": kind, "to_email": to_email, "subject": subject[:300], "body_text": body_text,
                    "body_html": body_html, "recipient": recipient, "followup": followup,
                },
            )
    except IntegrityError:  # a concurrent sweep inserted the same key between our SELECT and INSERT
        return OutboxMessage.objects.get(key=key[:255]), False
    if created:
        transaction.on_commit(lambda: send_outbox_message.delay(message.pk))
    return message, created


def outbox_send(*, message_id: int) -> bool:
    """Send one message at most once: only the worker whose conditional UPDATE claims it sends it."""
    now = timezone.now()
    claimable = Q(status=OutboxMessage.Status.PENDING) | Q(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    claimed = OutboxMessage.objects.filter(claimable, pk=message_id).update(
        status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, to=[message.to_email],
        # The key as Message-ID lets a mail server drop a duplicate should a worker die after sending.
        headers={"Message-ID": f"<{slugify(message.key)}@phoihop>"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except Exception as exc:
        failed = message.attempts >= MAX_SEND_ATTEMPTS
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False
    OutboxMessage.objects.filter(pk=message_id).update(status=OutboxMessage.Status.SENT, sent_at=timezone.now())
    return True


def outbox_flush() -> int:
    """Re-dispatch pending messages and stale claims (a worker died, or Redis lost the task)."""
    from coordination.tasks import send_outbox_message

    stale = timezone.now() - STALE_CLAIM
    ids = list(
        OutboxMessage.objects.filter(
            Q(status=OutboxMessage.Status.PENDING) | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale)
        ).values_list("pk", flat=True)[:5000]
    )
    for message_id in ids:
        send_outbox_message.delay(message_id)
    return len(ids)
