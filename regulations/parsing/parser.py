"""The parser: the document as a whole (bookkeeping, the promulgating act and the regulation, cleaning,
segmentation); its header, body, tail and provisions are read by the mixins of the modules named so."""

from __future__ import annotations

import re
from collections import Counter

from django.utils.translation import gettext as _

from regulations.sources import repair_text

from .body import _BodyReading
from .header import _HeaderReading
from .outline import (
    ParsedArticle,
    ParsedChapter,
    ParsedClause,
    ParsedPoint,
    ParsedRegulation,
    ParsedSection,
    RegulationParseError,
)
from .patterns import (
    _ACT_WORDS,
    _ARTICLE_RE,
    _CHAPTER_RE,
    _CLAUSE_RE,
    _DATE_RE,
    _DOC_TITLE_RE,
    _KIND_LABELS,
    _MARKER_RE,
    _NUMBER_RE,
    _OCR_ARTICLE_RE,
    _OCR_DIGITS,
    _PAGE_NUMBER_RE,
    _POINT_RE,
    _RULE_LINE_RE,
    _SIGNATURE_HEAD_RE,
    _SIGNED_MARK_RE,
    _SPLIT_KEYWORDS,
    _TITLE_RE,
    _heading,
    _is_structural,
    _is_upper_line,
    fold,
)
from .provisions import _ProvisionsReading
from .reading import normalise_text
from .tail import _TailReading


class _Parser(_HeaderReading, _BodyReading, _TailReading, _ProvisionsReading):
    """Reads one text line by line; the parts of the document are read by the mixins it is made of."""

    def __init__(self, text: str):
        encoding, source_notes = getattr(text, "encoding", ""), getattr(text, "notes", [])
        # Legacy glyph codes first: TCVN3 writes "ư" as U+00AD, which normalising would drop as invisible.
        repaired = repair_text(str(text).replace("\r\n", "\n"), encoding=encoding)
        self.result = ParsedRegulation(encoding=repaired.encoding)
        for message in [*source_notes, *repaired.notes]:
            self.result.note(0, message)
        raw_lines = normalise_text(repaired.text).split("\n")
        self.raw = {
            n: line.rstrip() for n, line in enumerate(raw_lines, start=1)
        }  # tabs kept: columns in the tail
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
        self.result.lines = {
            "total": len(self.nonblank),
            "placed": len(self.nonblank) - warned,
            "warned": warned,
        }

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
            self.result.kind = (
                self.header_kind
                if self.header_kind in ("decision", "joint_decision", "resolution")
                else "joint_resolution"
            )
            self._parse_promulgation(lines[act_start:reg_start])
            body_start = self._parse_regulation_header(lines, reg_start, marker)
            if restart is not None:
                self.result.note(
                    lines[restart][0],
                    _(
                        "Không thấy dòng “(Ban hành kèm theo …)”: quy chế được "
                        "nhận ra từ dòng tên quy chế sau chữ ký của văn bản ban "
                        "hành."
                    ),
                )
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
        if self.result.is_promulgated or self.header_kind not in (
            "decision",
            "joint_decision",
            "resolution",
            "joint_resolution",
        ):
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
            if (
                i in page_numbers
                or counts[k] < 3
                or len(line) > 150
                or _is_structural(line)
                or _CLAUSE_RE.match(line)
                or _POINT_RE.match(line)
                or _SIGNATURE_HEAD_RE.match(line)
            ):
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
            if not any(
                text_ and (_heading(_CHAPTER_RE, text_) or _ARTICLE_RE.match(text_))
                for _, text_ in lines[end : end + 80]
            ):
                continue
            return i, end
        return None

    def _find_restart(self, lines) -> int | None:
        """Without a "(Ban hành kèm theo …)" line: the regulation's title after the promulgating act's
        signatures."""
        first_article = next(
            (i for i, (_, text_) in enumerate(lines) if text_ and _ARTICLE_RE.match(text_)), None
        )
        if first_article is None:
            return None
        tail = next(
            (
                i
                for i, (_, text_) in enumerate(lines[first_article:], start=first_article)
                if text_
                and (
                    fold(text_).startswith("noi nhan")
                    or (_SIGNATURE_HEAD_RE.match(text_) and _is_upper_line(text_))
                )
            ),
            None,
        )
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
        """Where the regulation's own header begins, going back from its "(Ban hành kèm theo …)" line or title
        over the title, the repeated issuer lines, the national motto and rules — never over a signature."""
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
            if (
                not line
                or _RULE_LINE_RE.match(line)
                or folded.startswith(("cong hoa xa hoi", "doc lap - tu do"))
                or _NUMBER_RE.match(line)
                or _DATE_RE.match(line)
            ):
                i -= 1
                continue
            if _is_upper_line(line) and not _SIGNATURE_HEAD_RE.match(line) and not _TITLE_RE.match(folded):
                i -= 1
                continue
            break
        return i


def parse_regulation(text: str) -> ParsedRegulation:
    return _Parser(text).parse()
