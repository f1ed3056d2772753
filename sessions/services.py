"""Workflows of the Council's work. Every deadline is a FollowUp (rule 4), every date comes from the
calendar service (``due_date_for``), and every message goes through the outbox (rule 6)."""

from copy import copy
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from coordination.deadline_rules import due_date_for
from coordination.mail import render_mail
from coordination.models import Body, BodyKind, DeadlineAnchor, FollowUp, Membership, OutboxMessage, Role
from coordination.providers import event_move_preview, event_scheduled
from coordination.services import (
    followup_complete,
    followup_open,
    followup_reopen,
    followup_reschedule,
    followups_of,
    outbox_enqueue,
)
from coordination.statutory_rules import DeadlineCode
from coordination.workdays import WorkCalendar
from sessions.models import (
    Commitment,
    ConfidenceRating,
    Question,
    RatingThreshold,
    Recommendation,
    Resolution,
    Session,
    Submission,
    SubmissionDocument,
    SupervisionMission,
)

RATING_THRESHOLDS = [
    ("formal_vote", "Quá nửa tổng số đại biểu đánh giá tín nhiệm thấp: bỏ phiếu tín nhiệm", Decimal("0.5")),
    ("dismissal", "Quá nửa tổng số đại biểu bỏ phiếu không tín nhiệm: trình miễn nhiệm, cách chức", Decimal("0.5")),
]
# The sources below also find their follow-ups again: stored words, not translated.
SUBMISSION_SOURCE = "Tờ trình, dự thảo nghị quyết trình kỳ họp"
REVIEW_SOURCE = "Báo cáo thẩm tra của Ban HĐND"
EXPLANATION_NOTICE_SOURCE = "Thông báo phiên giải trình"


def rating_thresholds_ensure(RatingThreshold=RatingThreshold) -> None:
    """Seed the thresholds (migration and demo); an administrator's later edits are kept."""
    for code, name, share in RATING_THRESHOLDS:
        RatingThreshold.objects.get_or_create(
            code=code, defaults={"name": name, "share": share, "legal_basis": "Nghị quyết 96/2023/QH15"}
        )


def rating_thresholds() -> dict[str, Decimal]:
    return dict(RatingThreshold.objects.values_list("code", "share"))


def _at(day: date) -> datetime:
    """A completion recorded for a past day counts as done on that day (the on-time index reads it)."""
    return timezone.make_aware(datetime.combine(day, time(12)))


# --- Sessions and submissions -------------------------------------------------------------------


# Deadlines that hang on the session itself: (rule code, lead body kind, what is owed).
SESSION_DEADLINES = [
    (DeadlineCode.JOINT_MEETING, BodyKind.COUNCIL_STANDING,
     gettext_lazy("Tổ chức hội nghị liên tịch thống nhất nội dung, chương trình kỳ họp")),
    (DeadlineCode.FRONT_PETITION_REPORT, BodyKind.FRONT_BOARD, gettext_lazy("Gửi báo cáo tổng hợp ý kiến, "
                                                                            "kiến nghị cử tri trình kỳ họp")),
]


@transaction.atomic
def session_schedule(
    *, term, council: Body, number: int, kind: str, planned_open: date, planned_close: date, place: str = ""
) -> Session:
    session = Session(
        term=term, council=council, number=number, kind=kind, planned_open=planned_open,
        planned_close=planned_close, place=place,
    )
    session.clean()
    session.save()
    for code, body_kind, title in SESSION_DEADLINES:
        lead = Body.objects.filter(unit_id=council.unit_id, kind=body_kind, active_to__isnull=True).first()
        if lead is not None:  # a commune without a Front board simply owes nothing here
            followup_open(
                subject=session, title=_("%(title)s (kỳ họp thứ %(number)s)") % {
                    "title": title, "number": number}, lead_body=lead, source=f"session:{code}",
                due_on=due_date_for(unit=council.unit, code=code, anchor_date=session.opening_date),
            )
    _session_plan_tasks(session)
    return session


def _session_plan_tasks(session: Session) -> None:
    """What counts from the session's opening (the coordination plan's tasks: created once, moved with it)."""
    event_scheduled(
        unit=session.council.unit, anchor=DeadlineAnchor.SESSION_OPENING, anchor_date=session.opening_date, subject=session
    )


