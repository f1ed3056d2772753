"""The authorization door of the Council's work (ARCHITECTURE.md rule 3).

- Any member of a body of the unit reads its sessions, meetings, resolutions and missions.
- Staff and leaders of the Council Standing Committee manage sessions, meetings and supervision.
- Staff of the presenting body (or of its parent, the People's Committee) record their submissions;
  staff of the questioned or addressed body record answers.
- Staff of a Council committee (or the Standing Committee) verify recommendations.
- A deputy sees their own questions; a supervision team member sees the mission (guardian grant).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from coordination.models import Body, BodyKind
from coordination.permissions import access_for
from sessions.models import (
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SupervisionMission,
)


def _editor_kinds(user) -> dict[int, tuple[str, int]]:
    """body id -> (kind, unit id) for each body the user is staff or leader of; one query per request."""
    cached = getattr(user, "_council_editor_kinds", None)
    if cached is None:
        ids = access_for(user).editor_body_ids
        cached = {pk: (kind, unit) for pk, kind, unit in Body.objects.filter(pk__in=ids).values_list("pk", "kind", "unit_id")}
        user._council_editor_kinds = cached
    return cached


def manages_council(user, unit_id: int) -> bool:
    """Staff or leader of the unit's Council Standing Committee (they run sessions and supervision)."""
    if access_for(user).is_superuser:
        return True
    return any(kind == BodyKind.COUNCIL_STANDING and unit == unit_id for kind, unit in _editor_kinds(user).values())


def verifies_for(user, unit_id: int) -> bool:
    """Council committee staff verify answers to recommendations; the Standing Committee may too."""
    if manages_council(user, unit_id):
        return True
    return any(kind == BodyKind.COUNCIL_COMMITTEE and unit == unit_id for kind, unit in _editor_kinds(user).values())


def acts_for_body(user, body: Body) -> bool:
    """Staff of the body itself or of its parent (the People's Committee for its departments)."""
    access = access_for(user)
    return access.can_edit_for_body(body.pk) or (body.parent_id is not None and access.can_edit_for_body(body.parent_id))


def _units(user):
    return access_for(user).unit_ids()


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def visible_sessions(user):
    sessions = Session.objects.select_related("council", "council__unit", "term")
    return sessions if access_for(user).is_superuser else sessions.filter(council__unit_id__in=_units(user))


def get_session_for_user(user, pk: int, *, change: bool = False) -> Session:
    session = _get(visible_sessions(user), pk)
    if change and not manages_council(user, session.council.unit_id):
        raise PermissionDenied
    return session


def visible_meetings(user):
    meetings = StandingMeeting.objects.select_related("standing", "for_session")
    return meetings if access_for(user).is_superuser else meetings.filter(standing__unit_id__in=_units(user))


def get_meeting_for_user(user, pk: int, *, change: bool = False) -> StandingMeeting:
    meeting = _get(visible_meetings(user), pk)
    if change and not manages_council(user, meeting.standing.unit_id):
        raise PermissionDenied
    return meeting


def visible_submissions(user):
    submissions = Submission.objects.select_related("session", "session__council", "presenting_body", "reviewing_committee")
    return submissions if access_for(user).is_superuser else submissions.filter(session__council__unit_id__in=_units(user))


def reviews_submission(user, submission: Submission) -> bool:
    """Staff of the reviewing committee, or the Standing Committee, record its review report."""
    return submission.reviewing_committee_id is not None and (
        manages_council(user, submission.session.council.unit_id)
        or access_for(user).can_edit_for_body(submission.reviewing_committee_id)
    )


def get_submission_for_user(user, pk: int, *, change: bool = False, review: bool = False) -> Submission:
    """``change``: the presenting body's staff (or the Standing Committee); ``review``: see ``reviews_submission``."""
    submission = _get(visible_submissions(user), pk)
    if change and not (
        manages_council(user, submission.session.council.unit_id) or acts_for_body(user, submission.presenting_body)
    ):
        raise PermissionDenied
    if review and not reviews_submission(user, submission):
        raise PermissionDenied
    return submission


def visible_resolutions(user):
    resolutions = Resolution.objects.select_related("council", "session")
    return resolutions if access_for(user).is_superuser else resolutions.filter(council__unit_id__in=_units(user))


def get_resolution_for_user(user, pk: int) -> Resolution:
    return _get(visible_resolutions(user), pk)


def visible_questions(user):
    questions = Question.objects.select_related(
        "deputy__person", "questioned_body", "questioned_person", "session", "meeting"
    )
    if access_for(user).is_superuser:
        return questions
    return questions.filter(
        Q(questioned_body__unit_id__in=_units(user)) | Q(deputy__person__user_id=user.pk)
    )


def answers_question(user, question: Question) -> bool:
    """The Standing Committee, or staff of the questioned body (or its parent), record the answer."""
    return manages_council(user, question.questioned_body.unit_id) or acts_for_body(user, question.questioned_body)


def get_question_for_user(user, pk: int, *, change: bool = False) -> Question:
    question = _get(visible_questions(user), pk)
    if change and not answers_question(user, question):
        raise PermissionDenied
    return question


def visible_ratings(user):
    """Confidence results are read by every member of the unit, like the session they were taken at."""
    ratings = ConfidenceRating.objects.select_related("session", "position__person", "position__body")
    return ratings if access_for(user).is_superuser else ratings.filter(session__council__unit_id__in=_units(user))


def visible_missions(user):
    missions = SupervisionMission.objects.select_related("lead_body", "lead_body__unit")
    if access_for(user).is_superuser:
        return missions
    granted = get_objects_for_user(
        user, "council_sessions.view_supervisionmission", klass=SupervisionMission,
        accept_global_perms=False, with_superuser=False,
    )
    return missions.filter(Q(lead_body__unit_id__in=_units(user)) | Q(pk__in=granted.values("pk")))


def get_mission_for_user(user, pk: int, *, change: bool = False) -> SupervisionMission:
    mission = _get(visible_missions(user), pk)
    if change and not (manages_council(user, mission.lead_body.unit_id) or access_for(user).can_edit_for_body(mission.lead_body_id)):
        raise PermissionDenied
    return mission


def get_recommendation_for_user(user, pk: int, *, action: str = "view") -> Recommendation:
    """``action`` is "view", "answer" (the addressee's staff) or "verify" (committee staff)."""
    visible = Recommendation.objects.select_related("mission", "mission__lead_body", "addressee").filter(
        mission__in=visible_missions(user)
    )
    recommendation = _get(visible, pk)
    unit_id = recommendation.mission.lead_body.unit_id
    if action == "answer" and not (acts_for_body(user, recommendation.addressee) or manages_council(user, unit_id)):
        raise PermissionDenied
    if action == "verify" and not verifies_for(user, unit_id):
        raise PermissionDenied
    return recommendation
