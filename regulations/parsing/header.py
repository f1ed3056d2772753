"""The header of a text (issuers, number, date, kind, title, preamble), a promulgating act's own articles,
and the regulation's title block after it: a part of the parser."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

from .outline import RegulationParseError
from .patterns import (
    _AMEND_VERB_RE,
    _ARTICLE_RE,
    _CHAPTER_RE,
    _DATE_RE,
    _DOC_TITLE_RE,
    _HEADER_KINDS,
    _NUMBER_RE,
    _PREAMBLE_START,
    _RULE_LINE_RE,
    _SIGNATURE_HEAD_RE,
    _heading,
    _is_upper_line,
    fold,
)


class _HeaderReading:
    """The header and the promulgating act (a part of ``_Parser``)."""

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
                kind_word = next(
                    (
                        k
                        for k in sorted(_HEADER_KINDS, key=len, reverse=True)
                        if folded == k or (folded.startswith(k + " ") and _is_upper_line(line))
                    ),
                    None,
                )
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
        """The promulgating act's own articles, recipients and signatures; its articles are not the
        regulation's."""
        text: list[str] = []
        tail_start = len(lines)
        for index, (number, line) in enumerate(lines):
            if line and (
                fold(line).startswith("noi nhan") or (_SIGNATURE_HEAD_RE.match(line) and _is_upper_line(line))
            ):
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
        end = next(
            (
                i
                for i in range(marker[1] if marker else start, len(lines))
                if lines[i][1] and (_heading(_CHAPTER_RE, lines[i][1]) or _ARTICLE_RE.match(lines[i][1]))
            ),
            len(lines),
        )
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
