"""The end of a text: recipients, signature blocks (one after another, side by side, flattened) and
appendices: a part of the parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from regulations import phrases

from .outline import ParsedParty
from .patterns import (
    _APPENDIX_RE,
    _DELEGATE_RE,
    _NAME_WORD_RE,
    _RULE_LINE_RE,
    _SIGNATURE_HEAD_RE,
    _SIGNED_MARK_RE,
    _TITLE_RE,
    _is_upper_line,
    fold,
)


@dataclass
class _Block:
    """A signature block being assembled: heading (TM. …, maybe wrapped), delegation (KT./Q./TL.), title,
    name."""

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

class _TailReading:
    """Recipients, signatures and appendices (a part of ``_Parser``)."""

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
        flat: list[
            _Block
        ] = []  # headings one under another with nothing between: blocks flattened into lines
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
            if (
                segment.startswith(("-", "+", "•", "*"))
                and len(segment) > 1
                and not _RULE_LINE_RE.match(segment)
            ):
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
                if (
                    target is None
                    and kind in ("delegate", "upper")
                    and not (column is not None and column in columns)
                ):
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
        return (
            2 <= len(words) <= 7
            and all(_NAME_WORD_RE.match(w) for w in words)
            and not any(ch.isdigit() for ch in segment)
        )

    def _signature_block(self, block: _Block, *, dedupe: bool) -> None:
        lines = [
            *block.tm,
            *([block.delegate] if block.delegate else []),
            *block.title,
            *([block.name] if block.name else []),
        ]
        heading = " ".join(text for _, text in block.tm)
        title = " ".join(text for _, text in block.title)
        delegate = block.delegate[1] if block.delegate else ""
        signer = block.name[1] if block.name else ""
        line_number = lines[0][0]
        source = _SIGNATURE_HEAD_RE.sub("", heading) if heading else ""
        mentions = phrases.body_mentions(fold(source))
        kind = mentions[0].kind if mentions else ""
        if not kind and not heading:
            issuer_kinds = list(
                dict.fromkeys(m.kind for m in phrases.body_mentions(fold(" ".join(self.result.issuers))))
            )
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
            earlier = next(
                (
                    p
                    for p in self.result.parties
                    if p.body_kind == kind and (not signer or fold(p.signer) == fold(signer))
                ),
                None,
            )
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
