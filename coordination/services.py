"""Workflows that change state: follow-ups (the only code that creates or closes one, rule 4),
background documents, and the outbox of outgoing mail (rule 6)."""

import logging
import random
import smtplib
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, models, transaction
from django.db.models import CharField, F, IntegerField, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext

from coordination.mail import render_mail
from coordination.models import (
    Body,
    BodyKind,
    CoordinationArea,
    DocumentSignature,
    FollowUp,
    GeneratedReport,
    MailServerStatus,
    Membership,
    NotificationPreference,
    OutboxMessage,
    Person,
    Role,
    SignatureCheck,
    SigningCredential,
)

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
    followup.clean()  # a completion is a fact: not on a day after today
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


def followup_reschedule(*, followup: FollowUp, due_on: date, reason: str = "") -> FollowUp:
    """Re-date an open follow-up; ``reason`` is what its history shows for the change."""
    if followup.due_on != due_on:
        followup.due_on = due_on
        followup._change_reason = reason[:100] or None  # simple_history keeps 100 characters
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
        status=GeneratedReport.Status.RUNNING, progress=1, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return
    report = GeneratedReport.objects.get(pk=report_id)

    def progress(percent: int) -> None:
        GeneratedReport.objects.filter(pk=report_id).update(progress=max(1, min(99, int(percent))), claimed_at=timezone.now())

    try:
        rendered = RENDERERS[report.kind](report, progress)
    except Exception as exc:  # the page must say it failed rather than spin forever
        logger.exception("Rendering report %s (%s) failed", report_id, report.kind)
        GeneratedReport.objects.filter(pk=report_id).update(
            status=GeneratedReport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return
    report.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    report.filename = rendered.filename
    report.signers = list(rendered.signers)
    report.content_type = rendered.content_type
    report.title = (rendered.title or report.title)[:300]
    report.status = GeneratedReport.Status.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "filename", "signers", "content_type", "title", "status", "progress", "finished_at"])


MAX_REPORT_ATTEMPTS = 3


def reports_redispatch(*, now=None) -> int:
    """Hand out again the reports stuck queued (the task was lost) or running (the worker died); returns how many.

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
        pk for pk, claimed_at in stuck.values_list("pk", "claimed_at")[:500]
        if GeneratedReport.objects.filter(pk=pk, status=running, claimed_at=claimed_at).update(status=queued, progress=0)
    ]
    ids += GeneratedReport.objects.filter(status=queued, created_at__lt=stale).exclude(pk__in=ids).values_list("pk", flat=True)[:500]
    for report_id in ids:
        render_report.delay(report_id)
    return len(ids)


# --- Outgoing mail ----------------------------------------------------------------------------


def stale_claim() -> timedelta:
    """A message claimed longer ago than this by a worker that never finished is handed out again."""
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)


def outbox_retry_delay(*, failures: int) -> timedelta:
    """The wait after the ``failures``-th failure in a row: OUTBOX_RETRY_BASE_SECONDS doubled each time up to
    OUTBOX_RETRY_MAX_SECONDS, drawn at random between half and all of it so retries do not arrive together."""
    ceiling = min(settings.OUTBOX_RETRY_MAX_SECONDS, settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** min(max(failures, 1) - 1, 30))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def outbox_enqueue(
    *, key: str, kind: str, to_email: str, subject: str, body_text: str, body_html: str = "",
    recipient=None, followup: FollowUp | None = None,
) -> tuple[OutboxMessage, bool]:
    """Record a message under its unique key and send it after commit; the same key twice is a no-op."""
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
    if created:  # marked queued, so the flush does not hand it out again while its task waits in the queue
        transaction.on_commit(lambda: outbox_dispatch(message_ids=[message.pk]))
    return message, created


_MESSAGE_ID_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


def outbox_message_id(*, key: str) -> str:
    """The RFC 5322 Message-ID of the key: one per key, never shared with another.

    Letters, digits and "-" stay; every other UTF-8 byte becomes "=XX" (the escape "=" itself too), so the
    encoding is injective and the left part a dot-atom: "reminder:1:17" and "reminder:11:7" stay apart.
    """
    left = "".join(c if c in _MESSAGE_ID_SAFE else "".join(f"={b:02X}" for b in c.encode()) for c in key)
    return f"<{left}@phoihop>"


def mail_server_is_down(exc: BaseException) -> bool:
    """True when the error is the server's (refused, unreachable, timed out, hung up, 421, login refused), not
    the message's (a refused recipient or sender, a 5xx on the data): the server's costs no attempt."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return exc.smtp_code == 421 if hasattr(exc, "smtp_code") else False
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | smtplib.SMTPHeloError
                  | smtplib.SMTPAuthenticationError | smtplib.SMTPNotSupportedError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _mail_server_failed(*, exc: BaseException, now) -> MailServerStatus:
    """The server refused us: the whole outbox waits for it with backoff, and the outage clock of every
    waiting message starts (the retry window runs from a message's first failure, this one included)."""
    with transaction.atomic():
        status, _ = MailServerStatus.objects.select_for_update().get_or_create(pk=1)
        status.failures += 1
        status.down_since = status.down_since or now
        status.retry_at = now + outbox_retry_delay(failures=status.failures)
        status.last_error = _error_text(exc)
        status.save()
    waiting = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, first_failed_at__isnull=True).update(first_failed_at=now)
    logger.warning("Mail server unavailable since %s (%s failures in a row): %s; the outbox waits until %s (%s more messages now on the clock)",
                   status.down_since.isoformat(), status.failures, status.last_error, status.retry_at.isoformat(), waiting)
    return status


