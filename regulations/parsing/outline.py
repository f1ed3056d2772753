"""What the parser reads a text into: the outline (chapters to points), parties, obligations, amendments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from regulations import phrases

from .patterns import _KIND_LABELS


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
        parts = [
            f"điểm {self.target_point}" if self.target_point else "",
            f"khoản {self.target_clause}" if self.target_clause else "",
            f"Điều {self.target_article}" if self.target_article else "",
            f"Mục {self.target_section}" if self.target_section else "",
            f"Chương {self.target_chapter}" if self.target_chapter else "",
        ]
        return " ".join(p for p in parts if p)


@dataclass
class ParsedRegulation:
    number: str = ""
    title: str = ""
    place: str = ""
    signed_on: date | None = None
    kind: str = (
        "regulation"  # what the document is: regulation, joint_resolution, decision, amendment, decree…
    )
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
        return (
            f"Quy chế ban hành kèm theo {label.lower()}"
            if self.is_promulgated and self.kind != "regulation"
            else label
        )

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
