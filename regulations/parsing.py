"""Reading a regulation text into an outline, with nothing lost silently.

The outline follows Decree 30/2020 numbering (DOMAIN.md §2): Chương (Roman), optional Mục, Điều 1 / 3a,
clauses 1. / 1a., points a) … đ) …, unnumbered continuation paragraphs, tables ("| a | b |" rows),
"Nơi nhận:" and signature blocks, appendices after the signatures.

Every non-blank line of the input is either placed (in the header, the promulgating act, the outline,
the recipients, a signature, an appendix) or reported as a warning with its line number, and the
outline says how many of each (``lines``). Duplicate or missing numbers of the text's own articles,
clauses and points raise RegulationParseError naming the line, so nothing is saved from a text we misread.

Layouts read (README "Supported layouts"):
- a regulation on its own, or promulgated by a decision or (joint) resolution: "(Ban hành kèm theo …)",
  "(Kèm theo …)", "BAN HÀNH KÈM THEO …", any case, bracketed or not, on one line or two — or, when that
  line is missing, the "QUY CHẾ" title after the act's signatures. The act's own Điều 1–3 are its text,
  not the regulation's; a text with only the act is an error;
- amending acts: the new text quoted in an amending clause (“…” or "…", whole quoted Mục/Điều/khoản/
  điểm, an unclosed quote ending at the next amending clause) is that clause's text, and what each
  clause amends is recorded (``amendments``);
- signatures: TM./KT./Q./TL. lines, the title and the name several lines below, blocks side by side
  (tab-separated, or flattened into consecutive lines), one issuer or several; appendices ("Phụ lục",
  "Mẫu số") after them; a block repeated at the end of the promulgated regulation;
- OCR'd text: "Ðiều" (U+00D0), "Điều l", "Đi ều" are normalised (a note names the line); page numbers
  and page headers or footers repeated in the body are dropped with a warning naming the line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _

from coordination.text import fold as _fold_text
from coordination.text import to_nfc
from regulations import phrases
from regulations.sources import VIETNAMESE_LETTERS, SourceError, read_bytes, repair_text

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
_SIGNED_MARK_RE = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký, ghi rõ họ tên|ký, đóng dấu|đã ký và đóng dấu)[^)]*\)?$",
                             re.IGNORECASE)
_TITLE_RE = re.compile(
    r"^(pho )?(chu tich|truong doan|truong ban|bo truong|thu truong|thu tuong|chu nhiem|giam doc|chanh van phong|"
    r"bi thu|tong thu ky|truong phong|chanh an|vien truong|tong kiem toan|chanh thanh tra|uy vien|thanh vien|truong)\b"
)
_NAME_WORD_RE = re.compile(r"^[A-ZĐÀ-Ỹ][\w.]*$", re.UNICODE)
_TABLE_ROW_RE = re.compile(r"^\|.*\|$")
_FOOTNOTE_RE = re.compile(r"^\[\d{1,3}\]\s")
_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_APPENDIX_RE = re.compile(r"^(PHỤ LỤC|Phụ lục|MẪU SỐ|Mẫu số|BIỂU MẪU|Biểu mẫu)(\s+[\w.]+|\s*$|\s*[:(-])")
# "(Ban hành kèm theo Quyết định số …)", "(Kèm theo Nghị quyết liên tịch …)", "BAN HÀNH KÈM THEO …" (folded).
_MARKER_RE = re.compile(r"^\(?\s*(?:ban hanh\s+)?kem theo\b\s*(.*)$")
_ACT_WORDS = r"(quyet dinh|nghi quyet|thong tu|nghi dinh|chi thi|van ban|ke hoach|cong van|thong bao|ket luan|quy che|quy dinh)"
_DOC_TITLE_RE = re.compile(r"^(quy che|quy dinh|dieu le|noi quy|quy trinh|huong dan)\b")
_HEADER_KINDS = {
    "quy che": "regulation", "quy dinh": "regulation", "dieu le": "regulation", "noi quy": "regulation",
    "quyet dinh": "decision", "quyet dinh lien tich": "joint_decision", "nghi quyet": "resolution",
    "nghi quyet lien tich": "joint_resolution",
    "nghi dinh": "decree", "thong tu": "circular", "thong tu lien tich": "circular", "chi thi": "directive",
    "ke hoach": "plan", "huong dan": "guidance",
}
_KIND_LABELS = {
    "regulation": "Quy chế", "decision": "Quyết định", "resolution": "Nghị quyết",
    "joint_resolution": "Nghị quyết liên tịch", "joint_decision": "Quyết định liên tịch", "decree": "Nghị định", "circular": "Thông tư",
    "directive": "Chỉ thị", "plan": "Kế hoạch", "guidance": "Hướng dẫn", "amendment": "Văn bản sửa đổi, bổ sung",
}
_PREAMBLE_START = ("can cu", "theo de nghi", "xet de nghi", "xet ", "tren co so", "thuc hien")
_AMEND_VERB_RE = re.compile(r"\b(sua doi, bo sung|sua doi|bo sung|bai bo|thay the|thay cum tu|bo cum tu|dieu chinh)\b")
_AMEND_START_RE = re.compile(r"^(sua doi|bo sung|bai bo|thay the|thay cum tu|bo cum tu|dieu chinh|bo)\b")
_CITATION_TOKEN_RE = re.compile(r"\b(điểm|khoản|Điều|Mục|Chương)\s+([0-9]{1,3}[a-zđ]?|[a-zđ]{1,2}|[IVXLC]+)\b",
                                re.IGNORECASE)
_ACT_NUMBER_RE = re.compile(r"(Quy chế(?: phối hợp)?|Quyết định|Nghị quyết liên tịch|Nghị quyết|Quy định)[^“\"”]{0,120}?"
                            r"số\s+(\d{1,5}/[^\s,;:“”\"()]+)", re.IGNORECASE)
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


class RegulationParseError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.message = message
        super().__init__(_("Dòng %(line)s: %(message)s") % {
            "line": line, "message": message} if line else message)


@dataclass
class ParsedPoint:
    letter: str
    text: str
    line: int


@dataclass
class ParsedClause:
    number: str
    text: str
    line: int
    points: list[ParsedPoint] = field(default_factory=list)


@dataclass
class ParsedArticle:
    number: str
    title: str
    line: int
    text: str = ""
    clauses: list[ParsedClause] = field(default_factory=list)
    section: str = ""  # number of the Mục it belongs to

    def outline(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "clauses": [{"number": c.number, "points": [p.letter for p in c.points]} for c in self.clauses],
        }


@dataclass
class ParsedSection:
    number: str
    title: str
    line: int


@dataclass
class ParsedChapter:
    number: str
    title: str
    line: int
    sections: list[ParsedSection] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedParty:
    heading: str  # "TM. THƯỜNG TRỰC HĐND TỈNH"
    title: str  # "CHỦ TỊCH"
    signer: str
    body_kind: str  # BodyKind value recognised from the heading, or ""
    line: int
    delegate: str = ""  # "KT. CHỦ TỊCH"


@dataclass
class ParsedObligation:
    article: str
    clause: str
    point: str
    action: str
    phrase: str
    rule: phrases.ProposedRule
    lead: str  # the words naming the lead body, folded
    lead_kind: str
    cooperating_kinds: list[str]
    deadline_code: str
    lead_text: str = ""  # the lead as the text writes it ("Sở Tài chính"), for a person to map


@dataclass
class ParsedAmendment:
    """One amending clause of an amending act: what it does to which provision of which act."""

    article: str
    clause: str
    point: str
    action: str  # AmendingProvision.Action value
    target_act: str
    target_chapter: str = ""
    target_section: str = ""
    target_article: str = ""
    target_clause: str = ""
    target_point: str = ""
    instruction: str = ""
    text: str = ""
    line: int = 0

    ACTION_LABELS = {"amend": "Sửa đổi", "supplement": "Bổ sung", "repeal": "Bãi bỏ", "replace": "Thay thế",
                     "amend_supplement": "Sửa đổi, bổ sung"}

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS[self.action]

    @property
    def target_citation(self) -> str:
        parts = [f"điểm {self.target_point}" if self.target_point else "", f"khoản {self.target_clause}" if self.target_clause else "",
                 f"Điều {self.target_article}" if self.target_article else "", f"Mục {self.target_section}" if self.target_section else "",
                 f"Chương {self.target_chapter}" if self.target_chapter else ""]
        return " ".join(p for p in parts if p)


@dataclass
class ParsedRegulation:
    number: str = ""
    title: str = ""
    place: str = ""
    signed_on: date | None = None
    kind: str = "regulation"  # what the document is: regulation, joint_resolution, decision, amendment, decree…
    is_promulgated: bool = False  # a joint resolution / decision precedes the regulation text
    issuers: list[str] = field(default_factory=list)
    preamble: str = ""
    promulgation: str = ""
    chapters: list[ParsedChapter] = field(default_factory=list)
    articles_outside_chapters: list[ParsedArticle] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    parties: list[ParsedParty] = field(default_factory=list)
    obligations: list[ParsedObligation] = field(default_factory=list)
    amendments: list[ParsedAmendment] = field(default_factory=list)
    appendices: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    lines: dict = field(default_factory=lambda: {"total": 0, "placed": 0, "warned": 0})
    encoding: str = ""

    @property
    def articles(self) -> list[ParsedArticle]:
        return self.articles_outside_chapters + [a for ch in self.chapters for a in ch.articles]

    @property
    def is_amendment(self) -> bool:
        return self.kind == "amendment"

    @property
    def kind_label(self) -> str:
        label = _KIND_LABELS.get(self.kind, self.kind)
        return f"Quy chế ban hành kèm theo {label.lower()}" if self.is_promulgated and self.kind != "regulation" else label

    def warn(self, line: int, message: str) -> None:
        self.warnings.append({"line": line, "message": message})

    def note(self, line: int, message: str) -> None:
        self.notes.append({"line": line, "message": message})

    def outline(self) -> dict:
        """The JSON shape of ``import_regulation --dry-run --format json``."""
        return {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "is_promulgated": self.is_promulgated,
            "signed_on": self.signed_on.isoformat() if self.signed_on else None,
            "parties": [{"body": p.heading, "signer": p.signer, "title": p.title} for p in self.parties],
            "chapters": [
                {
                    "number": ch.number,
                    "title": ch.title,
                    "sections": [{"number": s.number, "title": s.title} for s in ch.sections],
                    "articles": [a.outline() for a in ch.articles],
                }
                for ch in self.chapters
            ],
            "articles_outside_chapters": [a.outline() for a in self.articles_outside_chapters],
            "obligations": [
                {"article": o.article, "clause": o.clause, "point": o.point, "lead": o.lead,
                 "rule": _describe(o.rule), "deadline_code": o.deadline_code}
                for o in self.obligations
            ],
            "amendments": [
                {"article": a.article, "clause": a.clause, "point": a.point, "action": a.action,
                 "target": a.target_citation, "act": a.target_act}
                for a in self.amendments
            ],
            "appendices": [text.split("\n", 1)[0] for text in self.appendices],
            "lines": self.lines,
            "warnings": self.warnings,
            "notes": self.notes,
        }


def _describe(rule: phrases.ProposedRule) -> str:
    from coordination.models import StatutoryRule

    return StatutoryRule(**rule.as_fields()).describe()


# --- Reading files ---------------------------------------------------------------------------------


def read_source(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded file (.docx, or .txt in any encoding ``regulations.sources`` detects); NFC, LF.

    The encoding found is kept on the returned text (``text.encoding``, ``text.notes``) for the preview."""
    try:
        source = read_bytes(data=data, filename=filename)
    except SourceError as exc:
        raise RegulationParseError(str(exc)) from None
    if "\x00" in source.text:
        raise RegulationParseError(_("Không đọc được tệp: có ký tự nhị phân, không phải văn bản."))
    return SourceText(normalise_text(source.text), encoding=source.encoding, notes=source.notes)


