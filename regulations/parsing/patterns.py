"""The patterns the parser reads lines with (Decree 30/2020 numbering, signatures, headers), and small tests
on one line: headings, capitals, quotes, Roman numerals, the next point letter."""

import re
from functools import lru_cache

from coordination.text import fold as _fold_text
from regulations.sources import VIETNAMESE_LETTERS

POINT_LETTERS = VIETNAMESE_LETTERS


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """coordination.text.fold, remembered: the parser folds each line several times."""
    return _fold_text(text)

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# A chapter or section title follows on the next line, after a dash, or after a plain space.
_CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d{1,2})(?:\s*[-–—.:]\s*(.*)|\s+(\S.*))?$")
_SECTION_RE = re.compile(r"^(?:Mục|MỤC)\s+(\d{1,2}[a-zđ]?)(?:\s*[-–—.:]\s*(.*)|\s+(\S.*))?$")
_ARTICLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d{1,3})([a-zđ]?)(?:\s*[.:\-–]\s*(.*)|\s*$)")
_CLAUSE_RE = re.compile(r"^(\d{1,2})([a-zđ]?)\.\s+(\S.*)$")
# Typed without the space, or with ")": accepted only when it is the number expected next.
_CLAUSE_LOOSE_RE = re.compile(r"^(\d{1,2})([a-zđ]?)(?:\)\s*|\.(?=[^\d\s.]))(\S.*)$")
_POINT_RE = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_POINT_LOOSE_RE = re.compile(r"^([a-zđ])\.\s+(\S.*)$")
_NUMBER_RE = re.compile(r"^Số\s*:\s*(\S+)", re.IGNORECASE)
_DATE_RE = re.compile(r"^(.{2,60}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_RULE_LINE_RE = re.compile(r"^[-_=*.·•\s]{3,}$")
_SIGNATURE_HEAD_RE = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*", re.IGNORECASE)
_DELEGATE_RE = re.compile(r"^(KT|Q|TL|TUQ)\.\s*", re.IGNORECASE)
_SIGNED_MARK_RE = re.compile(
    r"^\(?\s*(đã ký|ký|ký tên|ký, ghi rõ họ tên|ký, đóng dấu|đã ký và đóng dấu)[^)]*\)?$", re.IGNORECASE
)
_TITLE_RE = re.compile(
    r"^(pho )?(chu tich|truong doan|truong ban|bo truong|thu truong|thu tuong|chu nhiem|giam doc|chanh van "
    r"phong|"
    r"bi thu|tong thu ky|truong phong|chanh an|vien truong|tong kiem toan|chanh thanh tra|uy vien|thanh "
    r"vien|truong)\b"
)
_NAME_WORD_RE = re.compile(r"^[A-ZĐÀ-Ỹ][\w.]*$", re.UNICODE)
_TABLE_ROW_RE = re.compile(r"^\|.*\|$")
_FOOTNOTE_RE = re.compile(r"^\[\d{1,3}\]\s")
_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"^(PHỤ LỤC|Phụ lục|MẪU SỐ|Mẫu số|BIỂU MẪU|Biểu mẫu)(\s+[\w.]+|\s*$|\s*[:(-])")
# "(Ban hành kèm theo Quyết định số …)", "(Kèm theo Nghị quyết liên tịch …)", "BAN HÀNH KÈM THEO …" (folded).
_MARKER_RE = re.compile(r"^\(?\s*(?:ban hanh\s+)?kem theo\b\s*(.*)$")
_ACT_WORDS = (r"(quyet dinh|nghi quyet|thong tu|nghi dinh|chi thi|van ban|ke hoach|cong van|thong bao|ket "
              r"luan|quy che|quy dinh)")
