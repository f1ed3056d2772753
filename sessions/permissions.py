"""The authorization door of the Council's work (ARCHITECTURE.md rule 3).

- Any member of a body of the unit reads its sessions, meetings, resolutions and missions.
- Staff and leaders of the Council Standing Committee manage sessions, meetings and supervision.
- Staff of the presenting body (or of its parent, the People's Committee) record their submissions;
  staff of the questioned or addressed body record answers.
- Staff of a Council committee (or the Standing Committee) verify recommendations.
- A deputy sees their own questions; a supervision team member sees the mission (guardian grant).
"""

from django.db.models import Q

from coordination.models import Body, BodyKind
from coordination.permissions import Need, access_for, authorize, visible_object
from sessions.models import (
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SupervisionMission,
    SupervisionMissionGroupObjectPermission,
    SupervisionMissionUserObjectPermission,
)


def can_manage_council(user, unit_id: int) -> bool:
    """Staff or leader of the unit's Council Standing Committee (they run sessions and supervision)."""
    return access_for(user).can_edit_unit(unit_id, kinds=(BodyKind.COUNCIL_STANDING,))


VERIFIER_KINDS = (BodyKind.COUNCIL_STANDING, BodyKind.COUNCIL_COMMITTEE)


def can_verify_recommendations(user, unit_id: int) -> bool:
    """Council committee staff verify answers to recommendations; the Standing Committee may too."""
    return access_for(user).can_edit_unit(unit_id, kinds=VERIFIER_KINDS)


def can_act_for_body(user, body: Body) -> bool:
    """Staff of the body itself or of its parent (the People's Committee for its departments)."""
    access = access_for(user)
    return access.can_edit_for_body(body.pk) or (
        body.parent_id is not None and access.can_edit_for_body(body.parent_id)
    )


def _units(user):
    return access_for(user).unit_ids()


def visible_sessions(user):
    sessions = Session.objects.select_related("council", "council__unit", "term")
    return sessions if access_for(user).is_superuser else sessions.filter(council__unit_id__in=_units(user))


def get_session_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Session:
    """CHANGE (schedule, move, agenda, submissions, questions): ``can_manage_council``."""
    session = visible_object(visible_sessions(user), pk)
    return authorize(session, need, {Need.CHANGE: lambda: can_manage_council(user, session.council.unit_id)})


def visible_meetings(user):
    meetings = StandingMeeting.objects.select_related("standing", "for_session")
    return meetings if access_for(user).is_superuser else meetings.filter(standing__unit_id__in=_units(user))


def get_meeting_for_user(user, pk: int, *, need: Need = Need.VIEW) -> StandingMeeting:
    """CHANGE: ``can_manage_council``."""
    meeting = visible_object(visible_meetings(user), pk)
    return authorize(meeting, need, {Need.CHANGE: lambda: can_manage_council(user, meeting.standing.unit_id)})


def visible_submissions(user):
    submissions = Submission.objects.select_related(
        "session", "session__council", "presenting_body", "reviewing_committee"
    )
    return (
        submissions
        if access_for(user).is_superuser
        else submissions.filter(session__council__unit_id__in=_units(user))
    )


def can_change_submission(user, submission: Submission) -> bool:
    """The presenting body's staff (or its parent's), or the Standing Committee, record it and its files."""
    return can_manage_council(user, submission.session.council.unit_id) or can_act_for_body(
        user, submission.presenting_body
    )


def can_review_submission(user, submission: Submission) -> bool:
    """Staff of the reviewing committee, or the Standing Committee, record its review report."""
    return submission.reviewing_committee_id is not None and (
        can_manage_council(user, submission.session.council.unit_id)
        or access_for(user).can_edit_for_body(submission.reviewing_committee_id)
    )


def get_submission_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Submission:
    """CHANGE: ``can_change_submission``; REVIEW: ``can_review_submission``."""
    submission = visible_object(visible_submissions(user), pk)
    return authorize(submission, need, {
        Need.CHANGE: lambda: can_change_submission(user, submission),
        Need.REVIEW: lambda: can_review_submission(user, submission),
    })