def _submission_dates(session: Session) -> tuple[date, date]:
    unit = session.council.unit
    return (
        due_date_for(unit=unit, code=DeadlineCode.SUBMISSION_DUE, anchor_date=session.opening_date),
        due_date_for(unit=unit, code=DeadlineCode.REVIEW_REPORT_DUE, anchor_date=session.opening_date),
    )


@transaction.atomic
def submission_create(
    *, session: Session, title: str, presenting_body: Body, reviewing_committee: Body | None = None, number: str = ""
) -> Submission:
    due_on, review_due_on = _submission_dates(session)
    submission = Submission.objects.create(
        session=session, title=title, number=number, presenting_body=presenting_body,
        reviewing_committee=reviewing_committee, due_on=due_on, review_due_on=review_due_on if reviewing_committee else None,
    )
    followup_open(
        subject=submission, title=_("Gửi tờ trình: %(title)s") % {
            "title": title}, lead_body=presenting_body, due_on=due_on,
        source=SUBMISSION_SOURCE, expected_result=_("Tờ trình, dự thảo nghị quyết và tài liệu kèm theo"),
    )
    if reviewing_committee:
        followup_open(
            subject=submission, title=_("Thẩm tra: %(title)s") % {
                "title": title}, lead_body=reviewing_committee, due_on=review_due_on,
            source=REVIEW_SOURCE, expected_result=_("Báo cáo thẩm tra"),
        )
    return submission


@transaction.atomic
def submission_record(*, submission: Submission, submitted_on: date, file=None, by=None) -> Submission:
    """The People's Committee sent the submission: record the day (late or not), keep its file as the
    submission's "Tờ trình" document and close its follow-up."""
    submission.submitted_on = submitted_on
    submission.clean()  # not after today, not after its review report
    submission.save(update_fields=["submitted_on"])
    if file is not None:
        submission_document_add(submission=submission, kind=SubmissionDocument.Kind.SUBMISSION,
                                title=submission_document_title(submission), file=file, by=by)
    for followup in followups_of(submission).filter(source=SUBMISSION_SOURCE, status=FollowUp.Status.OPEN):
        followup_complete(
            followup=followup, outcome=_("Đã gửi tờ trình ngày %(day)s") % {"day": f"{submitted_on:%d/%m/%Y}"},
            completed_at=_at(submitted_on),
        )
    return submission


def submission_document_title(submission: Submission) -> str:
    """"Tờ trình 12/TTr-UBND", or just "Tờ trình" while the submission has no number."""
    return " ".join(part for part in [str(SubmissionDocument.Kind.SUBMISSION.label), submission.number] if part)


def submission_document_add(*, submission: Submission, kind: str, title: str, file, by) -> SubmissionDocument:
    return SubmissionDocument.objects.create(submission=submission, kind=kind, title=title, file=file, uploaded_by=by)


@transaction.atomic
def submission_review_record(*, submission: Submission, reviewed_on: date, title: str, file, by) -> SubmissionDocument:
    """The reviewing committee sent its review report: keep the document, record the day (late or
    not) and close the review follow-up. Recorded once; further versions go in as documents."""
    if submission.reviewing_committee_id is None:
        raise ValidationError(_("Tờ trình này không có Ban thẩm tra."))
    if submission.reviewed_on is not None:
        raise ValidationError({"reviewed_on": _("Báo cáo thẩm tra đã được ghi nhận ngày %(day)s.") % {
            "day": f"{submission.reviewed_on:%d/%m/%Y}"}})
    submission.reviewed_on = reviewed_on
    submission.clean()  # not after today, not before the submission was sent
    submission.save(update_fields=["reviewed_on"])
    document = submission_document_add(submission=submission, kind=SubmissionDocument.Kind.REVIEW, title=title, file=file, by=by)
    for followup in followups_of(submission).filter(source=REVIEW_SOURCE, status=FollowUp.Status.OPEN):
        followup_complete(
            followup=followup, outcome=_("Đã gửi báo cáo thẩm tra ngày %(day)s") % {"day": f"{reviewed_on:%d/%m/%Y}"},
            completed_at=_at(reviewed_on),
        )
    return document


def _recipients(body: Body, cache: dict[int, list[str]]) -> list[str]:
    """The body's own address and its staff's, read once per body for a whole move."""
    if body.pk not in cache:
        emails = {body.email} if body.email else set()
        emails.update(
            Membership.objects.filter(body_id=body.pk, role__in=[Role.STAFF, Role.LEADER])
            .exclude(user__email="").values_list("user__email", flat=True)
        )
        cache[body.pk] = sorted(emails)
    return cache[body.pk]