def _mail_server_answered(*, now) -> None:
    back = MailServerStatus.objects.filter(pk=1, down_since__isnull=False).values_list("down_since", flat=True).first()
    if back is not None and MailServerStatus.objects.filter(pk=1, down_since=back).update(down_since=None, retry_at=None, failures=0):
        logger.warning("Mail server answers again after an outage of %s", now - back)


def mail_server_waiting(*, now=None) -> bool:
    """True while the server is down and its next try is still ahead."""
    now = now or timezone.now()
    return MailServerStatus.objects.filter(pk=1, retry_at__gt=now).exists()


def _outbox_claimable(now) -> Q:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=OutboxMessage.Status.PENDING) & due) | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - stale_claim())


def _message_failed(*, message: OutboxMessage, claimed_at, exc: BaseException, now) -> None:
    """The message's own failure: it waits its backoff, or is given up once it has failed for the whole window."""
    first = message.first_failed_at or now
    give_up = now - first >= timedelta(seconds=settings.OUTBOX_RETRY_WINDOW_SECONDS)
    retry_at = None if give_up else now + outbox_retry_delay(failures=message.attempts)
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING, claimed_at=claimed_at).update(
        status=OutboxMessage.Status.FAILED if give_up else OutboxMessage.Status.PENDING, first_failed_at=first,
        next_attempt_at=retry_at, claimed_at=None, last_error=_error_text(exc),
    )
    if give_up:
        logger.error("Outbox message %s (%s) given up after %s attempts since %s: %s",
                     message.pk, message.kind, message.attempts, first.isoformat(), _error_text(exc))
    else:
        logger.warning("Outbox message %s (%s) not sent, attempt %s, next try at %s: %s",
                       message.pk, message.kind, message.attempts, retry_at.isoformat(), _error_text(exc))


def outbox_send_many(*, message_ids: list[int]) -> int:
    """Send each message at most once over one SMTP connection; returns how many were sent.

    Only the worker whose conditional UPDATE claims a row sends it, and each row is claimed just before it
    is sent, so a worker killed mid-batch leaves the rest pending. A message not yet due (waiting its
    backoff) is skipped. When the server itself is down (refused, unreachable, hung up) the claimed message
    goes back to pending without spending an attempt, the batch stops, and the outbox waits for the server.
    """
    now = timezone.now()
    if mail_server_waiting(now=now):
        _outbox_released(message_ids=message_ids)
        return 0
    sent, connection = 0, None
    try:
        for message_id in message_ids:
            now = timezone.now()
            if not OutboxMessage.objects.filter(_outbox_claimable(now), pk=message_id).update(
                status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            ):
                continue
            message = OutboxMessage.objects.get(pk=message_id)
            if connection is None:
                connection = get_connection()  # opened below, inside the try: a refused connection is the server's error
            email = EmailMultiAlternatives(
                subject=message.subject, body=message.body_text, to=[message.to_email], connection=connection,
                # The key as Message-ID: a duplicate (a worker killed after the server accepted) carries the same id.
                headers={"Message-ID": outbox_message_id(key=message.key)},
            )
            if message.body_html:
                email.attach_alternative(message.body_html, "text/html")
            try:
                connection.open()  # once per batch (a no-op when open): one SMTP session for the chunk
                email.send()
            except Exception as exc:
                if mail_server_is_down(exc):
                    OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.SENDING, claimed_at=now).update(
                        status=OutboxMessage.Status.PENDING, attempts=F("attempts") - 1, claimed_at=None, last_error=_error_text(exc),
                    )
                    _mail_server_failed(exc=exc, now=now)
                    break
                _message_failed(message=message, claimed_at=now, exc=exc, now=timezone.now())
                continue
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.SENT, sent_at=timezone.now(), next_attempt_at=None, claimed_at=None
            )
            if not sent:
                _mail_server_answered(now=now)
            sent += 1
    finally:
        _outbox_released(message_ids=message_ids)
        if connection is not None:
            try:
                connection.close()
            except Exception:  # a server that hung up cannot be said goodbye to
                logger.debug("closing the mail connection failed", exc_info=True)
    return sent


def _outbox_released(*, message_ids: list[int]) -> None:
    """The task is done with these rows: what is still pending (waiting its backoff or the server) may be handed
    to the next task as soon as it is due, not OUTBOX_REQUEUE_SECONDS later."""
    OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxMessage.Status.PENDING, queued_at__isnull=False).update(queued_at=None)


def outbox_send(*, message_id: int) -> bool:
    """Send one message at most once (see ``outbox_send_many``)."""
    return outbox_send_many(message_ids=[message_id]) == 1