def visible_resolutions(user):
    resolutions = Resolution.objects.select_related("council", "session")
    return (
        resolutions
        if access_for(user).is_superuser
        else resolutions.filter(council__unit_id__in=_units(user))
    )


def get_resolution_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Resolution:
    """Read by every member of the unit; recorded through its session (``get_session_for_user``)."""
    return authorize(visible_object(visible_resolutions(user), pk), need, {})


def visible_questions(user):
    questions = Question.objects.select_related(
        "deputy__person", "questioned_body", "questioned_person", "session", "meeting"
    )
    if access_for(user).is_superuser:
        return questions
    return questions.filter(
        Q(questioned_body__unit_id__in=_units(user)) | Q(deputy__person__user_id=user.pk)
    )


def can_answer_question(user, question: Question) -> bool:
    """The Standing Committee, or staff of the questioned body (or its parent), record the answer."""
    return can_manage_council(user, question.questioned_body.unit_id) or can_act_for_body(
        user, question.questioned_body
    )


def get_question_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Question:
    """ANSWER: ``can_answer_question``."""
    question = visible_object(visible_questions(user), pk)
    return authorize(question, need, {Need.ANSWER: lambda: can_answer_question(user, question)})


def visible_ratings(user):
    """Confidence results are read by every member of the unit, like the session they were taken at."""
    ratings = ConfidenceRating.objects.select_related("session", "position__person", "position__body")
    return (
        ratings
        if access_for(user).is_superuser
        else ratings.filter(session__council__unit_id__in=_units(user))
    )


def visible_missions(user):
    missions = SupervisionMission.objects.select_related("lead_body", "lead_body__unit")
    if access_for(user).is_superuser:
        return missions
    return missions.filter(Q(lead_body__unit_id__in=_units(user)) | _granted_missions(user))


def _granted_missions(user) -> Q:
    """The missions granted to ``user`` or one of their groups one by one (guardian's direct FK tables), as
    ``get_objects_for_user(…, accept_global_perms=False, with_superuser=False)`` finds them, written as two
    subqueries: guardian's builds the same in Python for some 3 ms of every request to the register."""
    view = Q(
        permission__codename="view_supervisionmission",
        permission__content_type__app_label="council_sessions",
        permission__content_type__model="supervisionmission",
    )
    by_user = SupervisionMissionUserObjectPermission.objects.filter(view, user=user)
    by_group = SupervisionMissionGroupObjectPermission.objects.filter(view, group__user=user)
    return Q(pk__in=by_user.values("content_object_id")) | Q(pk__in=by_group.values("content_object_id"))


def can_change_mission(user, mission: SupervisionMission) -> bool:
    """The Standing Committee, or staff of the lead body, run the mission (steps, team, recommendations)."""
    return can_manage_council(user, mission.lead_body.unit_id) or access_for(user).can_edit_for_body(
        mission.lead_body_id
    )


def get_mission_for_user(user, pk: int, *, need: Need = Need.VIEW) -> SupervisionMission:
    """CHANGE: ``can_change_mission``."""
    mission = visible_object(visible_missions(user), pk)
    return authorize(mission, need, {Need.CHANGE: lambda: can_change_mission(user, mission)})


def can_answer_recommendation(user, recommendation: Recommendation) -> bool:
    """The addressee's staff (or its parent's), or the Standing Committee, report what was done."""
    return can_act_for_body(user, recommendation.addressee) or can_manage_council(
        user, recommendation.mission.lead_body.unit_id
    )


def get_recommendation_for_user(user, pk: int, *, need: Need = Need.VIEW) -> Recommendation:
    """Seen with its mission. ANSWER: ``can_answer_recommendation``;
    VERIFY: ``can_verify_recommendations``."""
    visible = Recommendation.objects.select_related("mission", "mission__lead_body", "addressee").filter(
        mission__in=visible_missions(user)
    )
    recommendation = visible_object(visible, pk)
    return authorize(recommendation, need, {
        Need.ANSWER: lambda: can_answer_recommendation(user, recommendation),
        Need.VERIFY: lambda: can_verify_recommendations(user, recommendation.mission.lead_body.unit_id),
    })
