import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coordination.models import GeneratedReport, OutboxMessage
from coordination.reports import PDF, RenderedFile, register_report
from coordination.services import (
    outbox_enqueue,
    outbox_message_id,
    outbox_send,
    report_request,
    reports_redispatch,
)
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


@register_report("test_echo")
def _render_echo(report, progress):
    progress(50)
    if report.params.get("fail"):
        raise RuntimeError("hỏng")
    return RenderedFile("echo.pdf", b"%PDF-1.7 " + report.params["text"].encode(), PDF)


@covers("report_detail", "report_status", "report_download")
class TestGeneratedReports:
    def test_the_requester_follows_progress_and_downloads(self, login, staff_a, committed):
        with committed():
            report = report_request(
                kind="test_echo", title="Báo cáo thử", params={"text": "xin chào"}, by=staff_a
            )
        report.refresh_from_db()
        assert (report.status, report.progress) == (GeneratedReport.Status.DONE, 100)
        client = login(staff_a)
        assert (
            "Tải tài liệu về máy" in client.get(reverse("report_detail", args=[report.pk])).content.decode()
        )
        assert "Đã xong" in client.get(reverse("report_status", args=[report.pk])).content.decode()
        response = client.get(reverse("report_download", args=[report.pk]))
        assert b"".join(response.streaming_content) == "%PDF-1.7 xin chào".encode()
        assert response["Content-Type"] == PDF

    def test_nobody_else_knows_the_report_exists(self, login, staff_a, staff_b):
        report = report_request(kind="test_echo", title="Báo cáo thử", params={"text": "x"}, by=staff_a)
        client = login(staff_b)
        for name in ("report_detail", "report_status", "report_download"):
            assert client.get(reverse(name, args=[report.pk])).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, staff_a):
        report = report_request(kind="test_echo", title="Báo cáo thử", params={"text": "x"}, by=staff_a)
        assert client.get(reverse("report_download", args=[report.pk])).status_code == 302

    def test_a_failed_render_is_shown_as_failed_not_a_500(self, login, staff_a, committed):
        with committed():
            report = report_request(kind="test_echo", title="Báo cáo lỗi", params={"fail": True}, by=staff_a)
        report.refresh_from_db()
        assert report.status == GeneratedReport.Status.FAILED
        assert "RuntimeError" in report.error
        page = login(staff_a).get(reverse("report_detail", args=[report.pk]))
        assert "Không tạo được tài liệu" in page.content.decode()
        assert login(staff_a).get(reverse("report_download", args=[report.pk])).status_code == 404

    def test_a_queued_and_a_running_report_show_a_progress_bar(self, login, staff_a):
        queued = report_request(kind="test_echo", title="Báo cáo chờ", params={"text": "x"}, by=staff_a)
        running = report_request(kind="test_echo", title="Báo cáo đang tạo", params={"text": "y"}, by=staff_a)
        GeneratedReport.objects.filter(pk=running.pk).update(
            status=GeneratedReport.Status.RUNNING, progress=40
        )
        client = login(staff_a)
        for report, percent in ((queued, 0), (running, 40)):
            page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
            assert f'<progress id="report-progress" class="progress" max="100" value="{percent}">' in page
            assert f"Tiến độ: {percent}%" in page
            assert "Tải tài liệu về máy" not in page
            # The page keeps polling its status fragment until the report is done.
            assert f'hx-get="{reverse("report_status", args=[report.pk])}"' in page

    def test_a_second_click_gets_the_job_already_queued_and_a_later_one_a_new_job(
        self, login, staff_a, staff_b, committed
    ):
        first = report_request(kind="test_echo", title="Báo cáo", params={"text": "x"}, by=staff_a)
        assert report_request(kind="test_echo", title="Báo cáo", params={"text": "x"}, by=staff_a) == first
        # Another person, or other parameters, is another job.
        assert report_request(kind="test_echo", title="Báo cáo", params={"text": "x"}, by=staff_b) != first
        assert report_request(kind="test_echo", title="Báo cáo", params={"text": "z"}, by=staff_a) != first
        GeneratedReport.objects.filter(pk=first.pk).update(status=GeneratedReport.Status.DONE)
        with committed():  # once the first is made, asking again makes it again (the data may have changed)
            again = report_request(kind="test_echo", title="Báo cáo", params={"text": "x"}, by=staff_a)
        assert again != first
        assert GeneratedReport.objects.get(pk=again.pk).status == GeneratedReport.Status.DONE

    def test_an_unknown_kind_is_refused(self, staff_a):
        with pytest.raises(ValueError):
            report_request(kind="nope", title="x", params={}, by=staff_a)
        assert not GeneratedReport.objects.exists()


