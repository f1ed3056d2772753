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

One module per part: ``patterns`` (the regular expressions and one-line tests), ``outline`` (what a text is
read into, and ``RegulationParseError``), ``reading`` (files), ``parser`` (the document as a whole), and
the parts the parser is made of: ``header``, ``body``, ``tail`` (recipients, signatures, appendices),
``provisions`` (obligations proposed, amendments).
"""

from dataclasses import asdict

from .outline import (
    ParsedAmendment,
    ParsedArticle,
    ParsedChapter,
    ParsedClause,
    ParsedObligation,
    ParsedParty,
    ParsedPoint,
    ParsedRegulation,
    ParsedSection,
    RegulationParseError,
)
from .parser import parse_regulation
from .patterns import POINT_LETTERS
from .reading import normalise_text, read_source

__all__ = [
    "POINT_LETTERS", "ParsedAmendment", "ParsedArticle", "ParsedChapter", "ParsedClause", "ParsedObligation",
    "ParsedParty", "ParsedPoint", "ParsedRegulation", "ParsedSection", "RegulationParseError", "asdict",
    "normalise_text", "parse_regulation", "read_source",
]
