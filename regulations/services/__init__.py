"""Workflows on regulations: import, status transitions, signatures, obligations, amendments.

One module per workflow: ``importing`` (saving a parsed text), ``lifecycle`` (statuses, signatures, header,
obligations), ``articles`` (editing an article's text); ``base`` holds ``RegulationError``.
"""

from .articles import align_texts, article_update
from .base import HEADER_LOCKED, RegulationError
from .importing import regulation_import, unit_bodies_by_kind, warnings_summary
from .lifecycle import (
    TransitionPlan,
    obligation_confirm,
    obligation_reject,
    obligation_update,
    obligations_confirm_all,
    party_sign,
    regulation_scan_attach,
    regulation_transition,
    regulation_transition_plan,
    regulation_update,
)

__all__ = [
    "HEADER_LOCKED",
    "RegulationError",
    "TransitionPlan",
    "align_texts",
    "article_update",
    "obligation_confirm",
    "obligation_reject",
    "obligation_update",
    "obligations_confirm_all",
    "party_sign",
    "regulation_import",
    "regulation_scan_attach",
    "regulation_transition",
    "regulation_transition_plan",
    "regulation_update",
    "unit_bodies_by_kind",
    "warnings_summary",
]