def _tell_bodies(*, followup: FollowUp, session: Session, cache: dict[int, list[str]]) -> int:
    """Mail the lead body and its staff that a deadline moved; the new date is part of the key."""
    mail = render_mail("session_moved", {"session": session, "followup": followup})
    sent = 0
    for email in _recipients(followup.lead_body, cache):
        _message, created = outbox_enqueue(
            key=f"session-moved:{followup.pk}:{followup.due_on.isoformat()}:{email}", kind=OutboxMessage.Kind.SESSION_MOVED,
            to_email=email, subject=mail.subject, body_text=mail.body_text, followup=followup,
        )
        sent += created
    return sent


@dataclass(frozen=True)
class DueDateChange:
    """One deadline still owed that moving a session re-dates: shown before confirming, applied after.

    ``mirror`` is the subject row whose own date field (``mirror_field``) holds the same deadline.
    """

    followup: FollowUp
    new_due: date
    mirror: models.Model | None = None
    mirror_field: str = ""

    @property
    def old_due(self) -> date:
        return self.followup.due_on


def session_move_changes(*, session: Session, planned_open: date, planned_close: date) -> list[DueDateChange]:
    """Every open deadline counted from the opening that the move re-dates (old → new).

    What was already done keeps the deadline it was judged against: a submission sent 5 days late stays
    "Trễ 5 ngày so với hạn 01/12/2026" however often the session moves. Refuses dates out of order.
    """
    moved = copy(session)
    moved.planned_open, moved.planned_close = planned_open, planned_close
    moved.clean()
    due_on, review_due_on = _submission_dates(moved)
    submissions = {s.pk: s for s in session.submissions.all()}
    commitments = {c.pk: c for c in Commitment.objects.filter(question__session__in=_previous_sessions(moved)[:1])}
    open_followups = FollowUp.objects.open().select_related("lead_body")
    changes = [
        DueDateChange(followup, due_on if followup.source == SUBMISSION_SOURCE else review_due_on,
                      submissions[followup.subject_id], "due_on" if followup.source == SUBMISSION_SOURCE else "review_due_on")
        for followup in open_followups.filter(subject_type=ContentType.objects.get_for_model(Submission), subject_id__in=submissions)
    ]
    changes += [
        DueDateChange(followup, due_date_for(unit=session.council.unit, code=followup.source.removeprefix("session:"),
                                             anchor_date=moved.opening_date))
        for followup in open_followups.filter(pk__in=followups_of(session).filter(source__startswith="session:").values("pk"))
    ]
    changes += [
        DueDateChange(task.followup, due, task, "due_on")
        for task, due in event_move_preview(unit=session.council.unit, anchor=DeadlineAnchor.SESSION_OPENING,
                                            anchor_date=moved.opening_date, subject=session)
    ]
    # Commitments made at the previous session are due before this one opens.
    changes += [
        DueDateChange(followup, _day_before_opening(moved), commitments[followup.subject_id], "due_on")
        for followup in open_followups.filter(subject_type=ContentType.objects.get_for_model(Commitment), subject_id__in=commitments)
    ]
    return [change for change in changes if change.new_due != change.old_due]


@transaction.atomic
def session_move(*, session: Session, planned_open: date, planned_close: date, reason: str) -> int:
    """Move a session: re-date what is still owed, record why in every history, and tell the bodies.

    Returns the number of messages queued (a repeat of the same move queues none).
    """
    changes = session_move_changes(session=session, planned_open=planned_open, planned_close=planned_close)
    why = _("Dời kỳ họp thứ %(n)s khai mạc %(open)s: %(reason)s") % {
        "n": session.number, "open": f"{planned_open:%d/%m/%Y}", "reason": reason}
    why = why[:100]  # what simple_history keeps of a change reason
    session.planned_open, session.planned_close = planned_open, planned_close
    session._change_reason = why
    session.save(update_fields=["planned_open", "planned_close"])
    queued, cache = 0, {}
    for change in changes:
        if change.mirror is not None:
            setattr(change.mirror, change.mirror_field, change.new_due)
            change.mirror._change_reason = why
            change.mirror.save(update_fields=[change.mirror_field])  # a SearchTextModel adds its search_text
        followup_reschedule(followup=change.followup, due_on=change.new_due, reason=why)
        queued += _tell_bodies(followup=change.followup, session=session, cache=cache)
    _session_plan_tasks(session)
    return queued


