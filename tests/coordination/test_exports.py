"""Excel files of lists are made in the background, whatever their size (issue: exports were built inside the
request, up to two thirds of gunicorn's timeout, and cut silently at 100,000 rows)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination import spreadsheets
from coordination.models import GeneratedReport

pytestmark = pytest.mark.django_db


def test_the_excel_button_goes_at_once_to_the_files_progress_page(
    login, staff_a, province, django_capture_on_commit_callbacks
):
    client = login(staff_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(reverse("bodies"), {"kind": "agency", "format": "xlsx"})
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert (
        len(queued) == 1
    )  # the file is made by the worker after the click's transaction, not in the request
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Các cơ quan (Excel)" in page and "Hệ thống đang tạo tài liệu" in page and "Tiến độ: 0%" in page


def test_the_finished_file_holds_every_row_of_the_filtered_list_and_its_title_says_how_many(
        login, staff_a, province, django_capture_on_commit_callbacks):
    client = login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("bodies"), {"kind": "agency", "format": "xlsx"})
    report = GeneratedReport.objects.get()
    assert report.status == GeneratedReport.Status.DONE and report.title == "Các cơ quan: 2 dòng (Excel)"
    assert report.filename == "cac-co-quan.xlsx"
    rows = list(load_workbook(BytesIO(report.file.read())).active.values)
    assert rows[0][0] == "Tên cơ quan"
    assert sorted(r[0] for r in rows[1:]) == sorted([province.agency.name, province.other_agency.name])
    assert client.get(report.get_absolute_url()).content.decode().count("2 dòng") >= 1


def test_rows_past_a_sheets_capacity_go_on_in_a_next_sheet_under_the_same_header(monkeypatch):
    monkeypatch.setattr(spreadsheets, "SHEET_MAX_ROWS", 2)  # Excel's 1,048,575 would take a minute to fill
    content = spreadsheets.workbook_bytes(
        "Kiến nghị", ["Số", "Nội dung"], [[n, f"Kiến nghị {n}"] for n in range(1, 6)]
    )
    workbook = load_workbook(BytesIO(content))
    assert workbook.sheetnames == ["Kiến nghị", "Kiến nghị (2)", "Kiến nghị (3)"]
    assert [list(sheet.values) for sheet in workbook] == [
        [("Số", "Nội dung"), (1, "Kiến nghị 1"), (2, "Kiến nghị 2")],
        [("Số", "Nội dung"), (3, "Kiến nghị 3"), (4, "Kiến nghị 4")],
        [("Số", "Nội dung"), (5, "Kiến nghị 5")],
    ]


def test_an_empty_list_still_gives_a_file_with_its_header():
    workbook = load_workbook(BytesIO(spreadsheets.workbook_bytes("Trống", ["Số"], [])))
    assert [list(sheet.values) for sheet in workbook] == [[("Số",)]]


def test_a_print_view_cut_at_its_limit_says_so_on_the_page(login, staff_a, province, monkeypatch):
    from coordination import listing

    monkeypatch.setattr(listing, "PRINT_ROW_LIMIT", 1)  # 2,000 rows would be slow to build here
    page = login(staff_a).get(reverse("bodies"), {"kind": "agency", "format": "print"}).content.decode()
    assert "Bản in có 1 dòng đầu trong tổng số 2 dòng" in page
    monkeypatch.setattr(listing, "PRINT_ROW_LIMIT", 2)
    page = login(staff_a).get(reverse("bodies"), {"kind": "agency", "format": "print"}).content.decode()
    assert "dòng đầu trong tổng số" not in page
