"""Import bombs and large files (issue #10, finding 2).

A 7.2 MB workbook of 1,000,000 valid rows ran for more than 8 minutes holding SQLite's write lock; a 307 KB
workbook with a 300 MB shared-strings part grew a worker by 460 MB. Now: rows per file are limited, every zip
member's size and ratio is checked before parsing, and a large file is read by a task in short transactions,
with a progress page.
"""

import re
import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coordination.models import GeneratedReport
from tests.coordination.test_uploads import zip_bomb
from tests.url_coverage import covers
from tests.voters.test_import import GOOD, workbook
from voters.imports import COLUMNS, EXAMPLE
from voters.models import Opinion

pytestmark = pytest.mark.django_db


def _url(meeting):
    return reverse("voters:opinion_import", args=[meeting.pk])


def _rows(n, *, dimension=True, example=False) -> SimpleUploadedFile:
    """``n`` valid rows (after the template's example row when ``example``); ``dimension=False`` drops the
    sheet's <dimension> element, as other writers do."""
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    if example:
        sheet.append(EXAMPLE)
    for i in range(n):
        sheet.append([i + 1, f"Đề nghị số {i + 1}", "", "không"])
    buffer = BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    if not dimension:
        source, target = zipfile.ZipFile(BytesIO(content)), BytesIO()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    data = re.sub(rb"<dimension[^>]*/>", b"", data)
                out.writestr(item.filename, data)
        content = target.getvalue()
    return SimpleUploadedFile("y-kien.xlsx", content)


@covers("voters:opinion_import")
def test_a_file_over_the_row_limit_is_refused_at_once_and_saves_nothing(
    login, front_staff, two_meetings, settings
):
    settings.IMPORT_MAX_ROWS = 1000
    started = time.monotonic()
    response = login(front_staff).post(_url(two_meetings[0]), {"file": _rows(1001), "import_valid": "on"})
    assert time.monotonic() - started < 10
    assert "Tệp có hơn 1.000 dòng dữ liệu: mỗi tệp nhập tối đa 1.000 dòng" in response.content.decode()
    assert not Opinion.objects.exists() and not GeneratedReport.objects.exists()


def test_a_sheet_that_hides_its_size_is_stopped_at_the_limit(
    login, front_staff, two_meetings, settings, committed
):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_INLINE_ROWS = 300, 100
    with committed():
        response = login(front_staff).post(
            _url(two_meetings[0]), {"file": _rows(301, dimension=False), "import_valid": "on"}
        )
    report = GeneratedReport.objects.get()
    assert response.url == report.get_absolute_url() and report.status == GeneratedReport.Status.DONE
    outcome = [row[0] for row in load_workbook(BytesIO(report.file.read())).active.values]
    assert outcome[1].startswith("Chưa lưu gì") and "tối đa 300 dòng" in outcome[2]
    assert not Opinion.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_parsed(login, front_staff, two_meetings):
    bomb = SimpleUploadedFile("y-kien.xlsx", zip_bomb(size=20 * 1024 * 1024))
    response = login(front_staff).post(_url(two_meetings[0]), {"file": bomb})
    assert response.status_code in (200, 400)
    assert "nén quá mức" in response.content.decode() and "xl/sharedStrings.xml" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_large_file_is_read_in_the_background_in_short_batches(
    login, front_staff, two_meetings, settings, committed
):
    settings.IMPORT_INLINE_ROWS, settings.IMPORT_BATCH_ROWS = 100, 50
    client = login(front_staff)
    with committed():
        response = client.post(_url(two_meetings[0]), {"file": _rows(230, example=True)})
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.kind == "voters_opinion_import" and report.requested_by == front_staff
    assert (report.status, report.progress, report.params["done_line"]) == (
        GeneratedReport.Status.DONE,
        100,
        232,
    )
    assert Opinion.objects.filter(meeting=two_meetings[0]).count() == 230
    assert not Opinion.objects.filter(content=EXAMPLE[1]).exists()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Tải tài liệu về máy" in page
    outcome = load_workbook(
        BytesIO(client.get(reverse("report_download", args=[report.pk])).getvalue())
    ).active
    summary, note = (row[0] for row in outcome.iter_rows(min_row=2, values_only=True))
    assert "Đã nhập 230 ý kiến" in summary and note.startswith("Dòng 2: bỏ qua dòng ví dụ")
    from django.core.files.storage import default_storage

    assert not default_storage.exists(report.params["path"])  # the stored upload is gone once read


def test_a_restarted_import_goes_on_from_the_last_saved_batch(front_staff, two_meetings, settings):
    """A worker killed mid-file: the report is handed out again and saves only what the first run did not."""
    from django.core.files.storage import default_storage

    from coordination.services import report_request
    from voters.imports import opinions_import_batched

    settings.IMPORT_BATCH_ROWS = 40
    path = default_storage.save("imports/test.xlsx", _rows(100))
    report = report_request(kind="voters_opinion_import", title="Nhập", by=front_staff,
                            params={"meeting_id": two_meetings[0].pk, "path": path, "filename": "y-kien.xlsx",
                                    "import_valid": False, "done_line": 41})  # the first 40 rows were saved
    from voters import services

    services.opinions_import(
        meeting=two_meetings[0],
        rows=[
            services.ImportRow(line=n, content=f"Đề nghị số {n - 1}", raised_by="", answered_on_spot=False)
            for n in range(2, 42)
        ],
    )
    opinions_import_batched(report=report, progress=lambda p: None)
    contents = list(Opinion.objects.filter(meeting=two_meetings[0]).values_list("content", flat=True))
    assert len(contents) == 100 and len(set(contents)) == 100


def test_a_small_clean_file_is_still_imported_in_the_request(login, front_staff, two_meetings):
    response = login(front_staff).post(_url(two_meetings[0]), {"file": workbook([GOOD])})
    assert (
        response.status_code == 200 and Opinion.objects.count() == 1 and not GeneratedReport.objects.exists()
    )
