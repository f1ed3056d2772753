"""Retries by time: backoff with jitter, a 72-hour window, a server that is down costs no attempt, and what
the operator sees (log lines, an alert, the admin's filters and "Gửi lại"). In-process; the real worker, beat
and SMTP server are in test_exactly_once.py."""

import logging
import socket
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coordination.models import MailServerStatus, OutboxMessage
from coordination.services import (
    mail_server_is_down,
    outbox_enqueue,
    outbox_enqueue_many,
    outbox_flush,
    outbox_retry_delay,
    outbox_send,
    outbox_send_many,
)

pytestmark = pytest.mark.django_db

FAILING = "tests.coordination.failing_mail.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_down(settings):
    """The real SMTP backend aimed at a loopback port nobody listens on: every connection is refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return settings


def queue(n: int, prefix: str = "m") -> list[int]:
    outbox_enqueue_many(
        messages=[
            {
                "key": f"{prefix}:{i}",
                "kind": "reminder",
                "to_email": f"nguoi{i}@example.vn",
                "subject": f"Nhắc việc {i}",
                "body_text": "Nội dung",
            }
            for i in range(n)
        ]
    )
    return list(
        OutboxMessage.objects.filter(key__startswith=f"{prefix}:").order_by("pk").values_list("pk", flat=True)
    )


def later(seconds: float):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


class TestBackoff:
    def test_the_wait_doubles_up_to_the_cap_with_jitter(self, settings):
        settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 60, 3600
        for failures, ceiling in [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (40, 3600)]:
            waits = [outbox_retry_delay(failures=failures).total_seconds() for _ in range(50)]
            assert all(ceiling / 2 <= w <= ceiling for w in waits), (failures, waits)
            assert len(set(waits)) > 1  # jitter: retries of many messages do not arrive together

    def test_a_failed_message_waits_its_backoff_then_is_sent(self, settings):
        settings.EMAIL_BACKEND = FAILING
        message, _ = outbox_enqueue(
            key="k", kind="reminder", to_email="a@example.vn", subject="s", body_text="b"
        )
        assert outbox_send(message_id=message.pk) is False
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
        assert message.first_failed_at is not None and message.next_attempt_at > timezone.now()
        settings.EMAIL_BACKEND = LOCMEM
        assert outbox_send(message_id=message.pk) is False  # not due yet: nothing is tried
        assert outbox_flush() == 0
        with later(settings.OUTBOX_RETRY_BASE_SECONDS + 1):
            assert outbox_flush() == 1
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert len(mail.outbox) == 1

    def test_a_message_is_tried_for_72_hours_then_given_up_with_an_error_log_and_an_alert(
        self, settings, caplog, superuser
    ):
        settings.EMAIL_BACKEND, settings.ADMINS = FAILING, [("Quản trị", "quantri@example.vn")]
        message, _ = outbox_enqueue(
            key="k", kind="reminder", to_email="a@example.vn", subject="s", body_text="b"
        )
        start = timezone.now()
        elapsed, attempts = 0.0, 0
        with caplog.at_level(logging.WARNING, logger="coordination.services"):
            while True:
                with time_machine.travel(start + timedelta(seconds=elapsed), tick=False):
                    outbox_send(message_id=message.pk)
                message.refresh_from_db()
                attempts += 1
                if message.status != OutboxMessage.Status.PENDING:
                    break
                elapsed = (message.next_attempt_at - start).total_seconds()
        assert message.status == OutboxMessage.Status.FAILED
        assert elapsed >= 72 * 3600 - 3600  # the last try came after 71 hours or more of failures…
        assert 60 < attempts < 200  # …with backoff capped at an hour, not one try per sweep
        lines = [r for r in caplog.records if "Outbox message" in r.getMessage()]
        assert len(lines) == attempts and all(
            "SMTPException: SMTP server unavailable" in r.getMessage() for r in lines
        )
        assert lines[-1].levelno == logging.ERROR and "given up" in lines[-1].getMessage()
        settings.EMAIL_BACKEND = LOCMEM
        with time_machine.travel(start + timedelta(seconds=elapsed), tick=False):
            outbox_flush()
        assert (
            OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.FAILED
        )  # never retried by itself

    def test_the_flush_gives_up_what_kept_failing_past_the_window_and_alerts_the_administrators(
        self, settings, caplog
    ):
        settings.EMAIL_BACKEND, settings.ADMINS = LOCMEM, [("Quản trị", "quantri@example.vn")]
        ids = queue(3)
        long_ago = timezone.now() - timedelta(hours=73)
        OutboxMessage.objects.filter(pk__in=ids[:2]).update(
            first_failed_at=long_ago, next_attempt_at=timezone.now() + timedelta(hours=1)
        )
        with caplog.at_level(logging.ERROR, logger="coordination.services"):
            outbox_flush()
        statuses = dict(OutboxMessage.objects.filter(pk__in=ids).values_list("pk", "status"))
        assert [statuses[i] for i in ids] == ["failed", "failed", "sent"]
        alert = OutboxMessage.objects.get(kind="alert")
        assert alert.to_email == "quantri@example.vn" and alert.status == OutboxMessage.Status.SENT
        assert "2 thư không gửi được sau 72 giờ" in alert.subject
        assert "/admin/coordination/outboxmessage/" in alert.body_text and "/readyz" in alert.body_text
        assert any("given up" in r.getMessage() for r in caplog.records)
        assert any(
            r.levelno == logging.ERROR and "Mail alert (failed)" in r.getMessage() for r in caplog.records
        )


class TestServerDown:
    def test_a_refused_connection_costs_no_attempt_and_stops_the_batch(self, smtp_down, caplog):
        ids = queue(5)
        with caplog.at_level(logging.WARNING, logger="coordination.services"):
            assert outbox_send_many(message_ids=ids) == 0
        rows = list(OutboxMessage.objects.filter(pk__in=ids).values_list("status", "attempts", "claimed_at"))
        assert rows == [("pending", 0, None)] * 5
        status = MailServerStatus.objects.get()
        assert status.down_since is not None and status.failures == 1 and status.retry_at > timezone.now()
        assert "ConnectionRefusedError" in status.last_error
        assert any(
            "Mail server unavailable" in r.getMessage() and "ConnectionRefusedError" in r.getMessage()
            for r in caplog.records
        )
        # Every waiting message's retry window started with the outage.
        assert not OutboxMessage.objects.filter(pk__in=ids, first_failed_at__isnull=True).exists()

    def test_while_the_server_is_down_the_outbox_waits_with_growing_backoff_then_sends_everything(
        self, smtp_down
    ):
        ids = queue(4)
        outbox_send_many(message_ids=ids)
        assert outbox_flush() == 0  # waiting for the server: nothing handed out, no attempt spent
        waits = []
        for _ in range(4):
            status = MailServerStatus.objects.get()
            with time_machine.travel(status.retry_at + timedelta(seconds=1), tick=False):
                outbox_flush()  # eager: the flush's tasks try the server, which still refuses
            waits.append((MailServerStatus.objects.get().retry_at - status.retry_at).total_seconds())
        assert MailServerStatus.objects.get().failures == 5
        assert waits[-1] > waits[0]
        assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {0}
        smtp_down.EMAIL_BACKEND = LOCMEM  # the server is back
        with time_machine.travel(MailServerStatus.objects.get().retry_at + timedelta(seconds=1), tick=False):
            assert outbox_flush() == 4
        assert sorted(m.to[0] for m in mail.outbox) == sorted(f"nguoi{i}@example.vn" for i in range(4))
        assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("status", "attempts")) == {
            ("sent", 1)
        }
        assert MailServerStatus.objects.get().down_since is None

    def test_an_outage_longer_than_the_window_gives_the_messages_up(self, smtp_down):
        ids = queue(2)
        outbox_send_many(message_ids=ids)
        with later(smtp_down.OUTBOX_RETRY_WINDOW_SECONDS + 1):
            outbox_flush()
        assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"failed"}

    @pytest.mark.parametrize("error, down", [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (TimeoutError("timed out"), True),
        (socket.gaierror(-2, "Name or service not known"), True),
        (__import__("smtplib").SMTPServerDisconnected("Connection unexpectedly closed"), True),
        (__import__("smtplib").SMTPConnectError(421, b"busy"), True),
        (__import__("smtplib").SMTPAuthenticationError(535, b"bad login"), True),
        (__import__("smtplib").SMTPDataError(421, b"closing"), True),
        (__import__("smtplib").SMTPRecipientsRefused({"a@example.vn": (550, b"no such user")}), False),
        (__import__("smtplib").SMTPDataError(554, b"rejected"), False),
        (__import__("smtplib").SMTPException("SMTP server unavailable"), False),
        (UnicodeEncodeError("ascii", "đ", 0, 1, "no"), False),
    ])
    def test_it_tells_the_servers_errors_from_the_messages(self, error, down):
        assert mail_server_is_down(error) is down


class TestOperator:
    def test_long_waiting_and_failed_messages_are_listed_and_sent_again_from_the_admin(
        self, client, superuser, settings
    ):
        settings.EMAIL_BACKEND = LOCMEM
        ids = queue(4)
        OutboxMessage.objects.filter(pk=ids[0]).update(
            status="failed",
            attempts=70,
            last_error="SMTPException: hỏng",
            first_failed_at=timezone.now() - timedelta(hours=72),
        )
        OutboxMessage.objects.filter(pk=ids[1]).update(created_at=timezone.now() - timedelta(hours=2))
        OutboxMessage.objects.filter(pk=ids[2]).update(status="sent", sent_at=timezone.now())
        client.force_login(superuser)
        url = reverse("admin:coordination_outboxmessage_changelist")
        page = client.get(url, {"status__exact": "failed"}).content.decode()
        assert "Nhắc việc 0" in page and "Nhắc việc 1" not in page and "SMTPException: hỏng" in page
        page = client.get(url, {"waiting": "1h"}).content.decode()
        assert "Nhắc việc 1" in page and "Nhắc việc 3" not in page and "Chưa gửi sau 1 giờ" in page
        response = client.post(url, {"action": "retry", "_selected_action": ids[:3]}, follow=True)
        text = response.content.decode()
        assert "Đã đưa lại 2 thư vào hàng đợi gửi." in text
        assert "1 thư đã gửi hoặc đang gửi nên không gửi lại." in text
        rows = dict(OutboxMessage.objects.filter(pk__in=ids[:2]).values_list("pk", "attempts"))
        assert rows == {ids[0]: 0, ids[1]: 0}  # reset: a fresh 72-hour window
        assert OutboxMessage.objects.get(pk=ids[0]).status == OutboxMessage.Status.PENDING

    def test_the_retried_messages_are_sent_once_committed(self, client, superuser, settings, committed):
        settings.EMAIL_BACKEND = LOCMEM
        ids = queue(2)
        OutboxMessage.objects.filter(pk__in=ids).update(status="failed")
        client.force_login(superuser)
        with committed():
            client.post(
                reverse("admin:coordination_outboxmessage_changelist"),
                {"action": "retry", "_selected_action": ids},
            )
        assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"sent"}
        assert len(mail.outbox) == 2

    def test_a_backlog_older_than_an_hour_alerts_once_a_day(self, settings, smtp_down, caplog, superuser):
        ids = queue(3)
        outbox_send_many(message_ids=ids)  # the server refuses: they wait
        OutboxMessage.objects.filter(pk__in=ids).update(created_at=timezone.now() - timedelta(minutes=61))
        with caplog.at_level(logging.ERROR, logger="coordination.services"):
            outbox_flush()
            outbox_flush()
        alerts = list(OutboxMessage.objects.filter(kind="alert"))
        assert [a.to_email for a in alerts] == [superuser.email]  # no ADMINS: the active superusers
        assert "3 thư đang chờ gửi" in alerts[0].subject
        assert (
            "Máy chủ thư từ chối kết nối" in alerts[0].body_text
            and "ConnectionRefusedError" in alerts[0].body_text
        )
        assert len([r for r in caplog.records if "Mail alert (backlog)" in r.getMessage()]) == 1
