"""Sessions and their submissions: scheduling, deadlines, moving a session (telling the bodies), statuses."""

from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from coordination.deadline_rules import due_date_for
from coordination.mail import render_mail
from coordination.models import Body, BodyKind, DeadlineAnchor, FollowUp, Membership, OutboxMessage, Role
from coordination.providers import event_move_preview, event_scheduled
from coordination.services import (
    followup_complete,
    followup_open,
    followups_of,
    followups_reschedule,
    outbox_enqueue_many,
)
from coordination.statutory_rules import DeadlineCode
from coordination.workdays import WorkCalendar
from sessions.models import Commitment, Resolution, Session, Submission, SubmissionDocument

from ._common import REVIEW_SOURCE, SUBMISSION_SOURCE, _at

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
        unit=session.council.unit,
        anchor=DeadlineAnchor.SESSION_OPENING,
        anchor_date=session.opening_date,
        subject=session,
    )


def _submission_dates(session: Session) -> tuple[date, date]:
    unit = session.council.unit
    return (
        due_date_for(unit=unit, code=DeadlineCode.SUBMISSION_DUE, anchor_date=session.opening_date),
        due_date_for(unit=unit, code=DeadlineCode.REVIEW_REPORT_DUE, anchor_date=session.opening_date),
    )


@transaction.atomic
def submission_create(
    *,
    session: Session,
    title: str,
    presenting_body: Body,
    reviewing_committee: Body | None = None,
    number: str = "",
) -> Submission:
    due_on, review_due_on = _submission_dates(session)
    submission = Submission.objects.create(
        session=session,
        title=title,
        number=number,
        presenting_body=presenting_body,
        reviewing_committee=reviewing_committee,
        due_on=due_on,
        review_due_on=review_due_on if reviewing_committee else None,
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
            followup=followup,
            outcome=_("Đã gửi tờ trình ngày %(day)s") % {"day": f"{submitted_on:%d/%m/%Y}"},
            completed_at=_at(submitted_on),
        )
    return submission


def submission_document_title(submission: Submission) -> str:
    """"Tờ trình 12/TTr-UBND", or just "Tờ trình" while the submission has no number."""
    return " ".join(
        part for part in [str(SubmissionDocument.Kind.SUBMISSION.label), submission.number] if part
    )


def submission_document_add(*, submission: Submission, kind: str, title: str, file, by) -> SubmissionDocument:
    return SubmissionDocument.objects.create(
        submission=submission, kind=kind, title=title, file=file, uploaded_by=by
    )


@transaction.atomic
def submission_review_record(
    *, submission: Submission, reviewed_on: date, title: str, file, by
) -> SubmissionDocument:
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
    document = submission_document_add(
        submission=submission, kind=SubmissionDocument.Kind.REVIEW, title=title, file=file, by=by
    )
    for followup in followups_of(submission).filter(source=REVIEW_SOURCE, status=FollowUp.Status.OPEN):
        followup_complete(
            followup=followup,
            outcome=_("Đã gửi báo cáo thẩm tra ngày %(day)s") % {"day": f"{reviewed_on:%d/%m/%Y}"},
            completed_at=_at(reviewed_on),
        )
    return document


def _recipients(body_ids: set[int]) -> dict[int, list[str]]:
    """Each body's own address and its staff's, for all the bodies of a move in one query."""
    emails: dict[int, set[str]] = {pk: set() for pk in body_ids}
    for body_id, user_email in Membership.objects.filter(
        body_id__in=body_ids, role__in=[Role.STAFF, Role.LEADER]
    ).exclude(user__email="").values_list("body_id", "user__email"):
        emails[body_id].add(user_email)
    for body_id, body_email in (
        Body.objects.filter(pk__in=body_ids).exclude(email="").values_list("pk", "email")
    ):
        emails[body_id].add(body_email)
    return {pk: sorted(found) for pk, found in emails.items()}


def _tell_bodies(*, changes: list["DueDateChange"], session: Session) -> int:
    """Mail each lead body and its staff that a deadline moved; the new date is part of the key, so the same
    move twice queues nothing more."""
    recipients = _recipients({change.followup.lead_body_id for change in changes})
    messages = []
    for change in changes:
        followup = change.followup
        mail = render_mail("session_moved", {"session": session, "followup": followup})
        messages += [
            {
                "key": f"session-moved:{followup.pk}:{followup.due_on.isoformat()}:{email}",
                "kind": OutboxMessage.Kind.SESSION_MOVED,
                "to_email": email,
                "subject": mail.subject,
                "body_text": mail.body_text,
                "followup": followup,
            }
            for email in recipients[followup.lead_body_id]
        ]
    return outbox_enqueue_many(messages=messages)


