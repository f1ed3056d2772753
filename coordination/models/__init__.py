"""Who works together, where, and everything they owe each other.

Administrative units are versioned (the 1 July 2025 reform abolished districts and merged
provinces), bodies belong to a unit, users act through memberships in bodies, and every deadline
of every app is one FollowUp row (ARCHITECTURE.md rule 4).

One module per subject; Django finds the models through the imports below, and ``from coordination.models
import Body`` keeps working. Modules of the package import each other directly, never from this file.
"""

from .api import ApiToken, ApiTokenUse, IdempotentRequest, token_digest
from .base import ClosesOwnFollowUps, PlannedThenHeld, SearchTextModel
from .bodies import (
    MAIN_BODY_KINDS,
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyGroupObjectPermission,
    BodyKind,
    BodyUserObjectPermission,
    CoordinationArea,
    Deputy,
    Membership,
    Person,
    Position,
    Role,
    Term,
)
from .calendar import (
    DAY_OFF_SHIFT_BASIS,
    CalendarDay,
    DayOffShift,
    DayUnit,
    DeadlineAnchor,
    DeadlineRule,
    StatutoryRule,
)
from .followups import (
    CHANGE_REASON_MAX_CHARS,
    COMMENT_MAX_CHARS,
    NUDGE_MESSAGE_MAX_CHARS,
    FollowUp,
    FollowUpComment,
    FollowUpNudge,
    FollowUpQuerySet,
)
from .notifications import NotificationPreference
from .outbox import MailServerStatus, OutboxMessage, TaskHeartbeat
from .reports import GeneratedReport
from .signatures import DocumentSignature, SignatureCheck, SigningCredential

__all__ = [
    # what models inherit
    "SearchTextModel", "ClosesOwnFollowUps", "PlannedThenHeld",
    # units, bodies, people
    "AdministrativeLevel", "AdministrativeUnit", "Term", "BodyKind", "MAIN_BODY_KINDS", "Body",
    "BodyUserObjectPermission", "BodyGroupObjectPermission", "Person", "Position", "Deputy", "Role",
    "Membership", "CoordinationArea",
    # calendar and deadline rules
    "CalendarDay", "DayUnit", "DayOffShift", "DAY_OFF_SHIFT_BASIS", "DeadlineAnchor", "DeadlineRule",
    "StatutoryRule",
    # follow-ups
    "FollowUpQuerySet", "FollowUp", "FollowUpNudge", "NUDGE_MESSAGE_MAX_CHARS", "FollowUpComment",
    "COMMENT_MAX_CHARS", "CHANGE_REASON_MAX_CHARS",
    # generated documents, signatures, outgoing mail
    "GeneratedReport", "SigningCredential", "DocumentSignature", "SignatureCheck", "OutboxMessage",
    "MailServerStatus", "TaskHeartbeat",
    # per-user notification settings
    "NotificationPreference",
    # personal API tokens, their uses, idempotent POSTs
    "ApiToken", "ApiTokenUse", "IdempotentRequest", "token_digest",
]
