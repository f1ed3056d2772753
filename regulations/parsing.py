"""Reading a regulation text (.txt in any encoding Word produces, or .docx) into an outline.

The outline follows Decree 30/2020 numbering (DOMAIN.md §2): Chương (Roman), optional Mục,
Điều 1 / 3a, clauses 1. / 1a., points a) … đ) …, unnumbered continuation paragraphs, a promulgating
joint resolution before "(Ban hành kèm theo …)", "Nơi nhận:" and signature blocks. Text that cannot
be placed becomes a warning with its line number; duplicate or missing numbers raise
RegulationParseError naming the line, so nothing is saved from a text we misread.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date

from coordination.text import fold, to_nfc
from regulations import phrases

POINT_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"]
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# A chapter or section title follows on the next line, after a dash, or after a plain space.
_CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+)(?:\s*[-–—.:]\s*(.*)|\s+(\S.*))?$")
_SECTION_RE = re.compile(r"^(?:Mục|MỤC)\s+(\d+)(?:\s*[-–—.:]\s*(.*)|\s+(\S.*))?$")
_ARTICLE_RE = re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)([a-zđ]?)\s*[.:]\s*(.*)$")
_CLAUSE_RE = re.compile(r"^(\d{1,2})([a-zđ]?)\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^([a-zđ])\)\s+(\S.*)$")
_NUMBER_RE = re.compile(r"^Số\s*:\s*(\S+)", re.IGNORECASE)
_DATE_RE = re.compile(r"^(.{2,60}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_PROMULGATED_RE = re.compile(r"^\(\s*Ban hành kèm theo", re.IGNORECASE)
_RULE_LINE_RE = re.compile(r"^[-_=*.\s]{3,}$")
_SIGNATURE_HEAD_RE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.)\s*", re.IGNORECASE)


def _heading(pattern: re.Pattern, line: str) -> re.Match | None:
    """A chapter or section heading; after a plain space the title must start with a capital, so a
    sentence such as "Chương I của Quy chế này …" stays text."""
    match = pattern.match(line)
    if match and match.group(3) and not match.group(3)[0].isupper():
        return None
    return match


def _heading_title(match: re.Match) -> str:
    return (match.group(2) or match.group(3) or "").strip()


class RegulationParseError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.message = message
        super().__init__(f"Dòng {line}: {message}" if line else message)


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


@dataclass
class ParsedRegulation:
    number: str = ""
    title: str = ""
    place: str = ""
    signed_on: date | None = None
    is_promulgated: bool = False  # a joint resolution / decision precedes the regulation text
    issuers: list[str] = field(default_factory=list)
    preamble: str = ""
    promulgation: str = ""
    chapters: list[ParsedChapter] = field(default_factory=list)
    articles_outside_chapters: list[ParsedArticle] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    parties: list[ParsedParty] = field(default_factory=list)
    obligations: list[ParsedObligation] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    @property
    def articles(self) -> list[ParsedArticle]:
        return self.articles_outside_chapters + [a for ch in self.chapters for a in ch.articles]

    def warn(self, line: int, message: str) -> None:
        self.warnings.append({"line": line, "message": message})

    def outline(self) -> dict:
        """The JSON shape of ``import_regulation --dry-run --format json``."""
        return {
            "number": self.number,
            "title": self.title,
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
            "warnings": self.warnings,
        }


def _describe(rule: phrases.ProposedRule) -> str:
    from coordination.models import StatutoryRule

    return StatutoryRule(**asdict(rule)).describe()


# --- Reading files ---------------------------------------------------------------------------------


def read_source(*, data: bytes, filename: str = "") -> str:
    """The text of an uploaded file: .docx paragraphs, or .txt in UTF-8 (BOM or not) / UTF-16; NFC, LF."""
    if filename.lower().endswith(".docx") or data[:2] == b"PK":
        text = _docx_text(data)
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RegulationParseError(
                "Không đọc được tệp: nội dung không phải văn bản UTF-8 hay tệp Word .docx. "
                "Hãy lưu lại dưới dạng .docx hoặc .txt (UTF-8)."
            ) from None
    if "\x00" in text:
        raise RegulationParseError("Không đọc được tệp: có ký tự nhị phân, không phải văn bản.")
    return normalise_text(text)


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RegulationParseError(f"Không đọc được tệp Word .docx ({exc.__class__.__name__}).") from None
    lines: list[str] = []
    # Body paragraphs and tables in document order (signature blocks are often laid out in a table).
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    lines.append("")
    return "\n".join(lines)


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))
    return to_nfc(text)


# --- Parsing ---------------------------------------------------------------------------------------


def roman_value(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        value = ROMAN[ch]
        total += -value if i + 1 < len(numeral) and ROMAN[numeral[i + 1]] > value else value
    return total


def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


class _Parser:
    def __init__(self, text: str):
        self.lines = [(n, line.strip()) for n, line in enumerate(normalise_text(text).split("\n"), start=1)]
        self.result = ParsedRegulation()
        self.chapter: ParsedChapter | None = None
        self.section: ParsedSection | None = None
        self.article: ParsedArticle | None = None
        self.clause: ParsedClause | None = None
        self.point: ParsedPoint | None = None
        self.seen_articles: dict[str, int] = {}

    # The document has a header (issuers, number, place and date, title, preamble), an optional
    # promulgating act, the body, then recipients and signatures.
    def parse(self) -> ParsedRegulation:
        promulgated_at = next((i for i, (_, line) in enumerate(self.lines) if _PROMULGATED_RE.match(line)), None)
        if promulgated_at is not None:
            self.result.is_promulgated = True
            start = self._parse_header(self.lines[:promulgated_at], promulgating=True)
            self._parse_promulgation(self.lines[start:promulgated_at])
            body = self.lines[promulgated_at + 1:]
        else:
            start = self._parse_header(self.lines, promulgating=False)
            body = self.lines[start:]
        self._parse_body(body)
        if not self.result.articles:
            raise RegulationParseError("Không tìm thấy điều nào (dòng bắt đầu bằng “Điều 1.”). Văn bản không phải quy chế?")
        self._propose_obligations()
        return self.result

    def _parse_header(self, lines, *, promulgating: bool) -> int:
        """Reads the header; returns the index where the body (or the promulgating act's articles) starts."""
        result = self.result
        title_lines: list[str] = []
        preamble: list[str] = []
        in_title = in_issuers = False
        issuer_done = False
        for index, (number, line) in enumerate(lines):
            if not line:
                in_title = False
                continue
            if _ARTICLE_RE.match(line) or _heading(_CHAPTER_RE, line) or (
                promulgating and fold(line).startswith(("quyet nghi", "quyet dinh:"))
            ):
                result.title = result.title or " ".join(title_lines)
                result.preamble = "\n".join(preamble)
                return index + 1 if fold(line).startswith(("quyet nghi", "quyet dinh:")) else index
            if _RULE_LINE_RE.match(line):
                issuer_done = issuer_done or in_issuers
                in_issuers = False
                continue
            folded = fold(line)
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
                    raise RegulationParseError(f"Ngày ký “{line}” không phải ngày có thật.", number) from None
                result.place = match.group(1).strip()
                continue
            if not issuer_done and _is_upper_line(line):
                result.issuers.append(line)
                in_issuers = True
                continue
            if folded in ("quy che", "nghi quyet lien tich", "quyet dinh", "nghi quyet"):
                in_title, title_lines = True, []
                continue
            if in_title:
                title_lines.append(line)
                continue
            preamble.append(line)
        result.title = result.title or " ".join(title_lines)
        result.preamble = "\n".join(preamble)
        return len(lines)

    def _parse_promulgation(self, lines) -> None:
        """The joint resolution's own articles, recipients and signatures; its articles are not the regulation's."""
        text: list[str] = []
        tail_start = len(lines)
        for index, (_, line) in enumerate(lines):
            if fold(line).startswith("noi nhan"):
                tail_start = index
                break
            if fold(line) in ("quy che",):  # the regulation's own title starts
                tail_start = index
                break
            text.append(line)
        self.result.promulgation = "\n".join(t for t in text if t).strip()
        self._parse_tail(lines[tail_start:])
        # The regulation's title written between the resolution and "(Ban hành kèm theo …)".
        title_at = next((i for i, (_, line) in enumerate(lines) if fold(line) == "quy che"), None)
        if title_at is not None:
            title = [line for _, line in lines[title_at + 1:] if line]
            self.result.title = " ".join(title) or self.result.title

    def _parse_body(self, lines) -> None:
        pending_title_for = None  # a chapter or section whose title comes on the next line
        for index, (number, line) in enumerate(lines):
            if not line or _RULE_LINE_RE.match(line):
                continue
            if fold(line).startswith("noi nhan"):
                self._parse_tail(lines[index:])
                return
            if _SIGNATURE_HEAD_RE.match(line) and _is_upper_line(line):
                self._parse_tail(lines[index:])
                return
            if pending_title_for is not None:
                structural = _ARTICLE_RE.match(line) or _heading(_SECTION_RE, line) or _heading(_CHAPTER_RE, line)
                # The title is the next line, and the capitalised lines after it when it wraps.
                if not structural and (not pending_title_for.title or _is_upper_line(line)):
                    pending_title_for.title = f"{pending_title_for.title} {line}".strip()
                    continue
                pending_title_for = None
            if match := _heading(_CHAPTER_RE, line):
                pending_title_for = self._start_chapter(match, number)
            elif match := _heading(_SECTION_RE, line):
                pending_title_for = self._start_section(match, number)
            elif match := _ARTICLE_RE.match(line):
                self._start_article(match, number)
            elif self.article is not None and (match := _CLAUSE_RE.match(line)):
                self._start_clause(match, number)
            elif self.clause is not None and (match := _POINT_RE.match(line)):
                self._start_point(match, number)
            elif self.article is not None:
                self._continue(line)
            else:
                self.result.warn(number, f"Không xác định được đoạn này thuộc điều nào, chưa được lưu: “{line[:80]}”")

    def _start_chapter(self, match, number) -> ParsedChapter | None:
        numeral, title = match.group(1), _heading_title(match)
        expected = roman_value(self.result.chapters[-1].number) + 1 if self.result.chapters else 1
        if roman_value(numeral) != expected:
            raise RegulationParseError(f"Chương {numeral} không đúng thứ tự (cần Chương thứ {expected}).", number)
        self.chapter = ParsedChapter(numeral, title, number)
        self.result.chapters.append(self.chapter)
        self.section = self.article = self.clause = self.point = None
        return None if title else self.chapter

    def _start_section(self, match, number) -> ParsedSection | None:
        if self.chapter is None:
            self.result.warn(number, f"Mục {match.group(1)} nằm ngoài chương nào; bỏ qua dòng tiêu đề mục.")
            return None
        title = _heading_title(match)
        self.section = ParsedSection(match.group(1), title, number)
        self.chapter.sections.append(self.section)
        self.article = self.clause = self.point = None
        return None if title else self.section

    def _start_article(self, match, number) -> None:
        base, suffix, title = int(match.group(1)), match.group(2), match.group(3).strip()
        label = f"{base}{suffix}"
        if label in self.seen_articles:
            raise RegulationParseError(f"Điều {label} bị trùng số (đã có ở dòng {self.seen_articles[label]}).", number)
        previous = self.result.articles[-1].number if self.result.articles else None
        _check_sequence(previous, base, suffix, number, what="Điều")
        self.seen_articles[label] = number
        self.article = ParsedArticle(label, title, number, section=self.section.number if self.section else "")
        (self.chapter.articles if self.chapter else self.result.articles_outside_chapters).append(self.article)
        self.clause = self.point = None

    def _start_clause(self, match, number) -> None:
        base, suffix, text = int(match.group(1)), match.group(2), match.group(3).strip()
        previous = self.article.clauses[-1].number if self.article.clauses else None
        if f"{base}{suffix}" in {c.number for c in self.article.clauses}:
            raise RegulationParseError(f"Khoản {base}{suffix} Điều {self.article.number} bị trùng số.", number)
        _check_sequence(previous, base, suffix, number, what=f"Khoản (Điều {self.article.number})")
        self.clause = ParsedClause(f"{base}{suffix}", text, number)
        self.article.clauses.append(self.clause)
        self.point = None

    def _start_point(self, match, number) -> None:
        letter, text = match.group(1), match.group(2).strip()
        expected = _next_letter(self.clause.points[-1].letter) if self.clause.points else "a"
        where = f"Điểm {letter}) khoản {self.clause.number} Điều {self.article.number}"
        wanted = f"cần điểm {expected}" if expected else "điểm y là chữ cái cuối cùng"
        # f, j, w, z are not Vietnamese letters: an error rather than a guess, since "f)" after "e)"
        # is as likely a typed "g)" as a paragraph that happens to start that way.
        if letter not in POINT_LETTERS:
            raise RegulationParseError(
                f"{where}: chữ “{letter}” không có trong bảng chữ cái tiếng Việt (không dùng f, j, w, z); "
                f"{wanted}.",
                number,
            )
        if letter != expected:
            raise RegulationParseError(
                f"{where} không đúng thứ tự ({wanted}); "
                "bảng chữ cái tiếng Việt: a, b, c, d, đ, e, g…",
                number,
            )
        self.point = ParsedPoint(letter, text, number)
        self.clause.points.append(self.point)

    def _continue(self, line: str) -> None:
        """An unnumbered paragraph continues the provision above it."""
        target = self.point or self.clause
        if target is not None:
            target.text = f"{target.text}\n{line}"
        else:
            self.article.text = f"{self.article.text}\n{line}".strip()

    def _parse_tail(self, lines) -> None:
        """"Nơi nhận:" lines starting with "-", then signature blocks separated by blank lines."""
        block: list[tuple[int, str]] = []
        blocks: list[list[tuple[int, str]]] = []
        for number, line in lines:
            folded = fold(line)
            if folded.startswith("noi nhan"):
                continue
            if line.startswith(("-", "+", "•")) and not block:
                self.result.recipients.append(line.lstrip("-+• ").rstrip(";.").strip())
                continue
            if not line or folded in ("(da ky)", "(ky, ghi ro ho ten)", "(da ky va dong dau)"):
                if block and not line:
                    blocks.append(block)
                    block = []
                continue
            block.append((number, line))
        if block:
            blocks.append(block)
        for block in blocks:
            self._signature_block(block)

    def _signature_block(self, block) -> None:
        heads = [line for _, line in block if _is_upper_line(line)]
        names = [line for _, line in block if not _is_upper_line(line)]
        line_number = block[0][0]
        if not heads or not names:
            for number, line in block:
                self.result.warn(number, f"Không nhận ra khối chữ ký hay nơi nhận, chưa được lưu: “{line[:80]}”")
            return
        heading = heads[0] if len(heads) > 1 else ""
        title = " ".join(heads[1:]) if len(heads) > 1 else heads[0]
        for number, extra in block[len(heads) + 1:]:
            self.result.warn(number, f"Dòng thừa sau tên người ký, chưa được lưu: “{extra[:80]}”")
        mentions = phrases.body_mentions(fold(_SIGNATURE_HEAD_RE.sub("", heading or title)))
        self.result.parties.append(
            ParsedParty(heading=heading, title=title, signer=names[0], body_kind=mentions[0].kind if mentions else "",
                        line=line_number)
        )

    def _propose_obligations(self) -> None:
        for article in self.result.articles:
            provisions = [(article.text, "", "", None)] if article.text and not article.clauses else []
            for clause in article.clauses:
                clause_lead = phrases.find_lead(fold(clause.text))
                provisions.append((clause.text, clause.number, "", None))
                provisions.extend((p.text, clause.number, p.letter, clause_lead) for p in clause.points)
            for text, clause_number, letter, inherited in provisions:
                proposal = phrases.propose_obligation(text, context=article.title, inherited_lead=inherited)
                if proposal is None:
                    continue
                self.result.obligations.append(
                    ParsedObligation(
                        article=article.number, clause=clause_number, point=letter, action=text.split("\n")[0],
                        phrase=proposal.phrase, rule=proposal.rule,
                        lead=proposal.lead.text if proposal.lead else "",
                        lead_kind=proposal.lead.kind if proposal.lead else "",
                        cooperating_kinds=[m.kind for m in proposal.cooperating],
                        deadline_code=proposal.deadline_code,
                    )
                )


def _next_letter(letter: str) -> str:
    """The Vietnamese letter after ``letter`` ("" after y, the last one)."""
    index = POINT_LETTERS.index(letter) + 1
    return POINT_LETTERS[index] if index < len(POINT_LETTERS) else ""


def _check_sequence(previous: str | None, base: int, suffix: str, line: int, *, what: str) -> None:
    """1, 2, 3, 3a, 3b, 4 …: an inserted number follows its base; no gaps."""
    if previous is None:
        if base != 1 or suffix:
            raise RegulationParseError(f"{what} {base}{suffix} là số đầu tiên, nhưng phải bắt đầu từ 1.", line)
        return
    match = re.match(r"(\d+)([a-zđ]?)", previous)
    prev_base, prev_suffix = int(match.group(1)), match.group(2)
    if suffix:
        expected_suffix = _next_letter(prev_suffix) if prev_suffix else "a"
        if base == prev_base and suffix == expected_suffix:
            return
    elif base == prev_base + 1:
        return
    raise RegulationParseError(f"{what} {base}{suffix} không liền sau {what.split()[0].lower()} {previous} (thiếu số hoặc sai thứ tự).", line)


def parse_regulation(text: str) -> ParsedRegulation:
    return _Parser(text).parse()
