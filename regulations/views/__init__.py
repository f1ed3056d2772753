"""The regulations' views; urls.py reads them as ``views.<name>``."""

from .importing import regulation_import, regulation_import_preview
from .pages import (
    article_edit,
    obligation_decide,
    obligation_edit,
    obligations_confirm_all,
    party_sign,
    regulation_compare,
    regulation_consistency_view,
    regulation_detail,
    regulation_edit,
    regulation_export,
    regulation_history,
    regulation_list,
    regulation_scan,
    regulation_transition,
)

__all__ = [
    "article_edit",
    "obligation_decide",
    "obligation_edit",
    "obligations_confirm_all",
    "party_sign",
    "regulation_compare",
    "regulation_consistency_view",
    "regulation_detail",
    "regulation_edit",
    "regulation_export",
    "regulation_history",
    "regulation_import",
    "regulation_import_preview",
    "regulation_list",
    "regulation_scan",
    "regulation_transition",
]
