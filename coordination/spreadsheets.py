"""Excel export of any list: header row in Vietnamese, dates as dates, streamed in write-only mode.

Text is never a formula (OWASP, CSV/formula injection): a value that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return — a letter's summary ``=HYPERLINK("http://…","click")`` — is written as a text cell
with Excel's quote prefix, so no spreadsheet evaluates it, not even after the cell is edited; numbers and
dates stay typed cells.
"""

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import IO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.workbook.child import INVALID_TITLE_REGEX

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SHEET_MAX_ROWS = 1_048_575  # Excel's rows per sheet, less the header


def _cell_value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def _cell(sheet, value) -> WriteOnlyCell:
    value = _cell_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # openpyxl took it for a formula
        cell.quotePrefix = True
    return cell


def workbook_bytes(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], figures: Sequence[bool] = (),
    extra_sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]] = (),
) -> bytes:
    """``figures`` marks the columns of counts and measures: "#,##0", which Excel shows as 1.234 to a reader
    in Việt Nam (an identifier column, a petition's number, keeps the plain format); decimals are "#,##0.0".
    Past Excel's 1,048,576 rows a sheet, the rows go on in a next sheet under the same header ("… (2)").
    ``extra_sheets`` (title, headers, rows) follow the data, e.g. an import template's instructions."""
    buffer = BytesIO()
    _write_workbook(buffer, title, headers, rows, figures, extra_sheets)
    return buffer.getvalue()


def workbook_file(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], figures: Sequence[bool] = ()
) -> IO[bytes]:
    """``workbook_bytes`` written to a temporary file (deleted when closed), rewound: a background export of
    any size holds one row at a time, the file is copied to storage in chunks (``django.core.files.File``)."""
    spooled = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open, closed by the caller
    try:
        _write_workbook(spooled, title, headers, rows, figures, ())
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled


def _write_workbook(target, title, headers, rows, figures, extra_sheets) -> None:
    workbook = Workbook(write_only=True)
    _append_rows(workbook, title, headers, rows, figures)
    for extra_title, extra_headers, extra_rows in extra_sheets:
        _append_rows(workbook, extra_title, extra_headers, extra_rows, ())
    workbook.save(target)


def _append_rows(workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                 figures: Sequence[bool]) -> None:
    sheet, sheet_rows, sheets = None, SHEET_MAX_ROWS, 0
    for row in rows:
        if sheet_rows == SHEET_MAX_ROWS:
            sheets += 1
            sheet = _sheet_with_header(
                workbook, title if sheets == 1 else f"{title[:25]} ({sheets})", headers
            )
            sheet_rows = 0
        sheet.append(_row_cells(sheet, row, figures))
        sheet_rows += 1
    if sheet is None:
        _sheet_with_header(workbook, title, headers)


def _sheet_with_header(workbook, title: str, headers: Sequence[str]):
    # A sheet's name is at most 31 characters, none of : \ / ? * [ ] (a list's title may have them).
    sheet = workbook.create_sheet(title=INVALID_TITLE_REGEX.sub(" ", title)[:31].strip() or "Sheet1")
    header_cells = []
    for header in headers:
        cell = _cell(sheet, str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    return sheet


def _row_cells(sheet, row: Sequence, figures: Sequence[bool]) -> list[WriteOnlyCell]:
    cells = []
    for index, value in enumerate(row):
        cell = _cell(sheet, value)
        if isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int) and index < len(figures) and figures[index]:
            cell.number_format = "#,##0"
        elif isinstance(value, float):
            cell.number_format = "#,##0.0"
        cells.append(cell)
    return cells


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  figures: Sequence[bool] = ()) -> HttpResponse:
    response = HttpResponse(workbook_bytes(title, headers, rows, figures), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
