import pytest
from django.core import mail
from django.urls import reverse

from coordination.models import GeneratedReport, OutboxMessage
from coordination.reports import PDF, RenderedFile, register_report
from coordination.services import outbox_enqueue, outbox_send, report_request
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
            report = report_request(kind="test_echo", title="Báo cáo thử", params={"text": "xin chào"}, by=staff_a)
        report.refresh_from_db()
        assert (report.status, report.progress) == (GeneratedReport.Status.DONE, 100)
        client = login(staff_a)
        assert "Tải tài liệu về máy" in client.get(reverse("report_detail", args=[report.pk])).content.decode()
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

    def test_an_unknown_kind_is_refused(self, staff_a):
        with pytest.raises(ValueError):
            report_request(kind="nope", title="x", params={}, by=staff_a)
        assert not GeneratedReport.objects.exists()


class TestOutbox:
    def test_the_same_key_is_recorded_and_sent_once(self, staff_a, committed):
        with committed():
            for _ in range(3):
                outbox_enqueue(key="reminder:1:7", kind="reminder", to_email="a@example.vn", subject="Nhắc việc",
                               body_text="Nội dung", body_html="<p>Nội dung</p>", recipient=staff_a)
        assert OutboxMessage.objects.count() == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].extra_headers["Message-ID"] == "<reminder17@phoihop>"
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.SENT
        assert outbox_send(message_id=message.pk) is False
        assert len(mail.outbox) == 1

    def test_a_failed_send_stays_pending_for_a_retry(self, settings, committed):
        settings.EMAIL_BACKEND = "tests.coordination.failing_mail.FailingBackend"
        with committed():
            message, _ = outbox_enqueue(key="k", kind="reminder", to_email="a@example.vn", subject="s", body_text="b")
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.PENDING
        assert "SMTP" in message.last_error
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert outbox_send(message_id=message.pk) is True
        assert len(mail.outbox) == 1