class TestStuckReports:
    """A report whose task the broker lost stays queued, one whose worker died stays running: the flush
    renders them."""

    def stuck(self, staff_a, *, status, attempts=0, minutes_ago=20, text="lại"):
        report = report_request(
            kind="test_echo", title="Báo cáo treo", params={"text": text}, by=staff_a
        )  # never dispatched
        long_ago = timezone.now() - timedelta(minutes=minutes_ago)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=status, attempts=attempts, created_at=long_ago,
            claimed_at=long_ago if status == GeneratedReport.Status.RUNNING else None,
            progress=30 if status == GeneratedReport.Status.RUNNING else 0,
        )
        return report

    def test_a_report_whose_task_was_lost_is_rendered_by_the_flush(self, staff_a):
        report = self.stuck(staff_a, status=GeneratedReport.Status.QUEUED)
        assert reports_redispatch() == 1
        report.refresh_from_db()
        assert (report.status, report.progress, report.attempts) == (GeneratedReport.Status.DONE, 100, 1)
        assert report.file.read() == "%PDF-1.7 lại".encode()

    def test_a_report_whose_worker_died_is_rendered_again(self, staff_a):
        report = self.stuck(staff_a, status=GeneratedReport.Status.RUNNING, attempts=1)
        assert reports_redispatch() == 1
        report.refresh_from_db()
        assert (report.status, report.attempts) == (GeneratedReport.Status.DONE, 2)
        assert reports_redispatch() == 0  # done: nothing to do the second time

    def test_a_report_still_being_rendered_or_just_queued_is_left_alone(self, staff_a):
        running = self.stuck(staff_a, status=GeneratedReport.Status.RUNNING, attempts=1, minutes_ago=5)
        queued = self.stuck(staff_a, status=GeneratedReport.Status.QUEUED, minutes_ago=5, text="khác")
        assert reports_redispatch() == 0
        assert GeneratedReport.objects.get(pk=running.pk).status == GeneratedReport.Status.RUNNING
        assert GeneratedReport.objects.get(pk=queued.pk).status == GeneratedReport.Status.QUEUED

    def test_a_report_that_kills_its_worker_every_time_fails_instead_of_looping(self, login, staff_a):
        report = self.stuck(staff_a, status=GeneratedReport.Status.RUNNING, attempts=3)
        assert reports_redispatch() == 0
        report.refresh_from_db()
        assert report.status == GeneratedReport.Status.FAILED
        assert "dừng đột ngột 3 lần" in report.error
        assert (
            "Không tạo được tài liệu"
            in login(staff_a).get(reverse("report_detail", args=[report.pk])).content.decode()
        )

    def test_the_flush_command_renders_stuck_reports(self, staff_a, capsys):
        report = self.stuck(staff_a, status=GeneratedReport.Status.QUEUED)
        call_command("flush_outbox")
        assert "Đã đưa lại 1 tài liệu vào hàng đợi tạo." in capsys.readouterr().out
        assert GeneratedReport.objects.get(pk=report.pk).status == GeneratedReport.Status.DONE


class TestOutbox:
    def test_the_same_key_is_recorded_and_sent_once(self, staff_a, committed):
        with committed():
            for _ in range(3):
                outbox_enqueue(
                    key="reminder:1:7",
                    kind="reminder",
                    to_email="a@example.vn",
                    subject="Nhắc việc",
                    body_text="Nội dung",
                    body_html="<p>Nội dung</p>",
                    recipient=staff_a,
                )
        assert OutboxMessage.objects.count() == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].extra_headers["Message-ID"] == "<reminder=3A1=3A7@phoihop>"
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.SENT
        assert outbox_send(message_id=message.pk) is False
        assert len(mail.outbox) == 1

    def test_keys_that_differ_only_in_punctuation_get_different_message_ids(self, committed):
        keys = ["reminder:1:17:d7@2026-05-20", "reminder:11:7:d7@2026-05-20", "reminder-1-17-d7-2026-05-20",
                "reminder:1:17:d7=402026-05-20", "digest:3:hồ sơ"]
        with committed():
            for key in keys:
                outbox_enqueue(
                    key=key, kind="reminder", to_email="a@example.vn", subject="Nhắc việc", body_text="b"
                )
        ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
        assert len(set(ids)) == len(keys)
        assert ids[0] == "<reminder=3A1=3A17=3Ad7=402026-05-20@phoihop>"
        assert ids[3] == "<reminder=3A1=3A17=3Ad7=3D402026-05-20@phoihop>"
        # A valid msg-id (RFC 5322 3.6.4): "<" dot-atom-text "@" domain ">", no spaces or specials on the
        # left.
        assert all(re.fullmatch(r"<[A-Za-z0-9=-]+@phoihop>", i) for i in ids)
        assert outbox_message_id(key=keys[0]) == ids[0]  # stable: the same key always gives the same id

    def test_a_failed_send_stays_pending_for_a_retry(self, settings, committed):
        settings.EMAIL_BACKEND = "tests.coordination.failing_mail.FailingBackend"
        with committed():
            message, _ = outbox_enqueue(
                key="k", kind="reminder", to_email="a@example.vn", subject="s", body_text="b"
            )
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.PENDING
        assert "SMTP" in message.last_error
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert (
            outbox_send(message_id=message.pk) is False
        )  # it waits its backoff (tests/coordination/test_outbox_retries.py)
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert outbox_send(message_id=message.pk) is True
        assert len(mail.outbox) == 1
