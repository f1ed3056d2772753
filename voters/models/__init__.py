"""Voters and citizens (DOMAIN.md §3): voter-contact rounds and meetings, the opinions raised there,
the petitions compiled from them, citizen reception, and letters with a protected denouncer identity.

Every deadline here is a coordination FollowUp opened by voters/services/; the due dates stored on
Petition and Letter mirror the open follow-up so that inboxes sort on an indexed column.

One module per part of the work; Django finds the models because this package imports them. The history
models (``Historical<Model>``) are made by simple_history in the module of their model, re-exported here.
"""

from .letters import (
    DenouncerIdentity,
    DenouncerIdentityGroupObjectPermission,
    DenouncerIdentityUserObjectPermission,
    HistoricalLetter,
    IdentityAccessLog,
    Letter,
    LetterKind,
    LetterStatus,
)
from .petitions import (
    ANSWER_SUPERSEDED,
    OWED_STATUSES,
    Competence,
    HistoricalPetition,
    MergeProposal,
    Petition,
    PetitionField,
    PetitionStatus,
    PetitionTally,
    ResultCategory,
)
from .reception import (
    HistoricalReceptionDay,
    HistoricalReceptionVisit,
    ReceptionDay,
    ReceptionVisit,
    ReplyKind,
)
from .rounds import (
    OPINION_MAX_CHARS,
    HistoricalOpinion,
    HistoricalVoterContactRound,
    HistoricalVoterMeeting,
    Opinion,
    VoterContactRound,
    VoterMeeting,
    check_opinion_length,
)

__all__ = [
    "Competence",
    "DenouncerIdentity",
    "DenouncerIdentityGroupObjectPermission",
    "DenouncerIdentityUserObjectPermission",
    "HistoricalLetter",
    "HistoricalOpinion",
    "HistoricalPetition",
    "HistoricalReceptionDay",
    "HistoricalReceptionVisit",
    "HistoricalVoterContactRound",
    "HistoricalVoterMeeting",
    "IdentityAccessLog",
    "Letter",
    "LetterKind",
    "LetterStatus",
    "MergeProposal",
    "OPINION_MAX_CHARS",
    "OWED_STATUSES",
    "ANSWER_SUPERSEDED",
    "Opinion",
    "Petition",
    "PetitionField",
    "PetitionStatus",
    "PetitionTally",
    "ReceptionDay",
    "ReceptionVisit",
    "ReplyKind",
    "ResultCategory",
    "VoterContactRound",
    "VoterMeeting",
    "check_opinion_length",
]
