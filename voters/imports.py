"""Reading the communes' opinion spreadsheets: every row is checked, every error names row and column.

A file is refused before parsing when its archive would expand too far (coordination.uploads.archive_check) or
it holds more than ``IMPORT_MAX_ROWS`` rows. A file of up to ``IMPORT_INLINE_ROWS`` rows is read and saved in
the request (a fraction of a second); a larger one is stored and read by a background task with the progress
page of GeneratedReport, saving ``IMPORT_BATCH_ROWS`` rows per short transaction, so that no request and no
task holds the database's write lock for more than a moment. The task notes the last line saved in the
report's parameters with each batch: a worker restarted mid-file goes on from there and saves no row twice.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from zipfile import BadZipFile

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from coordination.documents import vn_number
from coordination.models import GeneratedReport
from coordination.services import report_request
from coordination.spreadsheets import workbook_bytes
from coordination.text import fold, to_nfc
from coordination.uploads import NotAnArchive, UnsafeArchive, archive_check
from voters.models import OPINION_MAX_CHARS
from voters.services import ImportRow, opinions_import

COLUMNS = ["STT", "Nội dung ý kiến, kiến nghị", "Cử tri nêu ý kiến", "Đã trả lời tại hội nghị (có/không)"]
YES, NO = {"co", "x", "1", "yes", "true", "da tra loi"}, {"", "khong", "0", "no", "false", "chua"}
# The template's sheets. Its example lives on the instructions sheet, which is never read; templates handed
# out before had it as row 2 of the data sheet, and a person may copy it there: a row with the example's
# content and voter (columns B and C) is skipped and reported, never imported.
DATA_SHEET, INSTRUCTIONS_SHEET = "Y kien cu tri", "Hướng dẫn"
EXAMPLE = [1, "Đề nghị sửa chữa đường liên xã bị xuống cấp", "Ông Nguyễn Văn A, thôn 3", "không"]


@dataclass
class ParsedSheet:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "Dòng 5, cột B (…): …"
    error_lines: set[int] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)  # "Dòng 2: bỏ qua dòng ví dụ …"
    imported: int = 0


def template_bytes() -> bytes:
    instructions = [
        [_("1. Ghi mỗi ý kiến, kiến nghị trên một dòng của trang «%(sheet)s», từ dòng 2; giữ nguyên dòng "
           "tiêu đề cột.") % {"sheet": DATA_SHEET}],
        [_("2. Cột B (%(column)s) không được để trống, tối đa %(limit)s ký tự; cột C tối đa 200 ký tự; "
           "cột D ghi «có» hoặc «không».") % {"column": COLUMNS[1], "limit": vn_number(OPINION_MAX_CHARS)}],
        [_("3. Trang «%(sheet)s» này không được nhập. Dòng ví dụ dưới đây chỉ để tham khảo: chép nó sang "
           "trang ý kiến thì nó cũng bị bỏ qua.") % {"sheet": INSTRUCTIONS_SHEET}],
        [],
        [_("Ví dụ (không phải ý kiến cử tri):")],
        COLUMNS,
        EXAMPLE,
    ]
    title = _("HƯỚNG DẪN GHI TỆP Ý KIẾN CỬ TRI")
    return workbook_bytes(DATA_SHEET, COLUMNS, [], extra_sheets=[(INSTRUCTIONS_SHEET, [title], instructions)])


def _is_example(content: str, raised_by: str) -> bool:
    return (fold(content), fold(raised_by)) == (fold(EXAMPLE[1]), fold(EXAMPLE[2]))


def _too_many_rows(limit: int) -> str:
    return _("Tệp có hơn %(limit)s dòng dữ liệu: mỗi tệp nhập tối đa %(limit)s dòng (IMPORT_MAX_ROWS). "
             "Hãy chia thành nhiều tệp.") % {"limit": f"{limit:,}".replace(",", ".")}


def _open(upload):
    """The first sheet that is not the instructions, after the archive check; None and the message when the
    file cannot be read."""
    try:
        archive_check(upload)
    except NotAnArchive:
        return None, "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu."
    except UnsafeArchive as exc:
        return None, f"Tệp bị từ chối: {exc}"
    finally:
        upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError, IndexError):
        return None, "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu."
    data = [sheet for sheet in workbook.worksheets if fold(sheet.title) != fold(INSTRUCTIONS_SHEET)]
    if not data:
        return None, _("Tệp chỉ có trang «%(sheet)s»: hãy ghi ý kiến vào trang «%(data)s» của tệp mẫu.") % {
            "sheet": INSTRUCTIONS_SHEET, "data": DATA_SHEET}
    return data[0], ""


def reads_in_background(upload) -> bool:
    """A file past ``IMPORT_INLINE_ROWS`` rows, or one whose sheet does not say how many it has, is read by a
    task; one that cannot be read, or says it has more than ``IMPORT_MAX_ROWS``, is refused at once in the
    request."""
    sheet, _problem = _open(upload)
    upload.seek(0)
    if sheet is None:
        return False
    rows = sheet_rows_of(sheet)
    return rows is None or settings.IMPORT_INLINE_ROWS < rows - 1 <= settings.IMPORT_MAX_ROWS


def parse_opinions(upload, progress: Callable[[int], None] = lambda p: None) -> ParsedSheet:
    result = ParsedSheet()
    sheet, problem = _open(upload)
    if sheet is None:
        result.errors.append(problem)
        return result
    limit = settings.IMPORT_MAX_ROWS
    declared = sheet_rows_of(sheet)
    if declared is not None and declared - 1 > limit:
        result.errors.append(
            _too_many_rows(limit)
        )  # refused from the sheet's dimension, before reading a row
        return result
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or fold(str(header[1] or "")) != fold(COLUMNS[1]):
        result.errors.append(_("Dòng 1: tiêu đề cột B phải là «%(column)s» (hãy dùng tệp mẫu).") % {
            "column": COLUMNS[1]})
        return result
    for line, values in enumerate(rows, start=2):
        if line - 1 > limit:  # a sheet whose dimension was missing or lied: stop at the limit, save nothing
            return ParsedSheet(errors=[_too_many_rows(limit)])
        if declared and line % 500 == 0:
            progress(100 * line // declared)
        values = list(values) + [None] * (4 - len(values))
        if all(v is None or str(v).strip() == "" for v in values[:4]):
            continue
        content = to_nfc(str(values[1] or "")).strip()
        raised_by = to_nfc(str(values[2] or "")).strip()
        answered = fold(str(values[3] or ""))
        if _is_example(content, raised_by):
            result.skipped.append(_("Dòng %(line)s: bỏ qua dòng ví dụ của tệp mẫu (không phải ý kiến cử "
                                    "tri).") % {"line": line})
            continue
        problems = []
        if not content:
            problems.append(_("Dòng %(line)s, cột B (%(column)s): không được để trống.") % {
                "line": line, "column": COLUMNS[1]})
        elif len(content) > OPINION_MAX_CHARS:
            problems.append(_("Dòng %(line)s, cột B (%(column)s): dài %(length)s ký tự, quá giới hạn "
                              "%(limit)s ký tự.") % {"line": line, "column": COLUMNS[1],
                                                     "length": vn_number(len(content)),
                                                     "limit": vn_number(OPINION_MAX_CHARS)})
        if len(raised_by) > 200:
            problems.append(_("Dòng %(line)s, cột C (%(column)s): dài quá 200 ký tự.") % {
                "line": line, "column": COLUMNS[2]})
        if answered not in YES | NO:
            problems.append(_("Dòng %(line)s, cột D (%(column)s): ghi «có» hoặc «không», không phải "
                              "«%(value)s».") % {"line": line, "column": COLUMNS[3], "value": values[3]})
        if problems:
            result.errors.extend(problems)
            result.error_lines.add(line)
        else:
            result.rows.append(
                ImportRow(line=line, content=content, raised_by=raised_by, answered_on_spot=answered in YES)
            )
    if not result.rows and not result.errors:
        result.errors.append(
            _("Tệp chỉ có dòng ví dụ của tệp mẫu: không có ý kiến nào để nhập.") if result.skipped
            else _("Tệp không có dòng ý kiến nào dưới dòng tiêu đề: không có gì để nhập."))
    return result


def sheet_rows_of(sheet) -> int | None:
    try:
        return sheet.max_row
    except (TypeError, ValueError):
        return None


def opinions_import_queue(*, meeting, upload, import_valid: bool, by) -> GeneratedReport:
    """Store a large file and read it in the background; the caller authorized ``by`` to change
    ``meeting``."""
    path = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", upload)
    return report_request(
        kind="voters_opinion_import",
        title=_("Nhập ý kiến cử tri từ tệp %(name)s — %(meeting)s")
        % {"name": upload.name, "meeting": meeting},
        params={
            "meeting_id": meeting.pk,
            "path": path,
            "filename": upload.name,
            "import_valid": import_valid,
        },
        by=by,
    )


def opinions_import_batched(*, report: GeneratedReport, progress: Callable[[int], None]) -> ParsedSheet:
    """Parse the stored file, then save its rows ``IMPORT_BATCH_ROWS`` at a time, each batch with its progress
    mark."""
    from voters.models import VoterMeeting

    params = dict(report.params)
    meeting = VoterMeeting.objects.get(pk=params["meeting_id"])
    with default_storage.open(params["path"], "rb") as stored:
        parsed = parse_opinions(stored, progress=lambda p: progress(p // 2))
    parsed.imported = 0
    if parsed.rows and (not parsed.errors or params.get("import_valid")):
        done = params.get("done_line", 0)
        pending = [row for row in parsed.rows if row.line > done]
        size = settings.IMPORT_BATCH_ROWS
        for start in range(0, len(pending), size):
            batch = pending[start:start + size]
            with transaction.atomic():
                opinions_import(meeting=meeting, rows=batch)
                params["done_line"] = batch[-1].line
                GeneratedReport.objects.filter(pk=report.pk).update(params=params)
            progress(50 + 50 * (start + len(batch)) // len(pending))
        parsed.imported = len(parsed.rows)
    default_storage.delete(params["path"])
    return parsed


def import_result_bytes(parsed: ParsedSheet, filename: str) -> bytes:
    """The outcome as a workbook: what was saved, then each error with its row and column."""
    if parsed.imported:
        summary = _("Đã nhập %(count)s ý kiến từ tệp %(filename)s.") % {
            "count": parsed.imported, "filename": filename}
        if parsed.errors:
            summary += " " + _("Đã bỏ qua %(count)s dòng lỗi dưới đây.") % {"count": len(parsed.error_lines)}
    else:
        summary = _("Chưa lưu gì từ tệp %(filename)s.") % {"filename": filename}
        if parsed.rows:
            summary += " " + _("Có %(count)s dòng hợp lệ: sửa tệp và tải lại, hoặc đánh dấu «Nhập các dòng "
                               "hợp lệ» "
                               "để chỉ nhập các dòng này.") % {"count": len(parsed.rows)}
    return workbook_bytes(
        "Ket qua nhap",
        ["Kết quả nhập ý kiến cử tri"],
        [[summary], *[[e] for e in parsed.errors], *[[note] for note in parsed.skipped]],
    )
