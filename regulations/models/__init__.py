"""The coordination regulation as a structured, versioned document (DOMAIN.md §2).

A Regulation has parties (with their signature rows), chapters, optional sections (Mục), articles,
clauses and points; every provision has a stable anchor and a citation string. Obligations are the
deadline rules the articles state; a confirmed one overrides the law's default for its code
(coordination.deadline_rules.rule_for).

One module per part: ``base`` (NFC text, document numbers), ``regulation`` (the regulation, its status
changes and parties), ``outline`` (chapters to points), ``obligations``, ``amendments``.
"""

from .amendments import AmendingProvision, Amendment
from .base import NfcTextMixin, validate_document_number
from .obligations import Obligation
from .outline import Article, Chapter, Clause, Point, Section
from .regulation import Party, Regulation, RegulationStatusChange

__all__ = [
    "AmendingProvision", "Amendment", "Article", "Chapter", "Clause", "NfcTextMixin", "Obligation", "Party",
    "Point", "Regulation", "RegulationStatusChange", "Section", "validate_document_number",
]
