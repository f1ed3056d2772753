"""Excel import of a meeting's opinions: every row checked, nothing saved unless the user says so."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.url_coverage import covers
from voters.imports import COLUMNS
from voters.models import Opinion

pytestmark = pytest.mark.django_db


def workbook(rows, header=COLUMNS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("y-kien.xlsx", buffer.getvalue())


GOOD = [1, "Đề nghị sửa đường", "Ông A", "không"]
EMPTY_CONTENT = [2, "", "Bà B", "có"]
BAD_ANSWER = [3, "Đề nghị xây trường", "", "có lẽ"]


@covers("voters:opinion_template")
def test_the_template_workbook_downloads_with_the_expected_columns(login, staff_a):
    response = login(staff_a).get(reverse("voters:opinion_template"))
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0] == tuple(COLUMNS)


def test_the_template_needs_a_login(client):
    assert client.get(reverse("voters:opinion_template")).status_code == 302


@covers("voters:opinion_import")
class TestImport:
    def url(self, meeting):
        return reverse("voters:opinion_import", args=[meeting.pk])

    def test_a_clean_file_is_imported(self, login, front_staff, two_meetings):
        response = login(front_staff).post(
            self.url(two_meetings[0]), {"file": workbook([GOOD, [2, "Xây trường", "", "có"]])}
        )
        assert "Đã nhập 2 ý kiến" in response.content.decode()
        assert list(Opinion.objects.values_list("content", "answered_on_spot")) == [
            ("Đề nghị sửa đường", False),
            ("Xây trường", True),
        ]

    def test_errors_are_reported_by_row_and_column_and_nothing_is_saved(
        self, login, front_staff, two_meetings
    ):
        response = login(front_staff).post(
            self.url(two_meetings[0]), {"file": workbook([GOOD, EMPTY_CONTENT, BAD_ANSWER])}
        )
        html = response.content.decode()
        assert "Dòng 3, cột B (Nội dung ý kiến, kiến nghị): không được để trống." in html
        assert "Dòng 4, cột D" in html and "có lẽ" in html
        assert "Chưa lưu gì" in html
        assert not Opinion.objects.exists()

    def test_the_user_may_choose_to_import_the_valid_rows_and_sees_what_was_skipped(
        self, login, front_staff, two_meetings
    ):
        response = login(front_staff).post(self.url(two_meetings[0]), {
            "file": workbook([GOOD, EMPTY_CONTENT, BAD_ANSWER]), "import_valid": "on"})
        html = response.content.decode()
        assert "Đã nhập 1 dòng hợp lệ; các dòng lỗi trên đã bị bỏ qua." in html
        assert "Dòng 3, cột B" in html and "Dòng 4, cột D" in html
        assert list(Opinion.objects.values_list("content", flat=True)) == ["Đề nghị sửa đường"]

    def test_a_wrong_header_or_not_an_excel_file_is_explained(self, login, front_staff, two_meetings):
        client = login(front_staff)
        html = client.post(
            self.url(two_meetings[0]), {"file": workbook([GOOD], header=["a", "b"])}
        ).content.decode()
        assert "Dòng 1: tiêu đề cột B" in html
        html = client.post(
            self.url(two_meetings[0]), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")}
        ).content.decode()
        assert "Không đọc được tệp" in html
        html = client.post(
            self.url(two_meetings[0]), {"file": SimpleUploadedFile("x.csv", b"a,b")}
        ).content.decode()
        assert "Tệp phải có đuôi .xlsx" in html
        assert not Opinion.objects.exists()

    def test_only_compilers_import(self, login, agency_officer, outsider, two_meetings):
        assert login(agency_officer).get(self.url(two_meetings[0])).status_code == 403
        assert login(outsider).get(self.url(two_meetings[0])).status_code == 404