def _day_before_opening(session: Session) -> date:
    """A commitment due "before the next session" ends on the last working day before it opens."""
    return WorkCalendar().previous_working_day(session.opening_date - timedelta(days=1))


def _previous_sessions(session: Session):
    return (Session.objects.filter(council=session.council, planned_open__lt=session.planned_open)
            .exclude(pk=session.pk).order_by("-planned_open"))


SESSION_STATUS_ORDER = [Session.Status.PLANNED, Session.Status.CONVENED, Session.Status.IN_PROGRESS, Session.Status.CLOSED]


def session_next_status(session: Session) -> str | None:
    """The one status a session may move to (None once closed); a wrong status is corrected in the admin."""
    position = SESSION_STATUS_ORDER.index(session.status)
    return SESSION_STATUS_ORDER[position + 1] if position + 1 < len(SESSION_STATUS_ORDER) else None


def session_set_status(*, session: Session, status: str, on: date | None = None) -> Session:
    """Convene, open or close, one step at a time; opening and closing record the actual dates."""
    if status != session_next_status(session):
        raise ValidationError(_("Không thể chuyển kỳ họp từ “%(old)s” sang “%(new)s”: trạng thái đi theo thứ tự "
                                "Dự kiến → Đã triệu tập → Đang họp → Đã bế mạc.") % {
            "old": session.get_status_display(), "new": Session.Status(status).label})
    on = on or timezone.localdate()
    session.status = status
    if status == Session.Status.IN_PROGRESS and session.actual_open is None:
        session.actual_open = on
    if status == Session.Status.CLOSED:
        session.actual_open = session.actual_open or session.planned_open
        session.actual_close = on
    session.clean()  # a session does not close before it opened
    session.save(update_fields=["status", "actual_open", "actual_close"])
    return session


def resolution_record(
    *, session: Session, number: str, title: str, adopted_on: date, effective_on: date | None = None,
    field: str = "", replaces: list[Resolution] | tuple[Resolution, ...] = (), file=None,
) -> Resolution:
    resolution = Resolution(
        council=session.council, session=session, number=number, title=title, adopted_on=adopted_on,
        effective_on=effective_on, field=field,
    )
    if file is not None:
        resolution.file = file
    resolution.clean()
    resolution.save()
    if replaces:
        resolution.replaces.set(replaces)
    return resolution


# --- Questioning --------------------------------------------------------------------------------


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
def question_answer(*, question: Question, answer: str, answered_on: date, deputy_satisfied: bool | None) -> Question:
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
            Session.objects.filter(council=anchor.council, planned_open__gt=anchor.planned_open).order_by("planned_open").first()
            if anchor else None
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
    """The unit's active Standing Committee (at most one, a constraint of Body); None while it is not recorded."""
    return Body.objects.filter(unit_id=council.unit_id, kind=BodyKind.COUNCIL_STANDING, active_to__isnull=True).first()


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
def meeting_set_dates(*, meeting, held_on: date | None, notified_on: date | None, planned_on: date | None = None) -> None:
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
        for followup in followups_of(meeting).filter(source=EXPLANATION_NOTICE_SOURCE).exclude(status=FollowUp.Status.CANCELLED):
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


# --- Confidence ---------------------------------------------------------------------------------


def rating_check(*, total_members: int, ballots_issued: int, valid_ballots: int, high: int, confidence: int, low: int) -> None:
    """Refuse counts that cannot be: negatives, more valid than issued, more marks than valid ballots."""
    errors = {}
    for name, value in [("total_members", total_members), ("ballots_issued", ballots_issued),
                        ("valid_ballots", valid_ballots), ("high", high), ("confidence", confidence), ("low", low)]:
        if value is None or value < 0:
            errors[name] = _("Số phiếu không được âm.")
    if errors:
        raise ValidationError(errors)
    if ballots_issued > total_members:
        errors["ballots_issued"] = _("Số phiếu phát ra (%(n)s) lớn hơn tổng số đại biểu (%(t)s).") % {"n": ballots_issued, "t": total_members}
    if valid_ballots > ballots_issued:
        errors["valid_ballots"] = _("Số phiếu hợp lệ (%(v)s) lớn hơn số phiếu phát ra (%(n)s).") % {"v": valid_ballots, "n": ballots_issued}
    if high + confidence + low > valid_ballots:
        errors["low"] = _(
            "Tổng số phiếu tín nhiệm cao, tín nhiệm và tín nhiệm thấp (%(s)s) lớn hơn số phiếu hợp lệ (%(v)s)."
        ) % {"s": high + confidence + low, "v": valid_ballots}
    if errors:
        raise ValidationError(errors)