_DOC_TITLE_RE = re.compile(r"^(quy che|quy dinh|dieu le|noi quy|quy trinh|huong dan)\b")
_HEADER_KINDS = {
    "quy che": "regulation", "quy dinh": "regulation", "dieu le": "regulation", "noi quy": "regulation",
    "quyet dinh": "decision", "quyet dinh lien tich": "joint_decision", "nghi quyet": "resolution",
    "nghi quyet lien tich": "joint_resolution",
    "nghi dinh": "decree", "thong tu": "circular", "thong tu lien tich": "circular", "chi thi": "directive",
    "ke hoach": "plan", "huong dan": "guidance",
}
_KIND_LABELS = {
    "regulation": "Quy chế",
    "decision": "Quyết định",
    "resolution": "Nghị quyết",
    "joint_resolution": "Nghị quyết liên tịch",
    "joint_decision": "Quyết định liên tịch",
    "decree": "Nghị định",
    "circular": "Thông tư",
    "directive": "Chỉ thị",
    "plan": "Kế hoạch",
    "guidance": "Hướng dẫn",
    "amendment": "Văn bản sửa đổi, bổ sung",
}
_PREAMBLE_START = ("can cu", "theo de nghi", "xet de nghi", "xet ", "tren co so", "thuc hien")
_AMEND_VERB_RE = re.compile(
    r"\b(sua doi, bo sung|sua doi|bo sung|bai bo|thay the|thay cum tu|bo cum tu|dieu chinh)\b"
)
_AMEND_START_RE = re.compile(r"^(sua doi|bo sung|bai bo|thay the|thay cum tu|bo cum tu|dieu chinh|bo)\b")
_CITATION_TOKEN_RE = re.compile(
    r"\b(điểm|khoản|Điều|Mục|Chương)\s+([0-9]{1,3}[a-zđ]?|[a-zđ]{1,2}|[IVXLC]+)\b", re.IGNORECASE
)
_ACT_NUMBER_RE = re.compile(
    r"(Quy chế(?: phối hợp)?|Quyết định|Nghị quyết liên tịch|Nghị quyết|Quy định)[^“\"”]{0,120}?"
    r"số\s+(\d{1,5}/[^\s,;:“”\"()]+)",
    re.IGNORECASE,
)
_OPEN_QUOTES, _CLOSE_QUOTES = "“«", "”»"
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_SPLIT_KEYWORDS = [(k, re.compile(r"^" + r"\s?".join(re.escape(ch) for ch in k) + r"(?=\s)"))
                   for k in ("Điều", "ĐIỀU", "Chương", "CHƯƠNG", "Mục", "MỤC")]
_OCR_ARTICLE_RE = re.compile(r"^(Điều|ĐIỀU)\s+([0-9lIO|]{1,3})([a-zđ]?)(\s*[.:])")


def _heading(pattern: re.Pattern, line: str) -> re.Match | None:
    """A chapter or section heading; after a plain space the title must start with a capital, so a
    sentence such as "Chương I của Quy chế này …" stays text."""
    match = pattern.match(line)
    if match and match.group(3) and not match.group(3)[0].isupper():
        return None
    return match


def _heading_title(match: re.Match) -> str:
    return (match.group(2) or match.group(3) or "").strip()


def _is_structural(line: str) -> bool:
    return bool(_ARTICLE_RE.match(line) or _heading(_CHAPTER_RE, line) or _heading(_SECTION_RE, line))


def roman_value(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    total = 0
    for i, ch in enumerate(numeral):
        value = ROMAN[ch]
        total += -value if i + 1 < len(numeral) and ROMAN[numeral[i + 1]] > value else value
    return total



def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _quote_balance(line: str) -> int:
    """Curly quotes opened minus closed on the line; a straight quote counts as opening when unpaired."""
    balance = sum(line.count(q) for q in _OPEN_QUOTES) - sum(line.count(q) for q in _CLOSE_QUOTES)
    return balance + (line.count('"') % 2)


def _next_letter(letter: str) -> str:
    """The Vietnamese letter after ``letter`` ("" after y, the last one)."""
    index = POINT_LETTERS.index(letter) + 1
    return POINT_LETTERS[index] if index < len(POINT_LETTERS) else ""

