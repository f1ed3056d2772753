"""Citizen reception: reception days, the visits logged there and their replies."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.deadline_rules import due_date_for, legal_basis_of
from coordination.models import Body, StatutoryRule
from coordination.services import followup_complete, followup_open, followup_reschedule
from coordination.statutory_rules import DeadlineCode
from coordination.text import to_nfc
from coordination.workdays import WorkCalendar, periodic_due_dates
from voters.models import ReceptionDay, ReceptionVisit, ReplyKind

from ._common import _current_followup


def reception_day_create(*, host_body: Body, receiver: str, kind: str, day: date, place: str) -> ReceptionDay:
    return ReceptionDay.objects.create(
        host_body=host_body,
        receiver=to_nfc(receiver).strip(),
        kind=kind,
        day=day,
        place=to_nfc(place).strip(),
    )


@transaction.atomic
def reception_days_generate(*, host_body: Body, receiver: str, kind: str, place: str, year: int,
                            day_of_month: int | None = None, weekday: int | None = None,
                            cal: WorkCalendar | None = None) -> tuple[int, int]:
    """A year's reception days from a rule: monthly on ``day_of_month`` or weekly on ``weekday`` (0 = Monday),
    each moved to the next working day as the calendar service says. Days already in the host's schedule
    are left as they are, so running it twice adds nothing. Returns (created, already there)."""
    if (day_of_month is None) == (weekday is None):
        raise ValidationError(
            _("Chọn một quy tắc: ngày trong tháng (tiếp hằng tháng) hoặc thứ trong tuần (tiếp hằng tuần).")
        )
    cal = cal or WorkCalendar()
    first, last = date(year, 1, 1), date(year, 12, 31)
    if day_of_month is not None:
        rule = StatutoryRule(rule_kind=StatutoryRule.Kind.MONTHLY, day_of_month=day_of_month)
        days = set(periodic_due_dates(rule, first, last, cal=cal))
    else:
        monday = first + timedelta(days=(weekday - first.weekday()) % 7)
        nominal = (monday + timedelta(weeks=n) for n in range(53))
        days = {moved for d in nominal if d <= last and (moved := cal.next_working_day(d)) <= last}
    existing = set(
        ReceptionDay.objects.filter(host_body=host_body, kind=kind, day__in=days).values_list(
            "day", flat=True
        )
    )
    for day in sorted(days - existing):
        reception_day_create(host_body=host_body, receiver=receiver, kind=kind, day=day, place=place)
    return len(days - existing), len(existing)


@transaction.atomic
def reception_visit_log(*, reception: ReceptionDay, citizens: str, citizen_count: int, content: str,
                        outcome: str = "") -> ReceptionVisit:
    due_on = due_date_for(unit=reception.host_body.unit, code=DeadlineCode.CITIZEN_REPLY,
                          anchor_date=reception.day)
    visit = ReceptionVisit(
        reception=reception,
        citizens=to_nfc(citizens).strip(),
        citizen_count=citizen_count,
        content=to_nfc(content).strip(),
        outcome=to_nfc(outcome).strip(),
        due_on=due_on,
    )
    visit.clean()  # a reception that took place
    visit.save()
    followup_open(
        subject=visit,
        title=_("Trả lời công dân sau buổi tiếp ngày %(day)s") % {"day": f"{reception.day:%d/%m/%Y}"},
        lead_body=reception.host_body,
        due_on=due_on,
        source=legal_basis_of(DeadlineCode.CITIZEN_REPLY),
    )
    return visit


@transaction.atomic
def reception_visit_reply(*, visit: ReceptionVisit, reply: str, replied_on: date,
                          new_due_on: date | None = None) -> ReceptionVisit:
    """Accepted, refused or forwarded ends what is owed; extended moves its deadline, and a reply is still
    owed."""
    if reply not in ReplyKind.values:
        raise ValidationError({"reply": _("Hình thức trả lời không hợp lệ.")})
    if visit.reply not in ("", ReplyKind.EXTENDED):
        raise ValidationError({"reply": _("Lượt tiếp này đã được trả lời (%(reply)s).") % {
            "reply": visit.get_reply_display()}})
    if reply == ReplyKind.EXTENDED:
        if new_due_on is None:
            raise ValidationError({"new_due_on": _("Gia hạn cần hạn trả lời mới.")})
        if new_due_on <= max(visit.due_on, replied_on):
            raise ValidationError({"new_due_on": _("Hạn trả lời mới phải sau hạn hiện tại (%(due)s) và sau "
                                                   "ngày trả lời.") % {
                "due": f"{visit.due_on:%d/%m/%Y}"}})
    visit.reply, visit.replied_on = reply, replied_on
    visit.clean()  # not after today, not before the visit
    followup = _current_followup(visit)
    if reply == ReplyKind.EXTENDED:
        visit.due_on = new_due_on
        if followup:
            followup_reschedule(followup=followup, due_on=new_due_on)
    elif followup:
        followup_complete(
            followup=followup,
            outcome=visit.get_reply_display(),
            completed_at=timezone.make_aware(
                timezone.datetime.combine(replied_on, timezone.datetime.min.time())
            ),
        )
    visit.save(update_fields=["reply", "replied_on", "due_on"])
    return visit
