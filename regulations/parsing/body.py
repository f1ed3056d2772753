"""The body of a text: chapters, sections, articles, clauses, points and quoted new text, numbered in order:
a part of the parser."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from regulations.sources import roman_numeral

from .outline import (
    ParsedArticle,
    ParsedChapter,
    ParsedClause,
    ParsedPoint,
    ParsedSection,
    RegulationParseError,
)
from .patterns import (
    _AMEND_START_RE,
    _AMEND_VERB_RE,
    _APPENDIX_RE,
    _ARTICLE_RE,
    _CHAPTER_RE,
    _CLAUSE_LOOSE_RE,
    _CLAUSE_RE,
    _CLOSE_QUOTES,
    _FOOTNOTE_RE,
    _POINT_LOOSE_RE,
    _POINT_RE,
    _RULE_LINE_RE,
    _SECTION_RE,
    _SIGNATURE_HEAD_RE,
    _TABLE_ROW_RE,
    POINT_LETTERS,
    _heading,
    _heading_title,
    _is_structural,
    _is_upper_line,
    _next_letter,
    _quote_balance,
    fold,
    roman_value,
)


class _BodyReading:
    """The body (a part of ``_Parser``)."""

    def _parse_body(self, lines, *, dedupe: bool) -> None:
        pending_title_for = None  # a chapter or section whose title comes on the next line
        for index, (number, line) in enumerate(lines):
            if not line:
                continue
            if self.quote is not None:
                if self._quote_ends_before(line):
                    self.result.note(
                        self.quote["line"],
                        _(
                            "Ngoặc kép mở ở dòng %(line)s chưa đóng: coi như "
                            "phần trích dẫn kết thúc trước dòng %(number)s."
                        )
                        % {"line": self.quote["line"], "number": number},
                    )
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
        return _quote_balance(line) < 0 or (
            line.rstrip(" .;,").endswith(tuple(_CLOSE_QUOTES)) and _quote_balance(line) <= 0
        )

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
            numeral = roman_numeral(int(numeral))
        expected = roman_value(self.result.chapters[-1].number) + 1 if self.result.chapters else 1
        if roman_value(numeral) != expected:
            raise RegulationParseError(
                _("Chương %(numeral)s không đúng thứ tự (cần Chương thứ %(expected)s).")
                % {"numeral": numeral, "expected": expected},
                number,
            )
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
        self.article = ParsedArticle(
            label, title, number, section=self.section.number if self.section else ""
        )
        (self.chapter.articles if self.chapter else self.result.articles_outside_chapters).append(
            self.article
        )
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
                _("%(where)s không đúng thứ tự (%(wanted)s); bảng chữ cái tiếng Việt: a, b, c, d, đ, e, g…")
                % {"where": where, "wanted": wanted},
                number,
            )
        self.place(number)
        self.point = ParsedPoint(letter, text, number)
        self.clause.points.append(self.point)

    def _continue(self, line: str, number: int) -> None:
        """An unnumbered paragraph (a table row, a footnote, quoted new text) continues the provision above
        it."""
        self.place(number)
        target = self.point or self.clause
        if target is not None:
            target.text = f"{target.text}\n{line}"
        elif (
            self.article.title
            or self.article.text
            or not (len(line) <= 200 and not line.endswith((".", ";", ":")))
        ):
            self.article.text = f"{self.article.text}\n{line}".strip()
        else:
            self.article.title = line  # "Điều 3." alone on its line, the title on the next


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
    raise RegulationParseError(
        _("%(what)s %(number)s không liền sau %(kind)s %(previous)s (thiếu số hoặc sai thứ tự).")
        % {"what": what, "number": f"{base}{suffix}", "kind": what.split()[0].lower(), "previous": previous},
        line,
    )
