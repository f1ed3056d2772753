"""The calendar service: calendar days vs working days, Vietnamese public holidays and rule arithmetic.

Working days skip Saturdays, Sundays, the public holidays the ``holidays`` package knows for Viet
Nam (Tết included, with its official substitute days), and the days an administrator adds as
CalendarDay rows; a CalendarDay of kind WORKING_DAY turns a weekend or holiday into a working
day (the government swaps working days each year).
"""

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from coordination.models import DAY_OFF_SHIFT_BASIS, CalendarDay, DayOffShift, DayUnit, DeadlineRule


@lru_cache(maxsize=64)
def _official_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


class WorkCalendar:
    """Official holidays plus the administrator's CalendarDay overrides, loaded once per instance.

    Build one per request or per batch (``WorkCalendar()``); it reads CalendarDay once, lazily.
    """

    def __init__(self, overrides: dict[date, str] | None = None):
        self._overrides = overrides

    @property
    def overrides(self) -> dict[date, str]:
        if self._overrides is None:
            self._overrides = dict(CalendarDay.objects.values_list("day", "kind"))
        return self._overrides

    def is_working_day(self, day: date) -> bool:
        override = self.overrides.get(day)
        if override == CalendarDay.Kind.WORKING_DAY:
            return True
        if override == CalendarDay.Kind.DAY_OFF:
            return False
        return day.weekday() < 5 and day not in _official_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The working day ``count`` working days after (or before, if negative) ``start``."""
        step = 1 if count >= 0 else -1
        day, remaining = start, abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_day_for(self, day: date, shift: str) -> date:
        """``day`` when it is a working day, else the working day the rule's ``DayOffShift`` names."""
        return self.previous_working_day(day) if shift == DayOffShift.PREVIOUS else self.next_working_day(day)

    def shift(self, start: date, amount: int, unit: str) -> date:
        if unit == DayUnit.WORKING:
            return self.add_working_days(start, amount)
        return start + timedelta(days=amount)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n))
        )


def relative_due_date(
    rule: DeadlineRule, anchor_date: date, *, remote: bool = False, cal: WorkCalendar | None = None
) -> date:
    """The due date of a relative rule: ``amount`` days before/after the anchor event, on a working day.

    "Chậm nhất N ngày trước ngày khai mạc" means the day N days earlier; "trong thời hạn N ngày kể
    từ ngày nhận" means N days after receipt. Remote areas get ``remote_extra_days`` more. A last
    day that is a weekend or holiday moves as the rule says: a period counted from an event ends on
    the next working day (Civil Code 2015, art. 148.5), a "before" deadline on the working day
    before, so the act still happens before the event.
    """
    cal = cal or WorkCalendar()
    amount = rule.amount + (
        rule.remote_extra_days if remote and rule.direction == rule.Direction.AFTER else 0
    )
    signed = -amount if rule.direction == rule.Direction.BEFORE else amount
    return cal.working_day_for(cal.shift(anchor_date, signed, rule.day_unit), rule.effective_day_off_shift)


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def periodic_due_dates(
    rule: DeadlineRule, start: date, end: date, *, cal: WorkCalendar | None = None
) -> list[date]:
    """Occurrences of a periodic rule whose nominal date falls in [start, end].

    A nominal date that is not a working day moves to the next working day ("trường hợp trùng
    ngày nghỉ thì tổ chức vào ngày làm việc liền kề sau đó"), except when that is in the next year
    (31 December on a Sunday): a plan year's task stays in its year, on the last working day before.
    """
    cal = cal or WorkCalendar()
    nominal: list[date] = []
    if rule.rule_kind == rule.Kind.MONTHLY:
        months = [(y, m) for y in range(start.year, end.year + 1) for m in range(1, 13)]
        nominal = [_clamped(y, m, rule.day_of_month or 1) for y, m in months]
    elif rule.rule_kind == rule.Kind.EVERY_N_MONTHS:
        step = rule.every_months or 6
        # Periods counted from January: every 6 months -> end of June and end of December by default.
        months = [(y, m) for y in range(start.year, end.year + 1) for m in range(step, 13, step)]
        nominal = [_clamped(y, m, rule.day_of_month or 31) for y, m in months]
    elif rule.rule_kind == rule.Kind.YEARLY:
        nominal = [
            _clamped(y, rule.month or 12, rule.day_of_month or 31) for y in range(start.year, end.year + 1)
        ]
    return [_working_day_in_year(d, cal) for d in nominal if start <= d <= end]


def _working_day_in_year(day: date, cal: WorkCalendar) -> date:
    following = cal.next_working_day(day)
    return following if following.year == day.year else cal.previous_working_day(day)


def describe_rule(rule: DeadlineRule) -> str:
    """The rule in the words a regulation uses, e.g. "chậm nhất 20 ngày trước ngày khai mạc kỳ họp"."""
    days = _("%(n)s ngày làm việc") if rule.day_unit == DayUnit.WORKING else _("%(n)s ngày")
    days = days % {"n": f"{rule.amount:02d}" if rule.amount < 10 else rule.amount}
    if rule.rule_kind == rule.Kind.MONTHLY:
        return _("hằng tháng, ngày %(d)s") % {"d": rule.day_of_month or 1}
    if rule.rule_kind == rule.Kind.EVERY_N_MONTHS:
        return _("định kỳ %(n)s tháng") % {"n": f"{rule.every_months or 6:02d}"}
    if rule.rule_kind == rule.Kind.YEARLY:
        return _("hằng năm, chậm nhất ngày %(d)s tháng %(m)s") % {
            "d": rule.day_of_month or 31,
            "m": rule.month or 12,
        }
    anchor = rule.get_anchor_display() if rule.anchor else _("ngày phát sinh")
    if rule.direction == rule.Direction.BEFORE:
        text = _("chậm nhất %(days)s trước %(anchor)s") % {"days": days, "anchor": anchor}
    else:
        text = _("trong thời hạn %(days)s kể từ %(anchor)s") % {"days": days, "anchor": anchor}
    if rule.remote_extra_days:
        text += _(" (vùng sâu, vùng xa thêm %(n)s ngày)") % {"n": rule.remote_extra_days}
    return text


def describe_day_off_shift(rule: DeadlineRule) -> str:
    """"Trùng ngày nghỉ: sang ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148 khoản 5)"."""
    shift = DayOffShift(rule.effective_day_off_shift)
    return _("Trùng ngày nghỉ: %(shift)s (%(basis)s)") % {
        "shift": shift.label,
        "basis": DAY_OFF_SHIFT_BASIS[shift],
    }
