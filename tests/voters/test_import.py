"""Excel import of a meeting's opinions: every row checked, nothing saved unless the user says so."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.url_coverage import covers
from voters.imports import COLUMNS, DATA_SHEET, EXAMPLE, INSTRUCTIONS_SHEET
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
def test_the_template_has_an_empty_opinion_sheet_and_its_example_on_the_instructions_sheet(login, staff_a):
    response = login(staff_a).get(reverse("voters:opinion_template"))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [DATA_SHEET, INSTRUCTIONS_SHEET]
    assert list(book[DATA_SHEET].values) == [tuple(COLUMNS)]
    instructions = list(book[INSTRUCTIONS_SHEET].values)
    assert tuple(EXAMPLE) in instructions and "tối đa 5.000 ký tự" in instructions[2][0]


def _template(client, rows) -> SimpleUploadedFile:
    """The downloaded template, filled on its opinion sheet as a person would (instructions kept)."""
    book = load_workbook(BytesIO(client.get(reverse("voters:opinion_template")).content))
    for row in rows:
        book[DATA_SHEET].append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("y-kien.xlsx", buffer.getvalue())


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

    def test_a_filled_template_imports_the_opinions_and_never_its_example(
        self, login, front_staff, two_meetings
    ):
        client = login(front_staff)
        copied = [1, " đề nghị sửa chữa đường liên xã bị xuống cấp ", "Ông Nguyễn Văn A, thôn 3", "có"]
        response = client.post(self.url(two_meetings[0]), {"file": _template(client, [copied, GOOD])})
        html = response.content.decode()
        assert "Đã nhập 1 ý kiến" in html
        assert "Dòng 2: bỏ qua dòng ví dụ của tệp mẫu (không phải ý kiến cử tri)." in html
        assert list(Opinion.objects.values_list("content", flat=True)) == ["Đề nghị sửa đường"]

    def test_the_template_as_downloaded_saves_nothing_and_says_so(self, login, front_staff, two_meetings):
        client = login(front_staff)
        html = client.post(self.url(two_meetings[0]), {"file": _template(client, [])}).content.decode()
        assert "Tệp không có dòng ý kiến nào dưới dòng tiêu đề: không có gì để nhập." in html
        assert "Chưa lưu gì." in html and "Có 0 dòng" not in html
        assert not Opinion.objects.exists()

    def test_a_file_of_only_the_example_row_saves_nothing_even_when_told_to_import_valid_rows(
        self, login, front_staff, two_meetings
    ):
        response = login(front_staff).post(
            self.url(two_meetings[0]), {"file": workbook([EXAMPLE]), "import_valid": "on"}
        )
        html = response.content.decode()
        assert "Tệp chỉ có dòng ví dụ của tệp mẫu: không có ý kiến nào để nhập." in html
        assert "Dòng 2: bỏ qua dòng ví dụ" in html and "Chưa lưu gì." in html
        assert not Opinion.objects.exists()

    def test_a_file_of_only_the_instructions_sheet_is_explained(self, login, front_staff, two_meetings):
        book = Workbook()
        book.active.title = INSTRUCTIONS_SHEET
        book.active.append(COLUMNS)
        book.active.append(EXAMPLE)
        buffer = BytesIO()
        book.save(buffer)
        upload = SimpleUploadedFile("y-kien.xlsx", buffer.getvalue())
        html = login(front_staff).post(self.url(two_meetings[0]), {"file": upload}).content.decode()
        assert "Tệp chỉ có trang «Hướng dẫn»: hãy ghi ý kiến vào trang «Y kien cu tri» của tệp mẫu." in html
        assert not Opinion.objects.exists()

    def test_an_over_long_opinion_is_refused_with_its_length_and_the_limit(
        self, login, front_staff, two_meetings
    ):
        response = login(front_staff).post(
            self.url(two_meetings[0]), {"file": workbook([[1, "x" * 5001, "", "không"]])}
        )
        assert (
            "Dòng 2, cột B (Nội dung ý kiến, kiến nghị): dài 5.001 ký tự, quá giới hạn 5.000 ký tự."
            in response.content.decode()
        )
        assert not Opinion.objects.exists()
