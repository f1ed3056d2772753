"""The calendar: days off and working days, and the rules that turn an event into a deadline."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarDay(models.Model):
    """A day an administrator adds to or takes from the official holiday list (coordination/workdays.py)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ (thêm)")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("lý do"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("ngày nghỉ/làm bù")
        verbose_name_plural = _("ngày nghỉ/làm bù")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} — {self.name}"


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("ngày")
    WORKING = "working", _("ngày làm việc")


class DayOffShift(models.TextChoices):
    """Where a deadline whose last day is a weekend or public holiday ends."""

    NEXT = "next", _("sang ngày làm việc tiếp theo")
    PREVIOUS = "previous", _("về ngày làm việc liền trước")


# Why each shift is lawful: a period counted from an event ends on the next working day (Civil Code);
# "at the latest N days before" an event must still be done before it, so it moves earlier.
DAY_OFF_SHIFT_BASIS = {
    DayOffShift.NEXT: _("Bộ luật Dân sự 2015, Điều 148 khoản 5"),
    DayOffShift.PREVIOUS: _("thời hạn “chậm nhất … trước” phải kết thúc trước sự kiện"),
}


class DeadlineAnchor(models.TextChoices):
    """The event a relative deadline counts from."""

    SESSION_OPENING = "session_opening", _("ngày khai mạc kỳ họp")
    SESSION_CLOSING = "session_closing", _("ngày bế mạc kỳ họp")
    MEETING = "meeting", _("ngày tổ chức hội nghị, cuộc họp")
    ROUND_END = "round_end", _("ngày kết thúc đợt tiếp xúc cử tri")
    RECEIPT = "receipt", _("ngày nhận văn bản, hồ sơ")
    DECISION = "decision", _("ngày ban hành quyết định")
    VISIT = "visit", _("ngày làm việc, giám sát trực tiếp")
    ACTIVITY_END = "activity_end", _("ngày kết thúc hoạt động")
    SUBMISSION = "submission", _("ngày trình")


class DeadlineRule(models.Model):
    """A deadline as rule data ("chậm nhất 20 ngày trước ngày khai mạc kỳ họp"), never a constant in code.

    Relative rules count ``amount`` calendar or working days before/after an anchor event; periodic
    rules recur monthly on a day, every N months, or yearly by a date. The arithmetic is in
    coordination/workdays.py; concrete rules live in StatutoryRule (laws) and regulations.Obligation.
    """

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("Tính từ một sự kiện")
        MONTHLY = "monthly", _("Hằng tháng")
        EVERY_N_MONTHS = "every_n_months", _("Định kỳ N tháng")
        YEARLY = "yearly", _("Hằng năm")

    class Direction(models.TextChoices):
        BEFORE = "before", _("trước")
        AFTER = "after", _("sau / kể từ")

    rule_kind = models.CharField(
        _("loại thời hạn"), max_length=16, choices=Kind.choices, default=Kind.RELATIVE
    )
    anchor = models.CharField(_("mốc tính"), max_length=32, choices=DeadlineAnchor.choices, blank=True)
    direction = models.CharField(
        _("trước/sau"), max_length=8, choices=Direction.choices, default=Direction.AFTER
    )
    amount = models.PositiveIntegerField(_("số ngày"), default=0)
    day_unit = models.CharField(
        _("loại ngày"), max_length=16, choices=DayUnit.choices, default=DayUnit.CALENDAR
    )
    day_of_month = models.PositiveSmallIntegerField(_("ngày trong tháng"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(_("số tháng một lần"), null=True, blank=True)
    remote_extra_days = models.PositiveIntegerField(_("cộng thêm cho vùng sâu, vùng xa (ngày)"), default=0)
    day_off_shift = models.CharField(
        _("nếu ngày cuối là ngày nghỉ"),
        max_length=16,
        choices=DayOffShift.choices,
        blank=True,
        help_text=_(
            "Để trống: thời hạn “kể từ” chuyển sang ngày làm việc tiếp theo, thời hạn “trước” về ngày làm "
            "việc liền trước."
        ),
    )

    class Meta:
        abstract = True

    @property
    def effective_day_off_shift(self) -> str:
        if self.day_off_shift:
            return self.day_off_shift
        return DayOffShift.PREVIOUS if self.direction == self.Direction.BEFORE else DayOffShift.NEXT

    def describe(self) -> str:
        from coordination.workdays import describe_rule

        return describe_rule(self)

    def due_date(self, anchor_date: date, *, remote: bool = False) -> date:
        from coordination.workdays import relative_due_date

        return relative_due_date(self, anchor_date, remote=remote)


class StatutoryRule(DeadlineRule):
    """A time limit a law sets (petition answers, complaint acceptance…), editable when the law changes."""

    code = models.SlugField(_("mã quy tắc"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("thời hạn theo luật")
        verbose_name_plural = _("thời hạn theo luật")

    def __str__(self):
        return f"{self.name}: {self.describe()}"