def rating_record(*, session: Session, position, kind: str, total_members: int, ballots_issued: int,
                  valid_ballots: int, confidence: int, low: int, high: int = 0) -> ConfidenceRating:
    if not position.elected_by_council:
        raise ValidationError({"position": _("Chỉ lấy phiếu tín nhiệm người giữ chức vụ do HĐND bầu.")})
    rating = ConfidenceRating(
        session=session, position=position, kind=kind, total_members=total_members,
        ballots_issued=ballots_issued, valid_ballots=valid_ballots, high=high, confidence=confidence, low=low,
    )
    rating.clean()  # the session has met
    rating_check(total_members=total_members, ballots_issued=ballots_issued, valid_ballots=valid_ballots,
                 high=high, confidence=confidence, low=low)
    try:
        # The unique constraint decides, so two clerks saving the same result at once get the same answer.
        with transaction.atomic():
            rating.save()
            return rating
    except IntegrityError:
        raise ValidationError({"position": _("Kỳ họp này đã có kết quả %(kind)s của %(name)s.") % {
            "kind": ConfidenceRating.Kind(kind).label.lower(), "name": position.person.full_name}}) from None


# --- Supervision --------------------------------------------------------------------------------

MISSION_STEPS = {
    # step: (deadline code, anchor attribute, date field recorded when done, follow-up title)
    "notify": (DeadlineCode.SUPERVISION_NOTIFY, "decision_date", "notified_on",
               gettext_lazy("Thông báo kế hoạch giám sát")),
    "programme": (DeadlineCode.SUPERVISION_PROGRAMME, "visit_start", "programme_sent_on",
                  gettext_lazy("Gửi chương trình làm việc")),
    "report": (DeadlineCode.SUPERVISION_REPORT, "visit_end", "reported_on",
               gettext_lazy("Báo cáo kết quả giám sát")),
}


def _step_source(step: str) -> str:
    return f"supervision:{step}"


@transaction.atomic
def mission_create(
    *, kind: str, lead_body: Body, decision_number: str, decision_date: date, subject: str,
    supervised_bodies, visit_start: date, visit_end: date, joint_bodies=(), team_members=(), rechecks=(),
) -> SupervisionMission:
    mission = SupervisionMission(
        kind=kind, lead_body=lead_body, decision_number=decision_number, decision_date=decision_date,
        subject=subject, visit_start=visit_start, visit_end=visit_end,
    )
    mission.clean()
    mission.save()
    mission.supervised_bodies.set(supervised_bodies)
    mission.joint_bodies.set(joint_bodies)
    mission.rechecks.set(rechecks)
    mission_set_team(mission=mission, users=team_members)
    for step, (code, anchor, _field, title) in MISSION_STEPS.items():
        followup_open(
            subject=mission, title=f"{title}: {subject[:200]}", lead_body=lead_body,
            due_on=due_date_for(unit=lead_body.unit, code=code, anchor_date=getattr(mission, anchor)),
            cooperating_bodies=list(joint_bodies), source=_step_source(step),
        )
    event_scheduled(unit=lead_body.unit, anchor=DeadlineAnchor.DECISION, anchor_date=decision_date, subject=mission)
    return mission


@transaction.atomic
def mission_set_team(*, mission: SupervisionMission, users) -> None:
    """Team members get a guardian object permission on the mission, so they see it whatever their body."""
    users = list(users)
    for old in mission.team_members.exclude(pk__in=[u.pk for u in users]):
        remove_perm("council_sessions.view_supervisionmission", old, mission)
    mission.team_members.set(users)
    for user in users:
        assign_perm("council_sessions.view_supervisionmission", user, mission)


def mission_step_due(*, mission: SupervisionMission) -> dict[str, FollowUp]:
    return {f.source.removeprefix("supervision:"): f for f in followups_of(mission).filter(source__startswith="supervision:")}


