"""The Council's work (DOMAIN.md §3): sessions, Standing Committee meetings, agenda, submissions,
resolutions, questioning, confidence ratings, supervision missions and their recommendations.

Every deadline here is a FollowUp opened by sessions/services/; the dates stored on these rows
are the ones the calendar service computed, kept for display and for the late badge.

One module per part of the work; Django finds the models because this package imports them. The history
models (``Historical<Model>``) are made by simple_history in the module of their model, re-exported here.
"""

from .questioning import (
    Commitment,
    ConfidenceRating,
    HistoricalCommitment,
    HistoricalConfidenceRating,
    HistoricalQuestion,
    HistoricalRatingThreshold,
    Question,
    RatingThreshold,
)
from .sessions import (
    AgendaItem,
    HistoricalAgendaItem,
    HistoricalSession,
    HistoricalStandingMeeting,
    Session,
    StandingMeeting,
)
from .submissions import (
    SUBMISSION_REGISTER_ORDERING,
    HistoricalResolution,
    HistoricalSubmission,
    HistoricalSubmissionDocument,
    Resolution,
    Submission,
    SubmissionDocument,
    days_past,
    timeliness,
)
from .supervision import (
    MISSION_REGISTER_ORDERING,
    HistoricalRecommendation,
    HistoricalSupervisionMission,
    Recommendation,
    SupervisionMission,
    SupervisionMissionGroupObjectPermission,
    SupervisionMissionUserObjectPermission,
)

__all__ = [
    "MISSION_REGISTER_ORDERING",
    "SUBMISSION_REGISTER_ORDERING",
    "AgendaItem",
    "Commitment",
    "ConfidenceRating",
    "HistoricalAgendaItem",
    "HistoricalCommitment",
    "HistoricalConfidenceRating",
    "HistoricalQuestion",
    "HistoricalRatingThreshold",
    "HistoricalRecommendation",
    "HistoricalResolution",
    "HistoricalSession",
    "HistoricalStandingMeeting",
    "HistoricalSubmission",
    "HistoricalSubmissionDocument",
    "HistoricalSupervisionMission",
    "Question",
    "RatingThreshold",
    "Recommendation",
    "Resolution",
    "Session",
    "StandingMeeting",
    "Submission",
    "SubmissionDocument",
    "SupervisionMission",
    "SupervisionMissionGroupObjectPermission",
    "SupervisionMissionUserObjectPermission",
    "days_past",
    "timeliness",
]
