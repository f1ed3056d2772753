"""Reading the communes' opinion spreadsheets: every row is checked, every error names row and column."""

from dataclasses import dataclass, field
from zipfile import BadZipFile

from openpyxl import load_workbook

from coordination.spreadsheets import workbook_bytes
from coordination.text import fold, to_nfc
from voters.services import ImportRow

COLUMNS = ["STT", "Nội dung ý kiến, kiến nghị", "Cử tri nêu ý kiến", "Đã trả lời tại hội nghị (có/không)"]
MAX_CONTENT = 5000
YES, NO = {"co", "x", "1", "yes", "true", "da tra loi"}, {"", "khong", "0", "no", "false", "chua"}


@dataclass
class ParsedSheet:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "Dòng 5, cột B (…): …"
    error_lines: set[int] = field(default_factory=set)


def template_bytes() -> bytes:
    example = [1, "Đề nghị sửa chữa đường liên xã bị xuống cấp", "Ông Nguyễn Văn A, thôn 3", "không"]
    return workbook_bytes("Y kien cu tri", COLUMNS, [example])


def parse_opinions(upload) -> ParsedSheet:
    result = ParsedSheet()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        result.errors.append("Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu.")
        return result
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or fold(str(header[1] or "")) != fold(COLUMNS[1]):
        result.errors.append(f"Dòng 1: tiêu đề cột B phải là «{COLUMNS[1]}» (hãy dùng tệp mẫu).")
        return result
    for line, values in enumerate(rows, start=2):
        values = list(values) + [None] * (4 - len(values))
        if all(v is None or str(v).strip() == "" for v in values[:4]):
            continue
        content = to_nfc(str(values[1] or "")).strip()
        raised_by = to_nfc(str(values[2] or "")).strip()
        answered = fold(str(values[3] or ""))
        problems = []
        if not content:
            problems.append(f"Dòng {line}, cột B ({COLUMNS[1]}): không được để trống.")
        elif len(content) > MAX_CONTENT:
            problems.append(f"Dòng {line}, cột B ({COLUMNS[1]}): dài quá {MAX_CONTENT} ký tự.")
        if len(raised_by) > 200:
            problems.append(f"Dòng {line}, cột C ({COLUMNS[2]}): dài quá 200 ký tự.")
        if answered not in YES | NO:
            problems.append(f"Dòng {line}, cột D ({COLUMNS[3]}): ghi «có» hoặc «không», không phải «{values[3]}».")
        if problems:
            result.errors.extend(problems)
            result.error_lines.add(line)
        else:
            result.rows.append(ImportRow(line=line, content=content, raised_by=raised_by, answered_on_spot=answered in YES))
    return result