@transaction.atomic
def mission_record_step(*, mission: SupervisionMission, step: str, on: date, findings: str = "", conclusions: str = "") -> None:
    if step not in MISSION_STEPS:
        raise ValidationError(_("Bước không hợp lệ."))
    _code, _anchor, field, title = MISSION_STEPS[step]
    setattr(mission, field, on)
    mission.clean()
    fields = [field]
    if step == "report":
        mission.findings, mission.conclusions = findings, conclusions
        fields += ["findings", "conclusions"]
    mission.save(update_fields=fields)
    for followup in followups_of(mission).filter(source=_step_source(step), status=FollowUp.Status.OPEN):
        followup_complete(
            followup=followup, outcome=f"{title}: {on:%d/%m/%Y}",
            completed_at=_at(on),
        )


@transaction.atomic
def recommendation_add(*, mission: SupervisionMission, addressee: Body, content: str, due_on: date | None = None) -> Recommendation:
    """Without a deadline in the conclusions, the answer is due ``recommendation_answer`` days after the report."""
    if due_on is None:
        anchor = mission.reported_on or mission.visit_end
        due_on = due_date_for(unit=addressee.unit, code=DeadlineCode.RECOMMENDATION_ANSWER,
                              anchor_date=anchor)
    recommendation = Recommendation(mission=mission, addressee=addressee, content=content, due_on=due_on)
    recommendation.clean()
    recommendation.save()
    followup_open(
        subject=recommendation, title=_("Thực hiện kiến nghị sau giám sát: %(content)s") % {
            "content": content[:200]}, lead_body=addressee,
        due_on=due_on, source=_("Kết luận giám sát, QĐ số %(number)s") % {"number": mission.decision_number},
    )
    return recommendation


@transaction.atomic
def recommendation_answer(*, recommendation: Recommendation, answer: str, answered_on: date, by) -> Recommendation:
    # After a "not done" verdict the addressee reports again, by the new deadline the verifier set.
    if recommendation.status == Recommendation.Status.DONE:
        raise ValidationError(_("Kiến nghị đã được xác minh là đã thực hiện, không thể sửa trả lời."))
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = answer, answered_on, by
    recommendation.status = Recommendation.Status.ANSWERED
    recommendation.clean()
    recommendation.save(update_fields=["answer", "answered_on", "answered_by", "status"])
    return recommendation


@transaction.atomic
def recommendation_verify(
    *, recommendation: Recommendation, done: bool, note: str, by, new_due_on: date | None = None
) -> Recommendation:
    """Maker–checker: whoever recorded the answer cannot verify it. "Not done" keeps the
    recommendation owed: its follow-up stays (or is again) open, due on ``new_due_on`` when given."""
    if recommendation.status != Recommendation.Status.ANSWERED:
        raise ValidationError(_("Chỉ xác minh kiến nghị đã có báo cáo kết quả thực hiện."))
    if recommendation.answered_by_id == by.pk:
        raise ValidationError(_("Người ghi nhận trả lời không được tự xác minh kiến nghị này."))
    recommendation.status = Recommendation.Status.DONE if done else Recommendation.Status.NOT_DONE
    recommendation.verified_by, recommendation.verified_on, recommendation.verification_note = by, timezone.localdate(), note
    recommendation.clean()  # verified on or after the answer
    fields = ["status", "verified_by", "verified_on", "verification_note"]
    if not done and new_due_on is not None:
        recommendation.due_on = new_due_on
        fields.append("due_on")
    recommendation.save(update_fields=fields)
    for followup in followups_of(recommendation).exclude(status=FollowUp.Status.CANCELLED):
        if done:
            followup_complete(followup=followup, outcome=recommendation.answer[:2000], completed_at=_at(recommendation.answered_on))
        elif followup.status == FollowUp.Status.DONE:
            followup_reopen(followup=followup, due_on=recommendation.due_on, reason=note)
        else:
            followup_reschedule(followup=followup, due_on=recommendation.due_on)
    return recommendation


def mission_progress(recommendations) -> dict[str, int]:
    """Roll a mission's progress up from its recommendations (a list already loaded)."""
    total = len(recommendations)
    counts = {status: 0 for status in Recommendation.Status.values}
    for rec in recommendations:
        counts[rec.status] += 1
    counts["total"] = total
    counts["percent_done"] = round(100 * counts[Recommendation.Status.DONE] / total) if total else 0
    return counts

