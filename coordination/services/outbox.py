"""Outgoing mail (rule 6): the outbox, sending at most once, retries, outages of the mail server, alerts."""

import logging
import random
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from coordination.mail import render_mail
from coordination.models import FollowUp, MailServerStatus, OutboxMessage

logger = logging.getLogger(__name__)


def stale_claim() -> timedelta:
    """A message claimed longer ago than this by a worker that never finished is handed out again."""
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)


def outbox_retry_delay(*, failures: int) -> timedelta:
    """The wait after the ``failures``-th failure in a row: OUTBOX_RETRY_BASE_SECONDS doubled each time up to
    OUTBOX_RETRY_MAX_SECONDS, drawn at random between half and all of it so retries do not arrive together."""
    ceiling = min(
        settings.OUTBOX_RETRY_MAX_SECONDS,
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** min(max(failures, 1) - 1, 30),
    )
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
    waiting = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, first_failed_at__isnull=True
    ).update(first_failed_at=now)
    logger.warning(
        "Mail server unavailable since %s (%s failures in a row): %s; the outbox waits until %s (%s more "
        "messages now on the clock)",
        status.down_since.isoformat(),
        status.failures,
        status.last_error,
        status.retry_at.isoformat(),
        waiting,
    )
    return status


def _mail_server_answered(*, now) -> None:
    back = (
        MailServerStatus.objects.filter(pk=1, down_since__isnull=False)
        .values_list("down_since", flat=True)
        .first()
    )
    if back is not None and MailServerStatus.objects.filter(pk=1, down_since=back).update(
        down_since=None, retry_at=None, failures=0
    ):
        logger.warning("Mail server answers again after an outage of %s", now - back)


def mail_server_waiting(*, now=None) -> bool:
    """True while the server is down and its next try is still ahead."""
    now = now or timezone.now()
    return MailServerStatus.objects.filter(pk=1, retry_at__gt=now).exists()


def _outbox_claimable(now) -> Q:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=OutboxMessage.Status.PENDING) & due) | Q(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - stale_claim()
    )


