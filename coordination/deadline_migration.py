"""Data-migration step that moves open deadlines off weekends and holidays (issue: working-day rule).

Deadlines computed before the working-day rule could end on a Saturday or on Tết. Each app's
migration calls ``move_open_deadlines_off_days_off`` for the subjects it owns, because only that app
knows whether a subject's deadline counts from an event (moves later) or comes before one (moves
earlier). Every follow-up that moves gets a history row that says why, from which day to which.
"""

from django.utils import timezone

from coordination.models import DayOffShift

# History reasons hold 100 characters (simple_history).
REASON = "Trùng ngày nghỉ, dời hạn (%(basis)s): %(old)s → %(new)s"
BASIS = {DayOffShift.NEXT: "BLDS 2015, Điều 148 khoản 5", DayOffShift.PREVIOUS: "hạn “chậm nhất … trước”"}


def work_calendar(apps):
    from coordination.workdays import WorkCalendar

    CalendarDay = apps.get_model("coordination", "CalendarDay")
    return WorkCalendar(overrides=dict(CalendarDay.objects.values_list("day", "kind")))


def move_followup(apps, followup, new_due, shift: str) -> None:
    """Re-date one open follow-up and write the history row simple_history would have written."""
    FollowUp = apps.get_model("coordination", "FollowUp")
    HistoricalFollowUp = apps.get_model("coordination", "HistoricalFollowUp")
    old_due = followup.due_on
    FollowUp.objects.filter(pk=followup.pk).update(due_on=new_due, reminder_step="")
    followup.due_on = new_due
    values = {
        f.attname: getattr(followup, f.attname)
        for f in FollowUp._meta.concrete_fields
        if f.attname != "updated_at"
    }
    HistoricalFollowUp.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="~",
        history_user=None,
        history_change_reason=REASON
        % {"basis": BASIS[shift], "old": f"{old_due:%d/%m/%Y}", "new": f"{new_due:%d/%m/%Y}"},
    )


def move_open_deadlines_off_days_off(apps, *, app_label: str | None, model_name: str | None, shift_for,
                                     mirrored_fields: tuple[str, ...] = ()) -> int:
    """Open follow-ups of ``app_label.model_name`` subjects (None, None: follow-ups without a subject)
    that are due on a day off move to the working day ``shift_for(followup)`` names (None: a date a
    person chose, left as it is); the subject's ``mirrored_fields`` that held the same date move with
    them. Done follow-ups keep the deadline they were judged against."""
    cal = work_calendar(apps)
    FollowUp = apps.get_model("coordination", "FollowUp")
    rows = FollowUp.objects.filter(status="open")
    if model_name is None:
        rows, Model = rows.filter(subject_type=None), None
    else:
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower()).first()
        if content_type is None:
            return 0
        rows, Model = rows.filter(subject_type=content_type), apps.get_model(app_label, model_name)
    moved = 0
    for followup in list(rows):
        old_due, shift = followup.due_on, shift_for(followup)
        if shift is None:
            continue
        new_due = cal.working_day_for(old_due, shift)
        if new_due == old_due:
            continue
        move_followup(apps, followup, new_due, shift)
        for field in mirrored_fields:
            Model.objects.filter(pk=followup.subject_id, **{field: old_due}).update(**{field: new_due})
        moved += 1
    return moved