def outbox_flush(*, now=None) -> int:
    """The beat's recovery: give up what failed for the whole window, alert, and hand out again what is due —
    pending messages whose backoff is over and that no task was handed lately (Redis lost it, or it waited for
    the server), and stale claims (a worker died). A row handed to a task stays ``queued_at`` until the task is
    done with it; one whose task was lost (Redis restarted, worker killed) is handed out again after
    OUTBOX_REQUEUE_SECONDS. Returns how many were handed out."""
    now = now or timezone.now()
    window = now - timedelta(seconds=settings.OUTBOX_RETRY_WINDOW_SECONDS)
    expired = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, first_failed_at__lt=window)
    given_up = expired.update(status=OutboxMessage.Status.FAILED, next_attempt_at=None)
    if given_up:
        logger.error("%s outgoing messages given up: still failing %s hours after their first failure",
                     given_up, settings.OUTBOX_RETRY_WINDOW_SECONDS // 3600)
    outbox_alerts_raise(now=now, given_up=given_up)
    if mail_server_waiting(now=now):
        return 0
    requeue = now - timedelta(seconds=settings.OUTBOX_REQUEUE_SECONDS)
    ids = list(
        OutboxMessage.objects.filter(_outbox_claimable(now))
        .filter(Q(status=OutboxMessage.Status.SENDING) | Q(queued_at__isnull=True) | Q(queued_at__lt=requeue))
        .order_by("created_at", "pk").values_list("pk", flat=True)[:5000]
    )
    outbox_dispatch(message_ids=ids)
    return len(ids)


def outbox_retry(*, message_ids) -> int:
    """"Gửi lại" (the admin's action): failed or waiting messages start over — attempts, backoff and retry window
    reset — and are sent at once. A sent message is never sent again. Returns how many were reset."""
    retryable = [OutboxMessage.Status.FAILED, OutboxMessage.Status.PENDING]
    ids = list(OutboxMessage.objects.filter(pk__in=list(message_ids), status__in=retryable).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids, status__in=retryable).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=None, first_failed_at=None, claimed_at=None
    )
    if ids:
        MailServerStatus.objects.filter(pk=1).update(retry_at=None)  # an operator's retry tries the server now
        transaction.on_commit(lambda: outbox_dispatch(message_ids=ids))
    return len(ids)


def _alert_recipients() -> list[str]:
    addresses = [address for _name, address in settings.ADMINS]
    if not addresses:
        addresses = list(get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
                         .order_by("pk").values_list("email", flat=True))
    return addresses


