"""Questioning: questions, answers, commitments, and the Standing Committee's questioning meetings."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coordination.deadline_rules import due_date_for
from coordination.models import Body, BodyKind, FollowUp
from coordination.services import (
    followup_complete,
    followup_open,
    followup_reopen,
    followup_reschedule,
    followups_of,
)
from coordination.statutory_rules import DeadlineCode
from sessions.models import Commitment, Question, Session

from ._common import EXPLANATION_NOTICE_SOURCE, _at
from .sessions import _day_before_opening


@transaction.atomic
def question_ask(
    *, deputy, questioned_body: Body, text: str, received_on: date, answer_mode: str,
    session: Session | None = None, meeting=None, questioned_person=None,
) -> Question:
    """A written answer between sessions is due ``written_answer`` days after receipt and is followed up."""
    question = Question(
        session=session, meeting=meeting, deputy=deputy, questioned_body=questioned_body, text=text,
        received_on=received_on, answer_mode=answer_mode, questioned_person=questioned_person,
    )
    question.clean()  # received today or before
    if answer_mode == Question.AnswerMode.WRITTEN:
        question.answer_due_on = due_date_for(unit=questioned_body.unit, code=DeadlineCode.WRITTEN_ANSWER,
                                              anchor_date=received_on)
    question.save()
    if question.answer_due_on:
        followup_open(
            subject=question, title=_("Trả lời chất vấn bằng văn bản: %(text)s") % {
                "text": text[:200]}, lead_body=questioned_body,
            due_on=question.answer_due_on, responsible=questioned_person, source=_("Trả lời chất vấn giữa "
                                                                                   "hai kỳ họp"),
        )
    return question


@transaction.atomic
def question_answer(
    *, question: Question, answer: str, answered_on: date, deputy_satisfied: bool | None
) -> Question:
    question.answer, question.answered_on, question.deputy_satisfied = answer, answered_on, deputy_satisfied
    question.clean()
    question.save(update_fields=["answer", "answered_on", "deputy_satisfied"])
    for followup in followups_of(question).filter(status=FollowUp.Status.OPEN):
        followup_complete(followup=followup, outcome=answer[:2000])
    return question


@transaction.atomic
def commitment_add(*, question: Question, text: str, due_on: date | None = None) -> Commitment:
    """A commitment is due before the next session opens; without a planned next session, on ``due_on``."""
    if due_on is None:
        anchor = question.session or question.meeting.for_session
        following = (
            Session.objects.filter(council=anchor.council, planned_open__gt=anchor.planned_open)
            .order_by("planned_open")
            .first()
            if anchor
            else None
        )
        if following is None:
            raise ValidationError({"due_on": _("Chưa có kỳ họp tiếp theo: hãy nhập hạn thực hiện.")})
        due_on = _day_before_opening(following)
    commitment = Commitment(question=question, text=text, due_on=due_on)
    commitment.clean()
    commitment.save()
    followup_open(
        subject=commitment, title=_("Thực hiện cam kết sau chất vấn: %(text)s") % {
            "text": text[:200]}, lead_body=question.questioned_body,
        due_on=due_on, responsible=question.questioned_person, source=_("Cam kết tại phiên chất vấn"),
    )
    return commitment


def council_standing(*, council: Body) -> Body | None:
    """The unit's active Standing Committee (at most one, a constraint of Body); None while it is not
    recorded."""
    return Body.objects.filter(
        unit_id=council.unit_id, kind=BodyKind.COUNCIL_STANDING, active_to__isnull=True
    ).first()


def explanation_notice_due(*, meeting) -> date:
    """Counted back from the day the meeting is held, or planned while it has not been held."""
    return due_date_for(unit=meeting.standing.unit, code=DeadlineCode.EXPLANATION_NOTICE,
                        anchor_date=meeting.day)


def _joint_meeting_held(meeting) -> None:
    """A joint preparatory meeting fulfils its session's "joint_meeting" follow-up on the day it is held;
    a meeting only scheduled leaves it owed, and one whose held day changed counts again."""
    for followup in followups_of(meeting.for_session).filter(source="session:joint_meeting").exclude(
            status=FollowUp.Status.CANCELLED):
        if followup.status == FollowUp.Status.DONE:
            followup_reopen(followup=followup)
        if meeting.held_on:
            followup_complete(followup=followup, outcome=str(meeting), completed_at=_at(meeting.held_on))


@transaction.atomic
def meeting_track(*, meeting) -> FollowUp | None:
    """A new meeting's deadlines: a joint preparatory meeting, once held, fulfils its session's
    "joint_meeting" follow-up; an explanation session must be notified ``explanation_notice`` days ahead."""
    if meeting.kind == meeting.Kind.JOINT and meeting.for_session_id:
        if meeting.held_on:
            _joint_meeting_held(meeting)
        return None
    if meeting.kind != meeting.Kind.EXPLANATION:
        return None
    followup = followup_open(
        subject=meeting, title=_("Thông báo phiên giải trình: %(title)s") % {
            "title": meeting.title}, lead_body=meeting.standing,
        due_on=explanation_notice_due(meeting=meeting), source=EXPLANATION_NOTICE_SOURCE,
    )
    if meeting.notified_on:
        followup_complete(followup=followup, outcome=_("Đã thông báo"), completed_at=_at(meeting.notified_on))
    return followup


@transaction.atomic
def meeting_set_dates(
    *, meeting, held_on: date | None, notified_on: date | None, planned_on: date | None = None
) -> None:
    """Move a scheduled meeting (``planned_on``), record that it was held (``held_on``, not after today) or a
    notice sent later. An explanation session's notice follow-up is due again from the new day and done on
    the notice day; a joint meeting fulfils its session's follow-up on the day it was held."""
    moved = held_on != meeting.held_on
    meeting.planned_on = planned_on or meeting.planned_on or held_on
    meeting.held_on, meeting.notified_on = held_on, notified_on
    meeting.clean()
    meeting.save(update_fields=["planned_on", "held_on", "notified_on"])
    if meeting.kind == meeting.Kind.EXPLANATION:
        due_on = explanation_notice_due(meeting=meeting)
        for followup in (
            followups_of(meeting)
            .filter(source=EXPLANATION_NOTICE_SOURCE)
            .exclude(status=FollowUp.Status.CANCELLED)
        ):
            if followup.status == FollowUp.Status.DONE:  # completed on the old dates: count it again
                followup_reopen(followup=followup, due_on=due_on)
            else:
                followup_reschedule(followup=followup, due_on=due_on)
            if notified_on:
                followup_complete(followup=followup, outcome=_("Đã thông báo"), completed_at=_at(notified_on))
    elif meeting.kind == meeting.Kind.JOINT and meeting.for_session_id and moved:
        _joint_meeting_held(meeting)


@transaction.atomic
def meeting_conclude(*, meeting, conclusions: str, task: str = "", task_body: Body | None = None,
                     task_due_on: date | None = None) -> FollowUp | None:
    """Record the conclusions; a task the conclusions assign becomes a follow-up of the meeting."""
    meeting.conclusions = conclusions
    meeting.save(update_fields=["conclusions"])
    if not task:
        return None
    if task_body is None or task_due_on is None:
        raise ValidationError({"task_body": _("Việc được giao cần có cơ quan thực hiện và thời hạn.")})
    return followup_open(
        subject=meeting, title=task, lead_body=task_body, due_on=task_due_on,
        source=_("Kết luận %(meeting)s") % {"meeting": meeting.title}, cooperating_bodies=[meeting.standing],
    )
