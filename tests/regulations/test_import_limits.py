"""A regulation import (docx, txt or pasted) is read and parsed by a background job with a progress page,
refused past ``IMPORT_MAX_ROWS`` lines before it is parsed, and a docx whose archive would expand too far is
refused in the request before anything opens it (issue #10, finding 2). Nothing is saved until the officer
confirms the preview."""

import json
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.models import GeneratedReport
from coordination.services import report_render, report_request
from regulations.imports import KIND, import_outcome
from regulations.models import Regulation
from regulations.parsing import parse_regulation
from tests.coordination.test_uploads import zip_bomb
from tests.regulations.factories import sample_text
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


def _upload(text: str = "", name: str = "quy-che.txt"):
    return SimpleUploadedFile(name, (text or sample_text()).encode())


@covers("regulations:import")
@pytest.mark.parametrize("as_file", [True, False])
def test_a_text_past_the_line_limit_is_refused_at_once(
    login, province, staff_a, settings, preview_import, as_file
):
    settings.IMPORT_MAX_ROWS = 2000
    text = "\n".join(f"Điều {n}. Nội dung điều {n}" for n in range(1, 2002))
    data = {"unit": province.unit.pk, "action": "preview"}
    data.update({"file": _upload(text)} if as_file else {"text": text})
    started = time.monotonic()
    page = preview_import(login(staff_a), data).content.decode()
    assert time.monotonic() - started < 10
    assert "Nội dung quy chế: văn bản có hơn 2000 dòng" in page and not Regulation.objects.exists()


def test_a_docx_bomb_is_refused_before_parsing(login, province, staff_a):
    bomb = SimpleUploadedFile("quy-che.docx", zip_bomb(member="word/document.xml", size=20 * 1024 * 1024))
    page = login(staff_a).post(
        reverse("regulations:import"), {"unit": province.unit.pk, "file": bomb, "action": "preview"}
    )
    assert "nén quá mức" in page.content.decode()
    assert (
        not Regulation.objects.exists() and not GeneratedReport.objects.exists()
    )  # refused in the request, no job


@covers("regulations:import_preview")
def test_the_officer_sees_the_progress_then_the_preview_and_nothing_is_saved(login, province, staff_a):
    client = login(staff_a)
    # No commit in this test's transaction: the job stays queued, as it is until a worker takes it.
    response = client.post(
        reverse("regulations:import"), {"unit": province.unit.pk, "file": _upload(), "action": "preview"}
    )
    job = GeneratedReport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "regulations:import_preview", args=[job.pk]
    )
    assert (job.kind, job.status, job.requested_by) == (KIND, GeneratedReport.Status.QUEUED, staff_a)
    page = client.get(response.url).content.decode()
    assert (
        "Hệ thống đang đọc văn bản và dựng dàn ý" in page
        and "Tiến độ: 0%" in page
        and "Đọc văn bản quy chế quy-che.txt" in page
    )
    polled = client.get(response.url, headers={"HX-Request": "true"})
    assert 'id="import-progress"' in polled.content.decode() and "<html" not in polled.content.decode()

    report_render(report_id=job.pk)  # what the worker does
    polled = client.get(response.url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"  # htmx reloads the page, which is now the preview
    page = client.get(response.url).content.decode()
    assert "Điều 5. Chuẩn bị và tổ chức kỳ họp" in page and "101 dòng có chữ: 101 đã đặt vào dàn ý" in page
    assert not Regulation.objects.exists()
    assert not default_storage.exists(
        GeneratedReport.objects.get().params["path"]
    )  # the stored upload is gone once read


def test_a_second_click_while_the_text_is_read_gets_the_same_job(login, province, staff_a):
    client = login(staff_a)
    first = client.post(
        reverse("regulations:import"), {"unit": province.unit.pk, "file": _upload(), "action": "preview"}
    )
    again = client.post(
        reverse("regulations:import"), {"unit": province.unit.pk, "file": _upload(), "action": "preview"}
    )
    assert again.url == first.url and GeneratedReport.objects.count() == 1
    other = client.post(
        reverse("regulations:import"), {"unit": province.unit.pk, "text": "Điều 1. Khác", "action": "preview"}
    )
    assert other.url != first.url and GeneratedReport.objects.count() == 2
    report_render(report_id=GeneratedReport.objects.get(pk=first.url.rstrip("/").rsplit("/", 1)[1]).pk)
    # Once the first has finished, the same file is a new import again (the officer may have changed the
    # parser's input).
    assert client.post(
        reverse("regulations:import"), {"unit": province.unit.pk, "file": _upload(), "action": "preview"}
    ).url not in (first.url, other.url)


def test_the_job_page_is_its_requesters_only(
    login, province, staff_a, staff_b, viewer, outsider, preview_import
):
    page = preview_import(
        login(staff_a), {"unit": province.unit.pk, "text": sample_text(), "action": "preview"}
    )
    url = page.wsgi_request.path
    assert login(staff_b).get(url).status_code == 404  # another officer of the unit
    assert login(outsider).get(url).status_code == 404  # an officer of another province
    assert login(viewer).get(url).status_code == 403  # who may not import at all
    pdf_job = report_request(kind="regulation_pdf", title="Quy chế", params={}, by=staff_a)
    assert login(staff_a).get(reverse("regulations:import_preview", args=[pdf_job.pk])).status_code == 404


def test_saving_a_changed_text_reads_it_again_first(login, province, staff_a, preview_import, committed):
    client = login(staff_a)
    page = preview_import(client, {"unit": province.unit.pk, "text": sample_text(), "action": "preview"})
    changed = sample_text().replace("Điều 17.", "Điều 17. (đã sửa)", 1)
    with committed():
        response = client.post(
            page.wsgi_request.path, {"unit": province.unit.pk, "text": changed, "action": "save"}
        )
    assert response.status_code == 302 and response.url != page.wsgi_request.path
    assert not Regulation.objects.exists() and GeneratedReport.objects.count() == 2
    assert "Điều 17. (đã sửa)" in client.get(response.url).content.decode()


def test_a_job_that_failed_says_so(login, province, staff_a):
    client = login(staff_a)
    response = client.post(
        reverse("regulations:import"), {"unit": province.unit.pk, "text": sample_text(), "action": "preview"}
    )
    GeneratedReport.objects.update(status=GeneratedReport.Status.FAILED, error="OSError: disk")
    page = client.get(response.url).content.decode()
    assert (
        "Không đọc được văn bản do lỗi của hệ thống" in page
        and "hx-get" not in page.split('id="import-progress"')[1]
    )


def test_the_outcome_keeps_the_whole_outline(province, staff_a, committed):
    from regulations.imports import regulation_import_queue

    with committed():
        job = regulation_import_queue(
            unit=province.unit, number="", content=sample_text().encode(), by=staff_a
        )
    job.refresh_from_db()
    assert json.loads(job.file.read())["text"] == sample_text()
    assert import_outcome(job)["parsed"] == parse_regulation(sample_text())
