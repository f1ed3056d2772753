"""Workflows of the Council's work. Every deadline is a FollowUp (rule 4), every date comes from the
calendar service (``due_date_for``), and every message goes through the outbox (rule 6).

One module per part of the work; callers import from ``sessions.services`` as before.
"""

from ._common import EXPLANATION_NOTICE_SOURCE, REVIEW_SOURCE, SUBMISSION_SOURCE
from .confidence import (
    RATING_THRESHOLDS,
    rating_check,
    rating_record,
    rating_thresholds,
    rating_thresholds_ensure,
)
from .questioning import (
    commitment_add,
    council_standing,
    explanation_notice_due,
    meeting_conclude,
    meeting_set_dates,
    meeting_track,
    question_answer,
    question_ask,
)
from .sessions import (
    SESSION_DEADLINES,
    SESSION_STATUS_ORDER,
    DueDateChange,
    resolution_record,
    session_move,
    session_move_changes,
    session_next_status,
    session_schedule,
    session_set_status,
    submission_create,
    submission_document_add,
    submission_document_title,
    submission_record,
    submission_review_record,
)
from .supervision import (
    MISSION_STEPS,
    mission_create,
    mission_progress,
    mission_record_step,
    mission_set_team,
    mission_step_due,
    recommendation_add,
    recommendation_answer,
    recommendation_verify,
)

__all__ = [
    "DueDateChange",
    "EXPLANATION_NOTICE_SOURCE",
    "MISSION_STEPS",
    "RATING_THRESHOLDS",
    "REVIEW_SOURCE",
    "SESSION_DEADLINES",
    "SESSION_STATUS_ORDER",
    "SUBMISSION_SOURCE",
    "commitment_add",
    "council_standing",
    "explanation_notice_due",
    "meeting_conclude",
    "meeting_set_dates",
    "meeting_track",
    "mission_create",
    "mission_progress",
    "mission_record_step",
    "mission_set_team",
    "mission_step_due",
    "question_answer",
    "question_ask",
    "rating_check",
    "rating_record",
    "rating_thresholds",
    "rating_thresholds_ensure",
    "recommendation_add",
    "recommendation_answer",
    "recommendation_verify",
    "resolution_record",
    "session_move",
    "session_move_changes",
    "session_next_status",
    "session_schedule",
    "session_set_status",
    "submission_create",
    "submission_document_add",
    "submission_document_title",
    "submission_record",
    "submission_review_record",
]
