"""On PostgreSQL + Redis a real Celery worker reads an imported regulation text: the officer's page shows the
progress, then the preview; nothing is saved until they confirm (the embedded default runs the job eagerly,
tests/regulations/test_import_limits.py)."""

import os

import pytest
from django.urls import reverse

from coordination.models import GeneratedReport
from regulations.models import Regulation
from tests.coordination.chaos import SmtpServer, Stack, wait_until
from tests.regulations.factories import sample_text

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),  # committed rows the worker can see
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: a real worker cannot share SQLite's in-memory "
               "test database",
    ),
]


def test_a_real_worker_reads_the_import_and_the_preview_follows(tmp_path, settings, login, province, staff_a):
    smtp = SmtpServer()
    smtp.start()
    # The worker takes tasks from the broker this process sends to, and reads the upload where this process
    # stored it.
    stack = Stack(tmp_path, smtp, REDIS_URL=settings.CELERY_BROKER_URL, MEDIA_ROOT=settings.MEDIA_ROOT)
    try:
        stack.start_worker()
        client = login(staff_a)
        response = client.post(
            reverse("regulations:import"),
            {"unit": province.unit.pk, "text": sample_text(), "action": "preview"},
        )
        assert response.status_code == 302
        wait_until(
            lambda: GeneratedReport.objects.get().status == GeneratedReport.Status.DONE, 120, stack.logs()
        )
        assert client.get(response.url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
        page = client.get(response.url).content.decode()
        assert (
            "Điều 5. Chuẩn bị và tổ chức kỳ họp" in page and "101 dòng có chữ: 101 đã đặt vào dàn ý" in page
        )
        assert not Regulation.objects.exists()
        saved = client.post(response.url, {"unit": province.unit.pk, "text": sample_text(), "action": "save"})
        assert saved.status_code == 302 and Regulation.objects.get().articles.count() == 17
    finally:
        stack.stop_all()
        smtp.stop()
