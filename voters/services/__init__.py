"""Workflows of the voters app. Every deadline goes through coordination follow-ups (rule 4) and every
due date through ``due_date_for`` (rule 5). Callers have already authorized the user.

One module per part of the work; callers import from ``voters.services`` as before.
"""

from ._common import _current_followup
from .letters import (
    COMPLAINT_RESOLUTION,
    MAX_DENUNCIATION_EXTENSIONS,
    REDACTED_FIELDS,
    identity_grant,
    identity_reveal,
    identity_revoke,
    letter_accept,
    letter_assign_handler,
    letter_close,
    letter_extend,
    letter_forward,
    letter_register,
    letter_save,
)
from .petitions import (
    COMPETENCE_RANK,
    petition_answer,
    petition_create_from_opinion,
    petition_link_recurring,
    petition_merge,
    petition_route,
    petition_verify,
    petitions_reopen_overdue,
    proposal_decide,
    proposals_refresh,
    recurring_candidates,
)
from .reception import (
    reception_day_create,
    reception_days_generate,
    reception_visit_log,
    reception_visit_reply,
)
from .rounds import (
    ImportRow,
    meeting_create,
    meeting_record_held,
    opinion_record,
    opinions_import,
    round_create,
    round_mark_compiled,
    round_move,
)

__all__ = [
    "COMPETENCE_RANK",
    "COMPLAINT_RESOLUTION",
    "ImportRow",
    "MAX_DENUNCIATION_EXTENSIONS",
    "REDACTED_FIELDS",
    "_current_followup",
    "identity_grant",
    "identity_reveal",
    "identity_revoke",
    "letter_accept",
    "letter_assign_handler",
    "letter_close",
    "letter_extend",
    "letter_forward",
    "letter_register",
    "letter_save",
    "meeting_create",
    "meeting_record_held",
    "opinion_record",
    "opinions_import",
    "petition_answer",
    "petition_create_from_opinion",
    "petition_link_recurring",
    "petition_merge",
    "petition_route",
    "petition_verify",
    "petitions_reopen_overdue",
    "proposal_decide",
    "proposals_refresh",
    "reception_day_create",
    "reception_days_generate",
    "reception_visit_log",
    "reception_visit_reply",
    "recurring_candidates",
    "round_create",
    "round_mark_compiled",
    "round_move",
]