def _message_failed(*, message: OutboxMessage, claimed_at, exc: BaseException, now) -> None:
    """The message's own failure: it waits its backoff, or is given up once it has failed for the whole
    window."""
    first = message.first_failed_at or now
    give_up = now - first >= timedelta(seconds=settings.OUTBOX_RETRY_WINDOW_SECONDS)
    retry_at = None if give_up else now + outbox_retry_delay(failures=message.attempts)
    OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.SENDING, claimed_at=claimed_at
    ).update(
        status=OutboxMessage.Status.FAILED if give_up else OutboxMessage.Status.PENDING,
        first_failed_at=first,
        next_attempt_at=retry_at,
        claimed_at=None,
        last_error=_error_text(exc),
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
                connection = (
                    get_connection()
                )  # opened below, inside the try: a refused connection is the server's error
            email = EmailMultiAlternatives(
                subject=message.subject,
                body=message.body_text,
                to=[message.to_email],
                connection=connection,
                # The key as Message-ID: a duplicate (a worker killed after the server accepted) carries the
                # same id.
                headers={"Message-ID": outbox_message_id(key=message.key)},
            )
            if message.body_html:
                email.attach_alternative(message.body_html, "text/html")
            try:
                connection.open()  # once per batch (a no-op when open): one SMTP session for the chunk
                email.send()
            except Exception as exc:
                if mail_server_is_down(exc):
                    OutboxMessage.objects.filter(
                        pk=message_id, status=OutboxMessage.Status.SENDING, claimed_at=now
                    ).update(
                        status=OutboxMessage.Status.PENDING,
                        attempts=F("attempts") - 1,
                        claimed_at=None,
                        last_error=_error_text(exc),
                    )
                    _mail_server_failed(exc=exc, now=now)
                    break
                _message_failed(message=message, claimed_at=now, exc=exc, now=timezone.now())
                continue
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.SENT,
                sent_at=timezone.now(),
                next_attempt_at=None,
                claimed_at=None,
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
    """The task is done with these rows: what is still pending (waiting its backoff or the server) may be
    handed to the next task as soon as it is due, not OUTBOX_REQUEUE_SECONDS later."""
    OutboxMessage.objects.filter(
        pk__in=message_ids, status=OutboxMessage.Status.PENDING, queued_at__isnull=False
    ).update(queued_at=None)


def outbox_send(*, message_id: int) -> bool:
    """Send one message at most once (see ``outbox_send_many``)."""
    return outbox_send_many(message_ids=[message_id]) == 1


def outbox_flush(*, now=None) -> int:
    """The beat's recovery: give up what failed for the whole window, alert, and hand out again what is due —
    pending messages whose backoff is over and that no task was handed lately (Redis lost it, or it waited for
    the server), and stale claims (a worker died). A row handed to a task stays ``queued_at`` until the task
    is done with it; one whose task was lost (Redis restarted, worker killed) is handed out again after
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
    """ "Gửi lại" (the admin's action): failed or waiting messages start over — attempts, backoff and retry
    window reset — and are sent at once. A sent message is never sent again. Returns how many were reset."""
    retryable = [OutboxMessage.Status.FAILED, OutboxMessage.Status.PENDING]
    ids = list(
        OutboxMessage.objects.filter(pk__in=list(message_ids), status__in=retryable).values_list(
            "pk", flat=True
        )
    )
    OutboxMessage.objects.filter(pk__in=ids, status__in=retryable).update(
        status=OutboxMessage.Status.PENDING,
        attempts=0,
        next_attempt_at=None,
        first_failed_at=None,
        claimed_at=None,
    )
    if ids:
        MailServerStatus.objects.filter(pk=1).update(
            retry_at=None
        )  # an operator's retry tries the server now
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
    itself is down the alert waits in the outbox like any message: the ERROR line and /readyz say it at
    once."""
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


def outbox_enqueue_many(*, messages: list[dict], handed_out: bool = False) -> int:
    """Bulk ``outbox_enqueue`` for sweeps: insert the rows whose keys are new, send those after commit.

    Each dict holds OutboxMessage fields (``key`` required). A concurrent sweep that inserts the same
    key wins the unique constraint; both may dispatch the row, and ``outbox_send``'s claim sends it once.
    The new rows are sent in chunks of ``SEND_CHUNK`` ids, one task each, not one task per message.

    ``handed_out``: the rows are inserted already marked handed to a task (``queued_at``), their tasks sent
    after commit without the UPDATE that marks them (which rewrites every row: for the reminder sweep's
    20,000 messages, as long as inserting them). A flush meanwhile does not hand them out twice; should the
    tasks never be sent (the process died between the commit and them), the flush hands the rows out after
    OUTBOX_REQUEUE_SECONDS, like those of a lost task, instead of at its next run.
    """
    by_key = {m["key"][:255]: {**m, "key": m["key"][:255], "subject": m["subject"][:300]} for m in messages}
    new_ids: list[int] = []
    keys = list(by_key)
    now = timezone.now()
    queued_at = now if handed_out else None
    if connection.vendor == "postgresql" and all(m.keys() <= _OUTBOX_ROW_FIELDS for m in by_key.values()):
        # one INSERT … ON CONFLICT DO NOTHING RETURNING per chunk: exactly the ids this call inserted
        keys = []
        rows = list(by_key.values())
        for start in range(0, len(rows), 1000):
            new_ids += _outbox_insert_new(rows=rows[start:start + 1000], now=now, queued_at=queued_at)
    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        existing = set(OutboxMessage.objects.filter(key__in=chunk).values_list("key", flat=True))
        fresh = [OutboxMessage(**by_key[k], queued_at=queued_at) for k in chunk if k not in existing]
        if not fresh:
            continue
        OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
        new_ids += OutboxMessage.objects.filter(
            key__in=[m.key for m in fresh], status=OutboxMessage.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    if new_ids:
        dispatch = _outbox_hand_out if handed_out else outbox_dispatch
        transaction.on_commit(lambda: dispatch(message_ids=new_ids))
    return len(new_ids)


_OUTBOX_ROW_FIELDS = {
    "key",
    "kind",
    "to_email",
    "subject",
    "body_text",
    "body_html",
    "recipient",
    "recipient_id",
    "followup",
    "followup_id",
}


def _outbox_insert_new(*, rows: list[dict], now, queued_at) -> list[int]:
    """PostgreSQL: insert the rows whose key is new and return their ids; an existing key is skipped. A mail
    sent to several people (the same subject and bodies) crosses the connection once."""

    def pk_of(row, name):
        obj = row.get(name)
        return obj.pk if obj is not None else row.get(f"{name}_id")

    mails: dict[tuple[str, str, str], int] = {}
    mail_of = [
        mails.setdefault((r["subject"][:300], r["body_text"], r.get("body_html", "")), len(mails) + 1)
        for r in rows
    ]
    columns = {
        "key": [r["key"] for r in rows],
        "kind": [r["kind"] for r in rows],
        "to_email": [r["to_email"] for r in rows],
        "recipient_id": [pk_of(r, "recipient") for r in rows],
        "followup_id": [pk_of(r, "followup") for r in rows],
        "mail": mail_of,
        "subject": [subject for subject, _text, _html in mails],
        "body_text": [text for _subject, text, _html in mails],
        "body_html": [html for _subject, _text, html in mails],
    }
    table = OutboxMessage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (key, kind, to_email, subject, body_text, body_html, recipient_id,
                                 followup_id, status, attempts, last_error, created_at, queued_at)
            SELECT r.key, r.kind, r.to_email, m.subject, m.body_text, m.body_html, r.recipient_id,
                   r.followup_id, %(status)s, 0, '', %(now)s, %(queued_at)s::timestamptz
            FROM unnest(%(key)s::varchar[], %(kind)s::varchar[], %(to_email)s::varchar[],
                        %(recipient_id)s::integer[], %(followup_id)s::bigint[], %(mail)s::integer[])
                 AS r(key, kind, to_email, recipient_id, followup_id, mail)
            JOIN unnest(%(subject)s::varchar[], %(body_text)s::text[], %(body_html)s::text[])
                 WITH ORDINALITY AS m(subject, body_text, body_html, n) ON m.n = r.mail
            ORDER BY r.key
            ON CONFLICT (key) DO NOTHING
            RETURNING id
            """,
            {**columns, "status": OutboxMessage.Status.PENDING, "now": now, "queued_at": queued_at},
        )
        return [row[0] for row in cursor.fetchall()]


# messages per send task: ~50 broker round trips for 2,500 messages, each task well inside its time limit
SEND_CHUNK = 50
# messages marked handed out (queued_at) by one UPDATE
MARK_CHUNK = 1000


def outbox_dispatch(*, message_ids: list[int]) -> None:
    """Hand messages to the workers, ``SEND_CHUNK`` ids per task; call after commit so workers see the
    rows."""
    from coordination.tasks import send_outbox_messages

    # One UPDATE per MARK_CHUNK ids, not per task (a sweep of 20,000 messages made 400 of them); a row is
    # marked just before its task is sent, so a dispatch cut short leaves at most one group waiting
    # OUTBOX_REQUEUE_SECONDS instead of the next flush.
    for group in range(0, len(message_ids), MARK_CHUNK):
        ids = list(message_ids[group:group + MARK_CHUNK])
        OutboxMessage.objects.filter(pk__in=ids).update(queued_at=timezone.now())
        for start in range(0, len(ids), SEND_CHUNK):
            send_outbox_messages.delay(ids[start:start + SEND_CHUNK])


def _outbox_hand_out(*, message_ids: list[int]) -> None:
    """``outbox_dispatch`` of rows inserted already marked handed out (``outbox_enqueue_many(handed_out=…)``):
    the tasks only."""
    from coordination.tasks import send_outbox_messages

    for start in range(0, len(message_ids), SEND_CHUNK):
        send_outbox_messages.delay(list(message_ids[start:start + SEND_CHUNK]))