def outbox_alerts_raise(*, now=None, given_up: int = 0) -> int:
    """Tell the administrators, by mail (at most one alert of each kind a day) and in the log at ERROR, when
    messages were given up or mail has waited longer than OUTBOX_ALERT_AFTER_SECONDS. When the mail server
    itself is down the alert waits in the outbox like any message: the ERROR line and /readyz say it at once."""
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    waiting = [OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
    pending = OutboxMessage.objects.filter(status__in=waiting).exclude(kind=OutboxMessage.Kind.ALERT)
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    alerts = []
    if given_up:
        failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
        alerts.append(({"what": "failed", "given_up": given_up,
                        "hours": settings.OUTBOX_RETRY_WINDOW_SECONDS // 3600},
                       gettext("%(given_up)s thư vừa bị đánh dấu gửi lỗi; hiện có %(failed)s thư gửi lỗi.")
                       % {"given_up": given_up, "failed": failed}))
    if oldest is not None and now - oldest > timedelta(seconds=settings.OUTBOX_ALERT_AFTER_SECONDS):
        server = MailServerStatus.objects.filter(pk=1, down_since__isnull=False).first()
        cause = (gettext("Máy chủ thư từ chối kết nối từ %(since)s: %(error)s")
                 % {"since": f"{timezone.localtime(server.down_since):%H:%M %d/%m/%Y}",
                    "error": server.last_error}
                 if server else gettext("Máy chủ thư vẫn trả lời: hãy kiểm tra worker và beat của Celery "
                                        "(/readyz)."))
        alerts.append(({"what": "backlog", "pending": pending.count(),
                        "oldest": f"{timezone.localtime(oldest):%H:%M %d/%m/%Y}"}, cause))
    raised = 0
    for facts, detail in alerts:
        what = facts["what"]
        mail = render_mail("outbox_alert", {**facts, "detail": detail, "site_url": settings.SITE_URL})
        recipients = _alert_recipients()
        messages = [{"key": f"alert:{what}:{day}:{address}", "kind": OutboxMessage.Kind.ALERT,
                     "to_email": address,
                     "subject": mail.subject, "body_text": mail.body_text} for address in recipients]
        with transaction.atomic():
            new = outbox_enqueue_many(messages=messages) if messages else 0
        if new or not recipients:
            raised += 1
            logger.error("Mail alert (%s): %s. %s%s", what, mail.subject, detail,
                         "" if recipients else " — no administrator address: set ADMINS")
    return raised


def outbox_enqueue_many(*, messages: list[dict]) -> int:
    """Bulk ``outbox_enqueue`` for sweeps: insert the rows whose keys are new, send those after commit.

    Each dict holds OutboxMessage fields (``key`` required). A concurrent sweep that inserts the same
    key wins the unique constraint; both may dispatch the row, and ``outbox_send``'s claim sends it once.
    The new rows are sent in chunks of ``SEND_CHUNK`` ids, one task each, not one task per message.
    """
    by_key = {m["key"][:255]: {**m, "key": m["key"][:255], "subject": m["subject"][:300]} for m in messages}
    new_ids: list[int] = []
    keys = list(by_key)
    if connection.vendor == "postgresql" and all(m.keys() <= _OUTBOX_ROW_FIELDS for m in by_key.values()):
        keys = []  # one INSERT … ON CONFLICT DO NOTHING RETURNING per chunk: exactly the ids this call inserted
        rows = list(by_key.values())
        for start in range(0, len(rows), 1000):
            new_ids += _outbox_insert_new(rows=rows[start:start + 1000])
    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        existing = set(OutboxMessage.objects.filter(key__in=chunk).values_list("key", flat=True))
        fresh = [OutboxMessage(**by_key[k]) for k in chunk if k not in existing]
        if not fresh:
            continue
        OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
        new_ids += OutboxMessage.objects.filter(
            key__in=[m.key for m in fresh], status=OutboxMessage.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    if new_ids:
        transaction.on_commit(lambda: outbox_dispatch(message_ids=new_ids))
    return len(new_ids)


_OUTBOX_ROW_FIELDS = {"key", "kind", "to_email", "subject", "body_text", "body_html", "recipient", "recipient_id",
                      "followup", "followup_id"}


def _outbox_insert_new(*, rows: list[dict]) -> list[int]:
    """PostgreSQL: insert the rows whose key is new and return their ids; an existing key is skipped."""

    def pk_of(row, name):
        obj = row.get(name)
        return obj.pk if obj is not None else row.get(f"{name}_id")

    columns = {
        "key": [r["key"] for r in rows], "kind": [r["kind"] for r in rows], "to_email": [r["to_email"] for r in rows],
        "subject": [r["subject"][:300] for r in rows], "body_text": [r["body_text"] for r in rows],
        "body_html": [r.get("body_html", "") for r in rows],
        "recipient_id": [pk_of(r, "recipient") for r in rows], "followup_id": [pk_of(r, "followup") for r in rows],
    }
    table = OutboxMessage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (key, kind, to_email, subject, body_text, body_html, recipient_id, followup_id,
                                 status, attempts, last_error, created_at)
            SELECT r.key, r.kind, r.to_email, r.subject, r.body_text, r.body_html, r.recipient_id, r.followup_id,
                   %(status)s, 0, '', %(now)s
            FROM unnest(%(key)s::varchar[], %(kind)s::varchar[], %(to_email)s::varchar[], %(subject)s::varchar[],
                        %(body_text)s::text[], %(body_html)s::text[], %(recipient_id)s::integer[], %(followup_id)s::bigint[])
                 AS r(key, kind, to_email, subject, body_text, body_html, recipient_id, followup_id)
            ORDER BY r.key
            ON CONFLICT (key) DO NOTHING
            RETURNING id
            """,
            {**columns, "status": OutboxMessage.Status.PENDING, "now": timezone.now()},
        )
        return [row[0] for row in cursor.fetchall()]


SEND_CHUNK = 50  # messages per send task: ~50 broker round trips for 2,500 messages, each task well inside its time limit


def outbox_dispatch(*, message_ids: list[int]) -> None:
    """Hand messages to the workers, ``SEND_CHUNK`` ids per task; call after commit so workers see the rows."""
    from coordination.tasks import send_outbox_messages

    for start in range(0, len(message_ids), SEND_CHUNK):
        chunk = list(message_ids[start:start + SEND_CHUNK])
        OutboxMessage.objects.filter(pk__in=chunk).update(queued_at=timezone.now())
        send_outbox_messages.delay(chunk)


# --- Reminders and escalation ----------------------------------------------------------------


def reminder_step_for(*, due_on: date, today: date, offsets: list[int]) -> str | None:
    """The reminder a follow-up is owed today: the smallest offset not below the days left, or escalation.

    With offsets 7, 1, 0 an item due in 5 days is at step "d7" (a sweep that missed day 7 still
    sends it), due tomorrow "d1", due today "d0", past due "overdue". The due date is part of the
    step, so an extended deadline earns fresh reminders.
    """
    days_left = (due_on - today).days
    if days_left < 0:
        return f"overdue@{due_on.isoformat()}"
    fitting = [o for o in sorted(offsets) if o >= days_left]
    return f"d{fitting[0]}@{due_on.isoformat()}" if fitting else None


def _settled_steps(*, today: date, offsets: list[int]) -> Q:
    """Rows already at the step their due date earns today, so a sweep between two date changes reads nothing.

    Same rule as ``reminder_step_for``, in SQL: days left in (previous offset, offset] earn "d<offset>@<due date>",
    past due "overdue@<due date>". The current due date is part of each step, so an item escalated and then
    extended, rescheduled or reopened with a new date is not settled and earns its reminders again.
    """
    def step(prefix: str):
        return Concat(Value(prefix), Cast("due_on", CharField()))

    settled, low = Q(due_on__lt=today, reminder_step=step("overdue@")), -1
    for offset in offsets:
        settled |= Q(due_on__gt=today + timedelta(days=low), due_on__lte=today + timedelta(days=offset), reminder_step=step(f"d{offset}@"))
        low = offset
    return settled


def _escalation_chains(*, body_ids: set[int]) -> dict[int, list[int]]:
    """For each body, the bodies whose leaders hear of its overdue items, nearest first: itself, its parents,
    then its unit's Council Standing Committee. One query per level of parents."""
    rows = {pk: (parent_id, unit_id) for pk, parent_id, unit_id in Body.objects.filter(pk__in=body_ids).values_list("pk", "parent_id", "unit_id")}
    missing = {parent for parent, _unit in rows.values() if parent and parent not in rows}
    while missing:
        found = Body.objects.filter(pk__in=missing).values_list("pk", "parent_id", "unit_id")
        rows.update({pk: (parent_id, unit_id) for pk, parent_id, unit_id in found})
        missing = {parent for parent, _unit in rows.values() if parent and parent not in rows} - missing
    standing = dict(
        Body.objects.filter(unit_id__in={rows[b][1] for b in body_ids}, kind=BodyKind.COUNCIL_STANDING, active_to__isnull=True)
        .values_list("unit_id", "pk")
    )
    chains = {}
    for body_id in body_ids:
        chain, current = [], body_id
        while current is not None and current not in chain:
            chain.append(current)
            current = rows.get(current, (None, None))[0]
        unit_id = rows[body_id][1]
        chains[body_id] = [*chain, standing[unit_id]] if unit_id in standing else chain
    return chains


def reminders_sweep(*, today: date | None = None) -> int:
    """Remind the responsible person and the lead body's staff; escalate overdue items to its leaders.

    Idempotent: every message has the key (recipient, kind, follow-up, step). Returns messages queued.
    """
    from coordination.permissions import can_view_subject

    today = today or timezone.localdate()
    offsets = sorted(set(settings.REMINDER_OFFSETS_DAYS))
    horizon = today + timedelta(days=max(offsets, default=0))
    candidates = list(
        FollowUp.objects.open()
        .filter(due_on__lte=horizon)
        .exclude(_settled_steps(today=today, offsets=offsets))
        .select_related("lead_body", "responsible__user", "unit")
        .order_by("due_on", "id")
    )
    pending = []
    for followup in candidates:
        step = reminder_step_for(due_on=followup.due_on, today=today, offsets=offsets)
        if step and step != followup.reminder_step:
            pending.append((followup, step))
    if not pending:
        return 0
    body_ids = {f.lead_body_id for f, _ in pending}
    overdue_body_ids = {f.lead_body_id for f, step in pending if step.startswith("overdue")}
    escalate_via = _escalation_chains(body_ids=overdue_body_ids)
    staff, leaders = {}, {}
    members = Membership.objects.filter(
        body_id__in=body_ids | {b for chain in escalate_via.values() for b in chain}, user__is_active=True
    ).exclude(user__email="").select_related("user")
    for m in members:
        target = leaders if m.role == Role.LEADER else staff if m.role == Role.STAFF else None
        if target is not None:
            target.setdefault(m.body_id, []).append(m.user)
    messages, unreached = [], set()
    for followup, step in pending:
        overdue = step.startswith("overdue")
        kind = OutboxMessage.Kind.ESCALATION if overdue else OutboxMessage.Kind.REMINDER
        if overdue:
            # The lead body's leaders; a body without one (a Ban, an agency) escalates to its parent's,
            # then to the unit's Council Standing Committee, the body that oversees the coordination.
            recipients = next((leaders[b] for b in escalate_via[followup.lead_body_id] if leaders.get(b)), [])
            if not recipients:
                unreached.add(followup.pk)
                continue
        else:
            recipients = list(staff.get(followup.lead_body_id, []))
        person = followup.responsible
        if not overdue and person is not None and person.user is not None and person.user.is_active and person.user.email:
            recipients.append(person.user)
        context = {"followup": followup, "days_left": (followup.due_on - today).days, "overdue": overdue,
                   "days_overdue": (today - followup.due_on).days, "url": settings.SITE_URL + followup.get_absolute_url()}
        mail = render_mail("coordination_reminder", context)
        for user in {u.pk: u for u in recipients}.values():
            if not can_view_subject(user, followup):
                continue  # a letter of a body they are not in: not even its number reaches them
            messages.append({
                "key": f"{kind}:{user.pk}:{followup.pk}:{step}", "kind": kind, "recipient": user, "to_email": user.email,
                **mail.as_outbox_fields(), "followup": followup,
            })
    with transaction.atomic():
        queued = outbox_enqueue_many(messages=messages)
        # Marking after enqueueing: a crash in between only makes the next sweep hit the same keys.
        by_step: dict[str, list[int]] = {}
        for followup, step in pending:
            if followup.pk not in unreached:  # not escalated: the next sweep tries again, once someone leads
                by_step.setdefault(step, []).append(followup.pk)
        for step, ids in by_step.items():
            FollowUp.objects.filter(pk__in=ids).update(reminder_step=step)
    if unreached:
        logger.warning("%s overdue follow-ups not escalated: no leader with an email in their bodies or the Standing Committee", len(unreached))
    return queued


# --- Email digests ---------------------------------------------------------------------------


def digest_period_key(*, frequency: str, day: date) -> str:
    if frequency == NotificationPreference.Frequency.DAILY:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


DIGEST_CATCH_UP = timedelta(hours=12)


def digest_owed_day(*, frequency: str, weekday: int, hour: int, now) -> date | None:
    """The day whose period's digest the beat owes a user now, or None.

    The user's hour today (daily) or weekday and hour this ISO week (weekly) has passed: this period's. Not yet,
    but the previous period's instant passed less than ``DIGEST_CATCH_UP`` ago: the previous period's, so a digest
    whose hour passed while the beat or the workers were down is sent when they come back, once, for its period.
    """
    from datetime import datetime, time

    today = now.date()
    base = today if frequency == NotificationPreference.Frequency.DAILY else today - timedelta(days=today.weekday() - weekday)
    instant = datetime.combine(base, time(hour), tzinfo=now.tzinfo)
    if instant <= now:
        return base
    step = timedelta(days=1 if frequency == NotificationPreference.Frequency.DAILY else 7)
    if now - (instant - step) <= DIGEST_CATCH_UP:
        return base - step
    return None


def digests_send(*, frequency: str, now=None, only_due: bool = False) -> int:
    """Queue the digest of every user on ``frequency`` for the current period; returns digests queued.

    ``only_due`` (the beat) keeps to each user's chosen weekday and hour, catching up one whose time passed
    while nothing ran (``digest_owed_day``); the management command sends for the current period at once.
    The key (user, period) makes a second run a no-op.
    """
    from coordination.permissions import prime_access
    from coordination.queries import digest_items
    from coordination.tokens import preferences_token

    now = timezone.localtime(now or timezone.now())
    today = now.date()
    users = (
        get_user_model().objects.filter(is_active=True).exclude(email="")
        .annotate(
            freq=Coalesce("notification_preference__digest_frequency", Value(NotificationPreference.Frequency.WEEKLY)),
            weekday=Coalesce("notification_preference__digest_weekday", Value(0), output_field=IntegerField()),
            hour=Coalesce("notification_preference__digest_hour", Value(7), output_field=IntegerField()),
        )
        .filter(freq=frequency)
        .filter(pk__in=Membership.objects.filter(role__in=[Role.STAFF, Role.LEADER]).values("user_id"))
        .order_by("pk")
    )
    period_of: dict[int, str] = {}
    for user in users:
        day = digest_owed_day(frequency=frequency, weekday=user.weekday, hour=user.hour, now=now) if only_due else today
        if day is not None:
            user.digest_period = period_of[user.pk] = digest_period_key(frequency=frequency, day=day)
    users = [u for u in users if u.pk in period_of]
    done = set(
        OutboxMessage.objects.filter(kind=OutboxMessage.Kind.DIGEST,
                                     key__in=[f"digest:{u.pk}:{period_of[u.pk]}" for u in users])
        .values_list("key", flat=True)
    )
    users = [u for u in users if f"digest:{u.pk}:{period_of[u.pk]}" not in done]
    bodies: dict[int, list[int]] = {}
    for user_id, body_id in Membership.objects.filter(user__in=users, role__in=[Role.STAFF, Role.LEADER]).values_list("user_id", "body_id"):
        bodies.setdefault(user_id, []).append(body_id)
    people = dict(Person.objects.filter(user__in=users).values_list("user_id", "pk"))
    prime_access(users)  # what each may see, for the digest's door, in one query
    week_end = today + timedelta(days=6 - today.weekday()) if frequency == NotificationPreference.Frequency.WEEKLY else today + timedelta(days=7)
    messages = []
    for user in users:
        items = digest_items(person_id=people.get(user.pk), body_ids=bodies.get(user.pk, []), today=today, until=week_end,
                             user=user)
        if not items["count"]:
            continue  # nothing owed: nothing sent
        context = {**items, "user": user, "today": today, "until": week_end, "site_url": settings.SITE_URL,
                   "frequency": frequency, "preferences_url": settings.SITE_URL + preferences_token(user=user)}
        messages.append({
            "key": f"digest:{user.pk}:{period_of[user.pk]}", "kind": OutboxMessage.Kind.DIGEST, "recipient": user,
            "to_email": user.email, **render_mail("coordination_digest", context).as_outbox_fields(),
        })
    with transaction.atomic():
        return outbox_enqueue_many(messages=messages)


def notification_preference_save(*, user, digest_frequency: str, digest_weekday: int, digest_hour: int) -> NotificationPreference:
    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    pref.digest_frequency, pref.digest_weekday, pref.digest_hour = digest_frequency, digest_weekday, digest_hour
    pref.save(update_fields=["digest_frequency", "digest_weekday", "digest_hour"])
    return pref


def feed_token_rotate(*, user) -> str:
    """A new secret for the user's calendar feed; the old URL stops working at once."""
    import secrets

    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    pref.feed_token = secrets.token_urlsafe(32)
    pref.save(update_fields=["feed_token"])
    return pref.feed_token


# --- Digital signatures (coordination.signing) -------------------------------------------------------------

SIGNATURE_SOURCE = "document_signature"


class SignatureRefused(Exception):
    """Why this person cannot sign this document now; the message is shown to them."""


def credential_store(*, data: bytes, passphrase: str, by, body: Body | None = None, user=None, image=None,
                     kind: str = SigningCredential.Kind.PKCS12, pkcs11_key_label: str = "",
                     certificate_pem: str = "") -> SigningCredential:
    """Keep a body's or a leader's certificate: the PKCS#12 is opened once, its private key stored encrypted
    (settings.SIGNING_KEY) and never shown again; earlier credentials of the same owner stop being used.
    A PKCS#11 credential names its key on the configured token and brings its certificate as PEM."""
    from coordination import signing

    if kind == SigningCredential.Kind.PKCS11:
        opened = signing.describe_certificate(certificate_pem)
        sealed = b""
    else:
        opened = signing.open_pkcs12(data, passphrase)
        sealed = signing.seal_key(opened.key_der)
    with transaction.atomic():
        SigningCredential.objects.filter(body=body, user=user, active=True).update(active=False)
        credential = SigningCredential(
            body=body, user=user, kind=kind, certificate_pem=opened.certificate_pem, chain_pem=opened.chain_pem,
            sealed_key=sealed, pkcs11_key_label=pkcs11_key_label, subject=opened.subject, organisation=opened.organisation,
            issuer=opened.issuer, not_before=opened.not_before, not_after=opened.not_after, created_by=by,
        )
        if image is not None:
            credential.image.save(getattr(image, "name", "anh.png"), image, save=False)
        credential.save()
    return credential


def _active_credential(**owner) -> SigningCredential | None:
    return SigningCredential.objects.filter(active=True, **owner).order_by("-created_at").first()


def signing_state(report: GeneratedReport) -> list[dict]:
    """Each party that signs ``report``, in turn: its label, body, and its signature (or None: awaited)."""
    done = {s.slot: s for s in report.signatures.select_related("signer", "body")}
    bodies = Body.objects.in_bulk([p["body_id"] for p in report.signers])
    state = []
    for party in sorted(report.signers, key=lambda p: p["slot"]):
        signature = done.get(party["slot"])
        state.append({**party, "body": bodies.get(party["body_id"]), "signature": signature,
                      "signed": bool(signature and signature.status == DocumentSignature.Status.DONE)})
    return state


def next_party(report: GeneratedReport) -> dict | None:
    """The first party that has not signed (and is not being signed for): in turn, the lead first."""
    for party in signing_state(report):
        if party["signature"] is None or party["signature"].status == DocumentSignature.Status.FAILED:
            return party
    return None


def document_sign_request(*, report: GeneratedReport, by) -> DocumentSignature:
    """A leader of the next party asks to sign ``report``: queued and signed in the background (a task)."""
    from coordination.permissions import access_for
    from coordination.tasks import sign_document

    if report.status != GeneratedReport.Status.DONE or report.content_type != "application/pdf" or not report.signers:
        raise SignatureRefused(gettext("Tài liệu này không có chỗ ký số."))
    party = next_party(report)
    if party is None:
        raise SignatureRefused(gettext("Tài liệu đã đủ chữ ký của các bên."))
    if not access_for(by).is_leader_of(party["body_id"]):
        raise SignatureRefused(gettext("Đến lượt lãnh đạo %(body)s ký.") % {"body": party["body"]})
    if not (_active_credential(user=by) or _active_credential(body_id=party["body_id"])):
        raise SignatureRefused(gettext("Chưa có chứng thư số: hãy nạp chứng thư của mình (Chữ ký số của tôi) "
                                       "hoặc nhờ quản trị nạp chứng thư của cơ quan."))
    with transaction.atomic():
        DocumentSignature.objects.filter(report=report, slot=party["slot"], status=DocumentSignature.Status.FAILED).delete()
        try:
            signature = DocumentSignature.objects.create(report=report, slot=party["slot"], body_id=party["body_id"], signer=by)
        except IntegrityError as exc:
            raise SignatureRefused(gettext("Chữ ký này đang được thực hiện.")) from exc
        transaction.on_commit(lambda: sign_document.delay(signature.pk))
    return signature


def document_sign(*, signature_id: int) -> None:
    """Make one queued signature: the visible stamp (signature image, the body's seal, signer, body, time) in
    the party's signature block, an incremental PAdES signature over the last signed version; closes this
    party's follow-up and opens the next party's."""
    from coordination import signing

    claimed = DocumentSignature.objects.filter(pk=signature_id, status=DocumentSignature.Status.QUEUED).update(
        status=DocumentSignature.Status.RUNNING, progress=5)
    if not claimed:
        return
    signature = DocumentSignature.objects.select_related("report", "body__unit", "signer").get(pk=signature_id)
    report = signature.report

    def progress(percent):
        DocumentSignature.objects.filter(pk=signature_id).update(progress=percent)

    try:
        party = next(p for p in report.signers if p["slot"] == signature.slot)
        own = _active_credential(user=signature.signer)
        seal = _active_credential(body=signature.body)
        credential = own or seal
        if credential is None:
            raise signing.SigningError(gettext("Chưa có chứng thư số để ký."))
        progress(20)
        source = report.signed_file or report.file
        with source.open("rb") as handle:
            pdf = handle.read()
        at = timezone.now()
        person = Person.objects.filter(user=signature.signer).first()
        signer_name = person.full_name if person else signature.signer.get_full_name() or signature.signer.username
        x0, y0, x1, y1 = party["box"]
        stamp = signing.stamp_image(
            signature_image=_read(own.image) if own and own.image else None,
            seal_image=_read(seal.image) if seal and seal.image else None,
            lines=signing.stamp_lines(signer=signer_name, body=signature.body.name, at=at),
            width_mm=(x1 - x0) * 25.4 / 72, height_mm=(y1 - y0) * 25.4 / 72)
        progress(50)
        identity = signing.Identity(certificate_pem=credential.certificate_pem, chain_pem=credential.chain_pem,
                                    key_der=signing.unseal_key(credential.sealed_key) if credential.sealed_key else b"",
                                    pkcs11_key_label=credential.pkcs11_key_label)
        signed = signing.sign_pdf(pdf, identity=identity, field_name=f"Chu-ky-{signature.slot + 1}", page=party["page"],
                                  box=(x0, y0, x1, y1), stamp=stamp, reason=party.get("label") or gettext("Ký ban hành"),
                                  location=signature.body.unit.name, signer_name=signer_name)
        progress(90)
    except Exception as exc:  # the page says it failed rather than spin forever
        logger.exception("Signing %s failed", signature_id)
        DocumentSignature.objects.filter(pk=signature_id).update(status=DocumentSignature.Status.FAILED,
                                                                 error=f"{exc}"[:2000], progress=0)
        return
    with transaction.atomic():
        report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
        report.signed_file.save(report.signed_filename, ContentFile(signed), save=False)
        report.save(update_fields=["signed_file"])
        DocumentSignature.objects.filter(pk=signature_id).update(
            status=DocumentSignature.Status.DONE, progress=100, signed_at=at, certificate_subject=credential.subject[:255])
        for followup in followups_of(report).filter(source=SIGNATURE_SOURCE, lead_body=signature.body).open():
            followup_complete(followup=followup, outcome=gettext("Đã ký số"), completed_at=at)
        _other_versions_withdraw(report)
        following = next_party(report)
        if following is not None:
            from coordination.deadline_rules import due_date_for

            body = Body.objects.select_related("unit").get(pk=following["body_id"])
            followup_open(subject=report, title=gettext("Ký số: %(title)s") % {"title": report.title}, lead_body=body,
                          responsible=signing_leader(body),
                          due_on=due_date_for(unit=body.unit, code=SIGNATURE_SOURCE, anchor_date=timezone.localdate()),
                          source=SIGNATURE_SOURCE, expected_result=gettext("Chữ ký số của lãnh đạo %(body)s") % {"body": body})


def signing_leader(body: Body) -> Person | None:
    """The leader who signs for ``body``: one with a certificate of their own, else the first by name."""
    leaders = Person.objects.filter(user__is_active=True, user__memberships__body=body,
                                    user__memberships__role=Role.LEADER).order_by("full_name")
    return leaders.filter(user__signing_credentials__active=True).first() or leaders.first()


def document_signing_withdraw(*, report: GeneratedReport, reason: str) -> None:
    """Nobody owes ``report`` a signature any more (it was deleted, or another version of it is being signed)."""
    for followup in followups_of(report).filter(source=SIGNATURE_SOURCE).open():
        followup_cancel(followup=followup, reason=reason)


def _other_versions_withdraw(report: GeneratedReport) -> None:
    """The same document rendered again (same kind and parameters) and signed: the signatures awaited on the
    other versions are owed on this one instead."""
    awaited = FollowUp.objects.open().filter(source=SIGNATURE_SOURCE, subject_type=ContentType.objects.get_for_model(report))
    others = GeneratedReport.objects.filter(kind=report.kind, pk__in=awaited.values("subject_id")).exclude(pk=report.pk)
    for other in others:
        if other.params == report.params:
            document_signing_withdraw(report=other, reason=gettext("Thay bằng bản được ký ngày %(day)s") % {
                "day": timezone.localdate().strftime("%d/%m/%Y")})


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def signature_check(*, instance: models.Model, field_name: str) -> SignatureCheck | None:
    """Check the signatures of the PDF in ``instance.<field_name>`` (again only when the file changed)."""
    import hashlib

    from coordination import signing

    field_file = getattr(instance, field_name)
    content_type = ContentType.objects.get_for_model(instance)
    if not field_file:
        SignatureCheck.objects.filter(content_type=content_type, object_id=instance.pk, field_name=field_name).delete()
        return None
    content = _read(field_file)
    digest = hashlib.sha256(content).hexdigest()
    existing = SignatureCheck.objects.filter(content_type=content_type, object_id=instance.pk, field_name=field_name).first()
    if existing and existing.sha256 == digest:
        return existing
    findings = signing.verify_pdf(content) if content.startswith(b"%PDF") else []
    check, _created = SignatureCheck.objects.update_or_create(
        content_type=content_type, object_id=instance.pk, field_name=field_name,
        defaults={"sha256": digest, "outcome": signing.summary(findings), "findings": [f.as_dict() for f in findings]})
    return check