class SourceText(str):
    """Text read from a file, remembering how it was decoded."""

    def __new__(cls, value: str, *, encoding: str = "", notes: list[str] | None = None):
        text = super().__new__(cls, value)
        text.encoding = encoding
        text.notes = list(notes or [])
        return text


_INVISIBLE = {code: None for code in range(0x10000)
              if chr(code) not in "\n\t" and unicodedata.category(chr(code)) in ("Cc", "Cf")}


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n")
    return to_nfc(text.translate(_INVISIBLE))


# --- Parsing ---------------------------------------------------------------------------------------


def roman_value(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    total = 0
    for i, ch in enumerate(numeral):
        value = ROMAN[ch]
        total += -value if i + 1 < len(numeral) and ROMAN[numeral[i + 1]] > value else value
    return total


def _roman(value: int) -> str:
    result = ""
    for number, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            result, value = result + numeral, value - number
    return result


def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _quote_balance(line: str) -> int:
    """Curly quotes opened minus closed on the line; a straight quote counts as opening when unpaired."""
    balance = sum(line.count(q) for q in _OPEN_QUOTES) - sum(line.count(q) for q in _CLOSE_QUOTES)
    return balance + (line.count('"') % 2)


@dataclass
class _Block:
    """A signature block being assembled: heading (TM. …, maybe wrapped), delegation (KT./Q./TL.), title, name."""

    tm: list[tuple[int, str]] = field(default_factory=list)
    delegate: tuple[int, str] | None = None
    title: list[tuple[int, str]] = field(default_factory=list)
    name: tuple[int, str] | None = None

    def accept(self, kind: str, segment: str, number: int) -> bool:
        if kind == "delegate":
            if self.delegate is None and not self.title and self.name is None:
                self.delegate = (number, segment)
                return True
            return False
        if kind == "upper":
            if self.name is not None:
                return False
            is_title = bool(_TITLE_RE.match(fold(segment)))
            if self.tm and self.delegate is None and not self.title and not is_title:
                self.tm.append((number, segment))  # the body's name wraps onto the next line
                return True
            if not self.title:
                self.title.append((number, segment))
                return True
            return False
        if kind == "name" and self.name is None and (self.title or self.tm or self.delegate):
            self.name = (number, segment)
            return True
        return False


class _Parser:
    def __init__(self, text: str):
        encoding, source_notes = getattr(text, "encoding", ""), getattr(text, "notes", [])
        # Legacy glyph codes first: TCVN3 writes "ư" as U+00AD, which normalising would drop as invisible.
        repaired = repair_text(str(text).replace("\r\n", "\n"), encoding=encoding)
        self.result = ParsedRegulation(encoding=repaired.encoding)
        for message in [*source_notes, *repaired.notes]:
            self.result.note(0, message)
        raw_lines = normalise_text(repaired.text).split("\n")
        self.raw = {n: line.rstrip() for n, line in enumerate(raw_lines, start=1)}  # tabs kept: columns in the tail
        self.lines = [(n, line.strip()) for n, line in enumerate(raw_lines, start=1)]
        self.nonblank = [(n, line) for n, line in self.lines if line]
        self.placed: set[int] = set()
        self.warned: set[int] = set()
        self.chapter: ParsedChapter | None = None
        self.section: ParsedSection | None = None
        self.article: ParsedArticle | None = None
        self.clause: ParsedClause | None = None
        self.point: ParsedPoint | None = None
        self.seen_articles: dict[str, int] = {}
        self.header_kind = ""
        self.quote: dict | None = None  # the quoted new text being read: {"line", "straight"}
        self.amending = False

    # --- bookkeeping ---

    def place(self, number: int) -> None:
        self.placed.add(number)

    def warn(self, number: int, message: str) -> None:
        self.warned.add(number)
        self.result.warn(number, message)

    def _account(self) -> None:
        """Every non-blank line is placed or warned; a line nothing claimed becomes a warning here."""
        for number, line in self.nonblank:
            if number not in self.placed and number not in self.warned:
                self.warn(number, _("Dòng này chưa được đặt vào dàn ý, chưa được lưu: “%(line)s”") % {
                    "line": line[:80]})
        self.result.warnings.sort(key=lambda w: w["line"])
        warned = sum(1 for n, _ in self.nonblank if n in self.warned)
        self.result.lines = {"total": len(self.nonblank), "placed": len(self.nonblank) - warned, "warned": warned}

    # --- the document ---

    def parse(self) -> ParsedRegulation:
        self._clean_lines()
        lines = self.lines
        marker = self._find_marker(lines)
        restart = None if marker else self._find_restart(lines)
        if marker or restart is not None:
            title_at = marker[0] if marker else restart
            reg_start = self._regulation_header_start(lines, title_at)
            self.result.is_promulgated = True
            act_start = self._parse_header(lines[:reg_start], promulgating=True)
            self.result.kind = self.header_kind if self.header_kind in ("decision", "joint_decision", "resolution") \
                else "joint_resolution"
            self._parse_promulgation(lines[act_start:reg_start])
            body_start = self._parse_regulation_header(lines, reg_start, marker)
            if restart is not None:
                self.result.note(lines[restart][0], _("Không thấy dòng “(Ban hành kèm theo …)”: quy chế được "
                                                      "nhận ra từ dòng tên quy chế sau chữ ký của văn bản ban "
                                                      "hành."))
            self._parse_body(lines[body_start:], dedupe=True)
        else:
            start = self._parse_header(lines, promulgating=False)
            if self.amending:
                self.result.kind = "amendment"
            elif self.header_kind and self.header_kind != "regulation":
                self.result.kind = self.header_kind
            self._parse_body(lines[start:], dedupe=False)
        if not self.result.articles:
            if self.result.is_promulgated:
                raise RegulationParseError(
                    _("Có dòng “(Ban hành kèm theo …)” nhưng sau đó không có điều nào của quy chế "
                    "(dòng bắt đầu bằng “Chương I” hay “Điều 1.”). Hãy dán cả phần quy chế.")
                )
            raise RegulationParseError(_("Không tìm thấy điều nào (dòng bắt đầu bằng “Điều 1.”). Văn bản "
                                         "không phải quy chế?"))
        self._refuse_promulgating_act_alone()
        if self.quote is not None:
            self.result.note(self.quote["line"],
                             _("Ngoặc kép mở ở dòng này không được đóng đến hết văn bản."))
        if self.result.kind == "amendment":
            self._collect_amendments()
        else:
            self._propose_obligations()
        self._account()
        return self.result

    def _refuse_promulgating_act_alone(self) -> None:
        """A decision or resolution that promulgates a regulation, pasted without the regulation."""
        if self.result.is_promulgated or self.header_kind not in ("decision", "joint_decision", "resolution", "joint_resolution"):
            return
        title = fold(self.result.title)
        promulgates = title.startswith("ban hanh") or any(
            re.search(r"ban hanh kem theo " + _ACT_WORDS + r"[a-z ]{0,20}? nay", fold(f"{a.title} {a.text}"))
            for a in self.result.articles[:3]
        )
        if promulgates:
            label = _KIND_LABELS[self.header_kind].lower()
            count = len(self.result.articles)
            raise RegulationParseError(
                _("Văn bản chỉ có %(label)s ban hành (Điều 1–%(count)s của %(label)s), không có quy chế kèm "
                  "theo: không thấy dòng “(Ban hành kèm theo …)” và các chương, điều của quy chế sau chữ ký. "
                  "Hãy dán (hoặc chọn tệp có) cả phần quy chế.") % {"label": label, "count": count}
            )

    # --- cleaning: legacy, OCR, page furniture ---

    def _clean_lines(self) -> None:
        cleaned = []
        eth_lines = []
        for number, line in self.lines:
            if "Ð" in line or "ð" in line:
                line = line.replace("Ð", "Đ").replace("ð", "đ")
                eth_lines.append(number)
            line = self._ocr_keywords(number, line)
            cleaned.append((number, line))
        if eth_lines:
            shown = ", ".join(str(n) for n in eth_lines[:5]) + ("…" if len(eth_lines) > 5 else "")
            self.result.note(eth_lines[0], _("Chữ “Ð” (U+00D0) thay cho “Đ” ở %(count)s dòng (%(shown)s): đã "
                                             "sửa thành “Đ”.") % {"count": len(eth_lines), "shown": shown})
        self.lines = cleaned
        self._drop_page_furniture()

    def _ocr_keywords(self, number: int, line: str) -> str:
        """"Đi ều 3", "Điều l.", "Chương ll" as OCR reads them → the keyword and number they are."""
        if not line or line[0] not in "ĐCM":
            return line
        fixed = line
        for keyword, pattern in _SPLIT_KEYWORDS:
            match = pattern.match(fixed)
            if match and match.group(0) != keyword:
                fixed = keyword + fixed[match.end():]
        match = _OCR_ARTICLE_RE.match(fixed)
        if match and not match.group(2).isdigit():
            digits = match.group(2).translate(_OCR_DIGITS)
            if digits.isdigit():
                fixed = f"{match.group(1)} {digits}{match.group(3)}{fixed[match.end(3):]}"
        if fixed != line:
            self.result.note(number, _("Đã sửa lỗi nhận dạng chữ: “%(line)s” → “%(fixed)s”.") % {
                "line": line[:40], "fixed": fixed[:40]})
        return fixed

    def _drop_page_furniture(self) -> None:
        """Page numbers and the header or footer repeated on every page of a scanned or printed text."""
        lines = self.lines
        indexes = [i for i, (_, line) in enumerate(lines) if line]
        page_numbers = {i for i in indexes if _PAGE_NUMBER_RE.match(lines[i][1])}

        def key(line: str) -> str:
            return re.sub(r"\d+", "#", fold(line))

        counts = Counter(key(lines[i][1]) for i in indexes)
        neighbours: dict[str, int] = Counter()
        for position, i in enumerate(indexes):
            around = indexes[max(0, position - 1):position] + indexes[position + 1:position + 2]
            if any(j in page_numbers for j in around):
                neighbours[key(lines[i][1])] += 1
        repeated = set()
        for i in indexes:
            line = lines[i][1]
            k = key(line)
            if i in page_numbers or counts[k] < 3 or len(line) > 150 or _is_structural(line) or _CLAUSE_RE.match(line) \
                    or _POINT_RE.match(line) or _SIGNATURE_HEAD_RE.match(line):
                continue
            if neighbours[k] >= 2 or "cong bao" in k or re.search(r"\btrang #", k):
                repeated.add(i)
        for i in sorted(page_numbers | repeated):
            number, line = lines[i]
            what = _("số trang") if i in page_numbers else _("tiêu đề hoặc chân trang lặp lại ở mỗi trang")
            self.warn(number, _("%(what)s “%(line)s”: đã bỏ qua, không đưa vào quy chế.") % {
                "what": what.capitalize(), "line": line[:60]})
            lines[i] = (number, "")

    # --- segmentation ---

    def _find_marker(self, lines) -> tuple[int, int] | None:
        """(first, last + 1) index of the "(Ban hành kèm theo …)" line(s) introducing the regulation."""
        for i, (_number, line) in enumerate(lines):
            if not line or len(line) > 400:
                continue
            folded = fold(line)
            match = _MARKER_RE.match(folded)
            if not match:
                continue
            end, parts = i + 1, [line]
            bracketed = line.lstrip().startswith("(")
            while end < len(lines) and end - i <= 3:
                joined = " ".join(parts)
                if bracketed and ")" in joined:
                    break
                if not bracketed and match.group(1) and not re.match(r"(ngay|cua|so)\b", fold(lines[end][1])):
                    break
                if not lines[end][1] or _is_structural(lines[end][1]):
                    break
                parts.append(lines[end][1])
                end += 1
            after = _MARKER_RE.match(fold(" ".join(parts))).group(1)
            if not re.match(_ACT_WORDS, after) or re.match(r"[a-z ]{0,40}?\bnay\b", after):
                continue
            if not any(text_ and (_heading(_CHAPTER_RE, text_) or _ARTICLE_RE.match(text_)) for _, text_ in lines[end:end + 80]):
                continue
            return i, end
        return None

    def _find_restart(self, lines) -> int | None:
        """Without a "(Ban hành kèm theo …)" line: the regulation's title after the promulgating act's signatures."""
        first_article = next((i for i, (_, text_) in enumerate(lines) if text_ and _ARTICLE_RE.match(text_)), None)
        if first_article is None:
            return None
        tail = next((i for i, (_, text_) in enumerate(lines[first_article:], start=first_article)
                     if text_ and (fold(text_).startswith("noi nhan") or (_SIGNATURE_HEAD_RE.match(text_) and _is_upper_line(text_)))), None)
        if tail is None:
            return None
        for i in range(tail, len(lines)):
            line = lines[i][1]
            if line and _DOC_TITLE_RE.match(fold(line)) and _is_upper_line(line):
                following = [text_ for _, text_ in lines[i + 1:i + 40] if text_]
                if any(_heading(_CHAPTER_RE, text_) or _ARTICLE_RE.match(text_) for text_ in following):
                    return i
        return None

    def _regulation_header_start(self, lines, title_at: int) -> int:
        """Where the regulation's own header begins, going back from its "(Ban hành kèm theo …)" line or title over
        the title, the repeated issuer lines, the national motto and rules — never over a signature."""
        for j in range(title_at - 1, max(-1, title_at - 12), -1):
            line = lines[j][1]
            if not line:
                continue
            if _DOC_TITLE_RE.match(fold(line)) and _is_upper_line(line):
                title_at = j
                break
            if _SIGNATURE_HEAD_RE.match(line) or self._looks_like_name(line) or _SIGNED_MARK_RE.match(line):
                break
        i = title_at
        while i > 0:
            _, line = lines[i - 1]
            folded = fold(line)
            if not line or _RULE_LINE_RE.match(line) or folded.startswith(("cong hoa xa hoi", "doc lap - tu do")) \
                    or _NUMBER_RE.match(line) or _DATE_RE.match(line):
                i -= 1
                continue
            if _is_upper_line(line) and not _SIGNATURE_HEAD_RE.match(line) and not _TITLE_RE.match(folded):
                i -= 1
                continue
            break
        return i

    # --- the header ---

    def _parse_header(self, lines, *, promulgating: bool) -> int:
        """Reads the header; returns the index where the body (or the promulgating act's articles) starts."""
        result = self.result
        title_lines: list[str] = []
        preamble: list[str] = []
        in_title = in_issuers = False
        issuer_done = False
        for index, (number, raw) in enumerate(lines):
            if not raw:
                in_title = in_title and not title_lines
                continue
            segments = [s.strip() for s in re.split(r"\t+|\s{4,}", raw) if s.strip()] or [raw]
            if _ARTICLE_RE.match(raw) or _heading(_CHAPTER_RE, raw) or (
                promulgating and fold(raw).startswith(("quyet nghi", "quyet dinh:"))
            ):
                result.title = result.title or " ".join(title_lines)
                result.preamble = "\n".join(preamble)
                self.amending = bool(_AMEND_VERB_RE.search(fold(result.title))) and not promulgating
                if fold(raw).startswith(("quyet nghi", "quyet dinh:")):
                    self.place(number)
                    return index + 1
                return index
            self.place(number)
            for line in segments:
                folded = fold(line)
                if _RULE_LINE_RE.match(line):
                    issuer_done = issuer_done or in_issuers
                    in_issuers = False
                    continue
                if folded.startswith("cong hoa xa hoi chu nghia") or folded.startswith("doc lap - tu do"):
                    issuer_done = True
                    continue
                if match := _NUMBER_RE.match(line):
                    result.number = result.number or match.group(1).rstrip(".,;")
                    issuer_done = True
                    continue
                if (match := _DATE_RE.match(line)) and not result.signed_on:
                    try:
                        result.signed_on = date(int(match.group(4)), int(match.group(3)), int(match.group(2)))
                    except ValueError:
                        raise RegulationParseError(_("Ngày ký “%(line)s” không phải ngày có thật.") % {
                            "line": line}, number) from None
                    result.place = match.group(1).strip()
                    continue
                kind_word = next((k for k in sorted(_HEADER_KINDS, key=len, reverse=True)
                                  if folded == k or (folded.startswith(k + " ") and _is_upper_line(line))), None)
                if kind_word and not title_lines and not in_title and _is_upper_line(line):
                    self.header_kind = self.header_kind or _HEADER_KINDS[kind_word]
                    in_title, title_lines = True, []
                    rest = line[len(kind_word):].strip() if folded != kind_word else ""
                    if rest:
                        title_lines.append(rest)
                    issuer_done = True
                    continue
                if not issuer_done and _is_upper_line(line):
                    result.issuers.append(line)
                    in_issuers = True
                    continue
                if in_title:
                    same_case = not title_lines or _is_upper_line(line) == _is_upper_line(title_lines[-1])
                    if not folded.startswith(_PREAMBLE_START) and same_case:
                        title_lines.append(line)
                        continue
                    in_title = False
                preamble.append(line)
        result.title = result.title or " ".join(title_lines)
        result.preamble = "\n".join(preamble)
        self.amending = bool(_AMEND_VERB_RE.search(fold(result.title))) and not promulgating
        return len(lines)

    def _parse_promulgation(self, lines) -> None:
        """The promulgating act's own articles, recipients and signatures; its articles are not the regulation's."""
        text: list[str] = []
        tail_start = len(lines)
        for index, (number, line) in enumerate(lines):
            if line and (fold(line).startswith("noi nhan") or (_SIGNATURE_HEAD_RE.match(line) and _is_upper_line(line))):
                tail_start = index
                break
            if line:
                self.place(number)
            text.append(line)
        self.result.promulgation = "\n".join(t for t in text if t).strip()
        self._parse_tail(lines[tail_start:], dedupe=False)

    def _parse_regulation_header(self, lines, start: int, marker: tuple[int, int] | None) -> int:
        """The regulation's title block (and "(Ban hành kèm theo …)") between the act and the regulation's
        first chapter or article; returns the index of that chapter or article."""
        end = next((i for i in range(marker[1] if marker else start, len(lines))
                    if lines[i][1] and (_heading(_CHAPTER_RE, lines[i][1]) or _ARTICLE_RE.match(lines[i][1]))), len(lines))
        title: list[str] = []
        collecting = False
        for i in range(start, end):
            number, line = lines[i]
            if not line:
                collecting = collecting and not title
                continue
            self.place(number)
            folded = fold(line)
            if marker and marker[0] <= i < marker[1]:
                collecting = False
                continue
            match = _DOC_TITLE_RE.match(folded)
            if match and _is_upper_line(line) and not title:
                rest = line[len(match.group(1)):].strip()
                title = [rest] if rest else []
                collecting = True
                continue
            if collecting and not folded.startswith(_PREAMBLE_START):
                title.append(line)
                continue
            collecting = False
            if folded.startswith(_PREAMBLE_START):
                self.result.preamble = f"{self.result.preamble}\n{line}".strip()
        if title:
            self.result.title = " ".join(title)
        elif fold(self.result.title).startswith("ban hanh "):
            self.result.title = self.result.title[len("Ban hành "):].strip()
        return end

    # --- the body ---

    def _parse_body(self, lines, *, dedupe: bool) -> None:
        pending_title_for = None  # a chapter or section whose title comes on the next line
        for index, (number, line) in enumerate(lines):
            if not line:
                continue
            if self.quote is not None:
                if self._quote_ends_before(line):
                    self.result.note(self.quote["line"], _("Ngoặc kép mở ở dòng %(line)s chưa đóng: coi như "
                                                           "phần trích dẫn kết thúc trước dòng %(number)s.") % {
                        "line": self.quote["line"], "number": number})
                    self.quote = None
                else:
                    self._continue(line, number)
                    if self._closes_quote(line):
                        self.quote = None
                    continue
            if _RULE_LINE_RE.match(line):
                self.place(number)
                continue
            if fold(line).startswith("noi nhan") or (_SIGNATURE_HEAD_RE.match(line) and _is_upper_line(line)):
                self._parse_tail(lines[index:], dedupe=dedupe)
                return
            if _APPENDIX_RE.match(line) and self.article is not None:
                self._parse_tail(lines[index:], dedupe=dedupe)
                return
            if pending_title_for is not None:
                # The title is the next line, and the capitalised lines after it when it wraps.
                if not _is_structural(line) and (not pending_title_for.title or _is_upper_line(line)):
                    pending_title_for.title = f"{pending_title_for.title} {line}".strip()
                    self.place(number)
                    continue
                pending_title_for = None
            if match := _heading(_CHAPTER_RE, line):
                pending_title_for = self._start_chapter(match, number)
            elif match := _heading(_SECTION_RE, line):
                pending_title_for = self._start_section(match, number)
            elif match := _ARTICLE_RE.match(line):
                self._start_article(match, number)
            elif self.article is not None and (match := self._clause_match(line)):
                self._start_clause(match, number)
            elif self.clause is not None and (match := self._point_match(line)):
                self._start_point(match, number)
            elif self.article is not None:
                self._continue(line, number)
            else:
                self.warn(number,
                          _("Không xác định được đoạn này thuộc điều nào, chưa được lưu: “%(line)s”") % {
                              "line": line[:80]})
                continue
            self._maybe_open_quote(line, number)

    def _clause_match(self, line: str) -> re.Match | None:
        if _TABLE_ROW_RE.match(line) or _FOOTNOTE_RE.match(line):
            return None
        if match := _CLAUSE_RE.match(line):
            return match
        match = _CLAUSE_LOOSE_RE.match(line)
        if match and match.group(3)[:1].isupper():
            previous = self.article.clauses[-1].number if self.article.clauses else None
            expected = str(int(re.match(r"\d+", previous).group(0)) + 1) if previous else "1"
            if match.group(1) == expected and not match.group(2):
                return match
        return None

    def _point_match(self, line: str) -> re.Match | None:
        if match := _POINT_RE.match(line):
            return match
        match = _POINT_LOOSE_RE.match(line)
        if match:
            expected = _next_letter(self.clause.points[-1].letter) if self.clause.points else "a"
            if match.group(1) == expected:
                return match
        return None

    def _maybe_open_quote(self, line: str, number: int) -> None:
        """An amending clause whose quoted new text goes on past this line ("… như sau: “Mục 2a …")."""
        if _quote_balance(line) <= 0:
            return
        owner = self.point or self.clause or self.article
        context = fold(f"{getattr(owner, 'title', '')} {getattr(owner, 'text', '')}")
        if self.amending or (_AMEND_VERB_RE.search(context) and ("nhu sau" in context or ":" in context)):
            self.quote = {"line": number, "straight": line.count('"') % 2 == 1}

    def _closes_quote(self, line: str) -> bool:
        if self.quote["straight"]:
            return line.count('"') % 2 == 1
        return _quote_balance(line) < 0 or (line.rstrip(" .;,").endswith(tuple(_CLOSE_QUOTES)) and _quote_balance(line) <= 0)

    def _quote_ends_before(self, line: str) -> bool:
        """An unclosed quote ends at the act's next amending clause or article, or at its signatures."""
        if fold(line).startswith("noi nhan") or (_SIGNATURE_HEAD_RE.match(line) and _is_upper_line(line)):
            return True
        if self.article is None:
            return False
        if match := _CLAUSE_RE.match(line):
            previous = self.article.clauses[-1].number if self.article.clauses else None
            expected = str(int(re.match(r"\d+", previous).group(0)) + 1) if previous else "1"
            return match.group(1) == expected and bool(_AMEND_START_RE.match(fold(match.group(3))))
        if match := _ARTICLE_RE.match(line):
            expected = str(int(re.match(r"\d+", self.article.number).group(0)) + 1)
            return match.group(1) == expected and not match.group(2)
        return False

    def _start_chapter(self, match, number) -> ParsedChapter | None:
        numeral, title = match.group(1), _heading_title(match)
        if numeral.isdigit():
            numeral = _roman(int(numeral))
        expected = roman_value(self.result.chapters[-1].number) + 1 if self.result.chapters else 1
        if roman_value(numeral) != expected:
            raise RegulationParseError(_("Chương %(numeral)s không đúng thứ tự (cần Chương thứ %(expected)s).") % {"numeral": numeral, "expected": expected}, number)
        self.place(number)
        self.chapter = ParsedChapter(numeral, title, number)
        self.result.chapters.append(self.chapter)
        self.section = self.article = self.clause = self.point = None
        return None if title else self.chapter

    def _start_section(self, match, number) -> ParsedSection | None:
        if self.chapter is None:
            self.warn(number, _("Mục %(section)s nằm ngoài chương nào; bỏ qua dòng tiêu đề mục.") % {
                "section": match.group(1)})
            return None
        self.place(number)
        title = _heading_title(match)
        self.section = ParsedSection(match.group(1), title, number)
        self.chapter.sections.append(self.section)
        self.article = self.clause = self.point = None
        return None if title else self.section

    def _start_article(self, match, number) -> None:
        base, suffix, title = int(match.group(1)), match.group(2), (match.group(3) or "").strip()
        label = f"{base}{suffix}"
        if label in self.seen_articles:
            raise RegulationParseError(_("Điều %(label)s bị trùng số (đã có ở dòng %(line)s).") % {
                "label": label, "line": self.seen_articles[label]}, number)
        previous = self.result.articles[-1].number if self.result.articles else None
        _check_sequence(previous, base, suffix, number, what=_("Điều"))
        self.place(number)
        self.seen_articles[label] = number
        self.article = ParsedArticle(label, title, number, section=self.section.number if self.section else "")
        (self.chapter.articles if self.chapter else self.result.articles_outside_chapters).append(self.article)
        self.clause = self.point = None

    def _start_clause(self, match, number) -> None:
        base, suffix, text = int(match.group(1)), match.group(2), match.group(3).strip()
        previous = self.article.clauses[-1].number if self.article.clauses else None
        if f"{base}{suffix}" in {c.number for c in self.article.clauses}:
            raise RegulationParseError(_("Khoản %(clause)s Điều %(article)s bị trùng số.") % {
                "clause": f"{base}{suffix}", "article": self.article.number}, number)
        _check_sequence(previous, base, suffix, number, what=_("Khoản (Điều %(article)s)") % {
            "article": self.article.number})
        self.place(number)
        self.clause = ParsedClause(f"{base}{suffix}", text, number)
        self.article.clauses.append(self.clause)
        self.point = None

    def _start_point(self, match, number) -> None:
        letter, text = match.group(1), match.group(2).strip()
        expected = _next_letter(self.clause.points[-1].letter) if self.clause.points else "a"
        where = _("Điểm %(letter)s) khoản %(clause)s Điều %(article)s") % {
            "letter": letter, "clause": self.clause.number, "article": self.article.number}
        wanted = _("cần điểm %(expected)s") % {"expected": expected} if expected else _("điểm y là chữ cái "
                                                                                        "cuối cùng")
        # f, j, w, z are not Vietnamese letters: an error rather than a guess, since "f)" after "e)"
        # is as likely a typed "g)" as a paragraph that happens to start that way.
        if letter not in POINT_LETTERS:
            raise RegulationParseError(
                _("%(where)s: chữ “%(letter)s” không có trong bảng chữ cái tiếng Việt (không dùng f, j, w, "
                  "z); %(wanted)s.") % {"where": where, "letter": letter, "wanted": wanted},
                number,
            )
        if letter != expected:
            raise RegulationParseError(
                _("%(where)s không đúng thứ tự (%(wanted)s); bảng chữ cái tiếng Việt: a, b, c, d, đ, e, g…") % {"where": where, "wanted": wanted},
                number,
            )
        self.place(number)
        self.point = ParsedPoint(letter, text, number)
        self.clause.points.append(self.point)

    def _continue(self, line: str, number: int) -> None:
        """An unnumbered paragraph (a table row, a footnote, quoted new text) continues the provision above it."""
        self.place(number)
        target = self.point or self.clause
        if target is not None:
            target.text = f"{target.text}\n{line}"
        elif self.article.title or self.article.text or not (len(line) <= 200 and not line.endswith((".", ";", ":"))):
            self.article.text = f"{self.article.text}\n{line}".strip()
        else:
            self.article.title = line  # "Điều 3." alone on its line, the title on the next

    # --- the end: recipients, signatures, appendices ---

    def _parse_tail(self, lines, *, dedupe: bool) -> None:
        """"Nơi nhận:" lines, then signature blocks (one after another, side by side in columns, or flattened
        into consecutive lines), then appendices."""
        segments: list[tuple[int, str, int | None]] = []  # (line, text, column when the line has columns)
        appendix_at = None
        for index, (number, line) in enumerate(lines):
            if not line:
                continue
            if _APPENDIX_RE.match(line):
                appendix_at = index
                break
            raw = self.raw.get(number, line)
            if fold(raw) != fold(line):  # OCR or legacy fixes were made on the stripped line
                raw = line
            parts = raw.split("\t") if "\t" in raw.strip(" ") else re.split(r"\s{4,}", line)
            for column, part in enumerate(parts):
                if part.strip():
                    segments.append((number, part.strip(), column if len(parts) > 1 else None))
        blocks: list[_Block] = []
        columns: dict[int, _Block] = {}  # the blocks side by side on the last line of headings, by column
        flat: list[_Block] = []  # headings one under another with nothing between: blocks flattened into lines
        pointer = 0
        in_recipients = False
        previous_kind = ""
        heading_line = None
        for number, segment, column in segments:
            folded = fold(segment)
            if folded.startswith("noi nhan"):
                self.place(number)
                in_recipients, previous_kind = True, "recipients"
                rest = segment.split(":", 1)[1].strip() if ":" in segment else ""
                if rest:
                    self.result.recipients.append(rest.lstrip("-+•* ").rstrip(";.").strip())
                continue
            if segment.startswith(("-", "+", "•", "*")) and len(segment) > 1 and not _RULE_LINE_RE.match(segment):
                self.place(number)
                self.result.recipients.append(segment.lstrip("-+•* ").rstrip(";.").strip())
                previous_kind = "recipients"
                continue
            if _RULE_LINE_RE.match(segment) or _SIGNED_MARK_RE.match(segment):
                self.place(number)
                continue
            if _SIGNATURE_HEAD_RE.match(segment) and not _DELEGATE_RE.match(segment):
                block = _Block(tm=[(number, segment)])
                blocks.append(block)
                if column is not None:
                    if heading_line != number:
                        columns, heading_line = {}, number
                    columns[column] = block
                    flat = []
                else:
                    flat = [*flat, block] if previous_kind == "tm" else [block]
                    pointer = 0
                in_recipients, previous_kind = False, "tm"
                continue
            kind = "delegate" if _DELEGATE_RE.match(segment) else "upper" if _is_upper_line(segment) else \
                "name" if self._looks_like_name(segment) else "other"
            target = None
            if kind != "other":
                if column is not None and column in columns:
                    candidates = [columns[column]]
                elif len(flat) > 1 and kind != "name":
                    candidates = flat[pointer:] + flat[:pointer]
                elif len(flat) > 1:
                    candidates = flat
                else:
                    candidates = blocks
                for block in candidates:
                    if block.accept(kind, segment, number):
                        target = block
                        break
                if target is None and kind in ("delegate", "upper") and not (column is not None and column in columns):
                    target = _Block()
                    blocks.append(target)
                    target.accept(kind, segment, number)
                if target is not None:
                    if target in flat and kind != "name":
                        pointer = (flat.index(target) + 1) % len(flat)
                    in_recipients, previous_kind = False, kind
                    continue
            if in_recipients:
                self.place(number)
                self.result.recipients.append(segment.rstrip(";.").strip())
                continue
            self.warn(number,
                      _("Không nhận ra dòng này ở phần nơi nhận, chữ ký, chưa được lưu: “%(segment)s”") % {
                          "segment": segment[:80]})
        for block in blocks:
            self._signature_block(block, dedupe=dedupe)
        if appendix_at is not None:
            self._parse_appendices(lines[appendix_at:])

    @staticmethod
    def _looks_like_name(segment: str) -> bool:
        words = segment.split()
        return 2 <= len(words) <= 7 and all(_NAME_WORD_RE.match(w) for w in words) and not any(ch.isdigit() for ch in segment)

    def _signature_block(self, block: _Block, *, dedupe: bool) -> None:
        lines = [*block.tm, *([block.delegate] if block.delegate else []), *block.title, *([block.name] if block.name else [])]
        heading = " ".join(text for _, text in block.tm)
        title = " ".join(text for _, text in block.title)
        delegate = block.delegate[1] if block.delegate else ""
        signer = block.name[1] if block.name else ""
        line_number = lines[0][0]
        source = _SIGNATURE_HEAD_RE.sub("", heading) if heading else ""
        mentions = phrases.body_mentions(fold(source))
        kind = mentions[0].kind if mentions else ""
        if not kind and not heading:
            issuer_kinds = list(dict.fromkeys(m.kind for m in phrases.body_mentions(fold(" ".join(self.result.issuers)))))
            kind = issuer_kinds[0] if len(issuer_kinds) == 1 else ""
        if not signer and not heading:
            # A title with no name under it: the regulation's title or the act's signature line repeated.
            repeated = any(fold(title) in (fold(p.title), fold(p.heading)) for p in self.result.parties)
            for number, text in lines:
                if repeated:
                    self.place(number)
                else:
                    self.warn(number, _("Không nhận ra khối chữ ký (không có tên người ký), chưa được lưu: "
                                        "“%(text)s”") % {"text": text[:80]})
            if repeated:
                self.result.note(line_number, _("Dòng “%(title)s” lặp lại chức danh đã ký ở trên; không phải "
                                                "một bên ký.") % {"title": title[:60]})
            return
        if dedupe:
            earlier = next((p for p in self.result.parties if p.body_kind == kind and (not signer or fold(p.signer) == fold(signer))), None)
            if earlier is not None:
                for number, _text in lines:
                    self.place(number)
                self.result.note(line_number, _("Khối chữ ký ở cuối quy chế lặp lại chữ ký của văn bản ban "
                                                "hành (dòng %(line)s).") % {"line": earlier.line})
                return
        for number, _text in lines:
            self.place(number)
        self.result.parties.append(ParsedParty(heading=heading, title=title, signer=signer, body_kind=kind,
                                               line=line_number, delegate=delegate))

    def _parse_appendices(self, lines) -> None:
        """"Phụ lục …", "Mẫu số …" after the signatures: kept as text, never parties or articles."""
        current: list[str] = []
        for number, line in lines:
            if not line:
                continue
            self.place(number)
            if _APPENDIX_RE.match(line) and current and not _APPENDIX_RE.match(current[-1]):
                self.result.appendices.append("\n".join(current))
                current = []
            current.append(line)
        if current:
            self.result.appendices.append("\n".join(current))

    # --- what the text asks of whom ---

    def _propose_obligations(self) -> None:
        for article in self.result.articles:
            provisions = [(article.text, "", "", None)] if article.text and not article.clauses else []
            for clause in article.clauses:
                clause_lead = phrases.find_lead(fold(clause.text))
                provisions.append((clause.text, clause.number, "", None))
                provisions.extend((p.text, clause.number, p.letter, clause_lead) for p in clause.points)
            for text, clause_number, letter, inherited in provisions:
                for proposal in phrases.propose_obligations(text, context=article.title, inherited_lead=inherited):
                    self.result.obligations.append(
                        ParsedObligation(
                            article=article.number, clause=clause_number, point=letter, action=text.split("\n")[0],
                            phrase=proposal.phrase, rule=proposal.rule,
                            lead=proposal.lead.text if proposal.lead else "",
                            lead_kind=proposal.lead.kind if proposal.lead else "",
                            cooperating_kinds=[m.kind for m in proposal.cooperating],
                            deadline_code=proposal.deadline_code,
                            lead_text=proposal.lead_text,
                        )
                    )

    def _collect_amendments(self) -> None:
        """What each amending clause (or point, or article) of an amending act does, to which provision of which act."""
        default_act = _act_named(f"{self.result.title}\n{self.result.preamble}")
        for article in self.result.articles:
            article_act = _act_named(f"{article.title}\n{article.text}") or default_act
            units = [(article.title + ("\n" + article.text if article.text else ""), "", "", article.line)] \
                if not article.clauses else []
            for clause in article.clauses:
                units.append((clause.text, clause.number, "", clause.line))
                units.extend((p.text, clause.number, p.letter, p.line) for p in clause.points)
            parent_article = ""
            for text, clause_number, letter, line in units:
                amendment = _amendment_of(text, article=article.number, clause=clause_number, point=letter,
                                          act=article_act, line=line, parent_article=parent_article)
                if amendment is not None:
                    self.result.amendments.append(amendment)
                    if not letter:
                        parent_article = amendment.target_article


def _act_named(text: str) -> str:
    match = _ACT_NUMBER_RE.search(text)
    return f"{match.group(1)} số {match.group(2).rstrip('.')}" if match else ""


def _amendment_of(text: str, *, article: str, clause: str, point: str, act: str, line: int,
                  parent_article: str = "") -> ParsedAmendment | None:
    first = text.split("\n", 1)[0]
    cut = min((first.find(q) for q in (*_OPEN_QUOTES, '"') if q in first), default=len(first))
    instruction = first[:cut]
    folded = fold(instruction)
    verb = _AMEND_VERB_RE.search(folded)
    if not verb or verb.start() > 40:
        return None
    word = verb.group(1)
    action = {"sua doi, bo sung": "amend_supplement", "sua doi": "amend", "bo sung": "supplement", "bai bo": "repeal",
              "thay the": "replace", "thay cum tu": "replace", "bo cum tu": "repeal", "dieu chinh": "amend"}[word]
    tokens = [(m.group(1).lower(), m.group(2)) for m in _CITATION_TOKEN_RE.finditer(instruction)]
    levels = ["điểm", "khoản", "điều", "mục", "chương"]
    target = {level: "" for level in levels}
    if tokens:
        first_level = levels.index(tokens[0][0])
        target[tokens[0][0]] = tokens[0][1]
        for level in levels[first_level + 1:]:
            target[level] = next((value for name, value in tokens[1:] if name == level), "")
    if not any(target.values()) and "mot so dieu" not in folded:
        return None
    if "mot so dieu" in folded and not tokens:
        return None
    if not target["điều"] and (target["khoản"] or target["điểm"]):
        target["điều"] = parent_article
    quoted = text[len(instruction):] if cut < len(first) else (text.split("\n", 1)[1] if "\n" in text else "")
    new_text = quoted.strip().strip("“”\"«» ").rstrip("”\"» .;").strip() if quoted else ""
    return ParsedAmendment(
        article=article, clause=clause, point=point, action=action, target_act=_act_named(instruction) or act,
        target_chapter=target["chương"].upper(), target_section=target["mục"], target_article=target["điều"],
        target_clause=target["khoản"], target_point=target["điểm"].lower(), instruction=instruction.strip(),
        text=new_text, line=line,
    )


def _next_letter(letter: str) -> str:
    """The Vietnamese letter after ``letter`` ("" after y, the last one)."""
    index = POINT_LETTERS.index(letter) + 1
    return POINT_LETTERS[index] if index < len(POINT_LETTERS) else ""


def _check_sequence(previous: str | None, base: int, suffix: str, line: int, *, what: str) -> None:
    """1, 2, 3, 3a, 3b, 4 …: an inserted number follows its base; no gaps."""
    if previous is None:
        if base != 1 or suffix:
            raise RegulationParseError(_("%(what)s %(number)s là số đầu tiên, nhưng phải bắt đầu từ 1.") % {
                "what": what, "number": f"{base}{suffix}"}, line)
        return
    match = re.match(r"(\d+)([a-zđ]?)", previous)
    prev_base, prev_suffix = int(match.group(1)), match.group(2)
    if suffix:
        expected_suffix = _next_letter(prev_suffix) if prev_suffix else "a"
        if base == prev_base and suffix == expected_suffix:
            return
    elif base == prev_base + 1:
        return
    raise RegulationParseError(_("%(what)s %(number)s không liền sau %(kind)s %(previous)s (thiếu số hoặc "
                                 "sai thứ tự).") % {
        "what": what, "number": f"{base}{suffix}", "kind": what.split()[0].lower(), "previous": previous}, line)


def parse_regulation(text: str) -> ParsedRegulation:
    return _Parser(text).parse()


__all__ = [
    "POINT_LETTERS", "ParsedAmendment", "ParsedArticle", "ParsedChapter", "ParsedClause", "ParsedObligation",
    "ParsedParty", "ParsedPoint", "ParsedRegulation", "ParsedSection", "RegulationParseError", "asdict",
    "normalise_text", "parse_regulation", "read_source",
]