def _redate_mirrors(changes: list["DueDateChange"], why: str) -> None:
    """The subjects' own copies of the deadlines (a submission's due date, a plan task's), one bulk update
    and one batch of history rows per model."""
    by_model: dict[type[models.Model], tuple[set[str], list[models.Model]]] = {}
    for change in changes:
        if change.mirror is not None:
            setattr(change.mirror, change.mirror_field, change.new_due)
            fields, rows = by_model.setdefault(type(change.mirror), (set(), []))
            fields.add(change.mirror_field)
            rows.append(change.mirror)
    for model, (fields, rows) in by_model.items():  # the due dates are not part of any search text
        bulk_update_with_history(rows, model, sorted(fields), batch_size=500, default_change_reason=why)


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
    commitments = {
        c.pk: c for c in Commitment.objects.filter(question__session__in=_previous_sessions(moved)[:1])
    }
    open_followups = FollowUp.objects.open().select_related("lead_body")
    changes = [
        DueDateChange(
            followup,
            due_on if followup.source == SUBMISSION_SOURCE else review_due_on,
            submissions[followup.subject_id],
            "due_on" if followup.source == SUBMISSION_SOURCE else "review_due_on",
        )
        for followup in open_followups.filter(
            subject_type=ContentType.objects.get_for_model(Submission), subject_id__in=submissions
        )
    ]
    changes += [
        DueDateChange(
            followup,
            due_date_for(
                unit=session.council.unit,
                code=followup.source.removeprefix("session:"),
                anchor_date=moved.opening_date,
            ),
        )
        for followup in open_followups.filter(
            pk__in=followups_of(session).filter(source__startswith="session:").values("pk")
        )
    ]
    changes += [
        DueDateChange(task.followup, due, task, "due_on")
        for task, due in event_move_preview(unit=session.council.unit, anchor=DeadlineAnchor.SESSION_OPENING,
                                            anchor_date=moved.opening_date, subject=session)
    ]
    # Commitments made at the previous session are due before this one opens.
    changes += [
        DueDateChange(followup, _day_before_opening(moved), commitments[followup.subject_id], "due_on")
        for followup in open_followups.filter(
            subject_type=ContentType.objects.get_for_model(Commitment), subject_id__in=commitments
        )
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
    _redate_mirrors(changes, why)
    followups_reschedule(changes=[(change.followup, change.new_due) for change in changes], reason=why)
    queued = _tell_bodies(changes=changes, session=session)
    _session_plan_tasks(session)
    return queued


def _day_before_opening(session: Session) -> date:
    """A commitment due "before the next session" ends on the last working day before it opens."""
    return WorkCalendar().previous_working_day(session.opening_date - timedelta(days=1))


def _previous_sessions(session: Session):
    return (Session.objects.filter(council=session.council, planned_open__lt=session.planned_open)
            .exclude(pk=session.pk).order_by("-planned_open"))


SESSION_STATUS_ORDER = [
    Session.Status.PLANNED,
    Session.Status.CONVENED,
    Session.Status.IN_PROGRESS,
    Session.Status.CLOSED,
]


def session_next_status(session: Session) -> str | None:
    """The one status a session may move to (None once closed); a wrong status is corrected in the admin."""
    position = SESSION_STATUS_ORDER.index(session.status)
    return SESSION_STATUS_ORDER[position + 1] if position + 1 < len(SESSION_STATUS_ORDER) else None


def session_set_status(*, session: Session, status: str, on: date | None = None) -> Session:
    """Convene, open or close, one step at a time; opening and closing record the actual dates."""
    if status != session_next_status(session):
        raise ValidationError(
            _(
                "Không thể chuyển kỳ họp từ “%(old)s” sang “%(new)s”: trạng thái đi theo thứ tự "
                "Dự kiến → Đã triệu tập → Đang họp → Đã bế mạc."
            )
            % {"old": session.get_status_display(), "new": Session.Status(status).label}
        )
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
