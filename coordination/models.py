"""Who works together, where, and everything they owe each other.

Administrative units are versioned (the 1 July 2025 reform abolished districts and merged
provinces), bodies belong to a unit, users act through memberships in bodies, and every deadline
of every app is one FollowUp row (ARCHITECTURE.md rule 4).
"""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates
from coordination.text import fold, to_nfc


class SearchTextModel(models.Model):
    """Keeps ``search_text`` (lowercase, no diacritics) in step with ``search_source()`` on save."""

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def search_source(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_text = fold(self.search_source())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class ClosesOwnFollowUps:
    """A follow-up subject whose own app's workflow (answer, verification, recording the act) closes its follow-ups.

    The generic follow-up page then offers no "completed" button but a link to ``workflow_url()``, so the
    app's checks (maker–checker, the answer's date and document) cannot be bypassed.
    """

    def workflow_url(self) -> str:
        return self.get_absolute_url()


class PlannedThenHeld:
    """A meeting scheduled ahead (``planned_on``) and recorded as held later (``held_on``, a fact date)."""

    @property
    def day(self):
        """The day it was held, or the day it is planned for while it has not been held."""
        return self.held_on or self.planned_on

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def save(self, *args, **kwargs):
        # A meeting recorded once it has been held was planned for that day.
        if self.planned_on is None:
            self.planned_on = self.held_on
        super().save(*args, **kwargs)


class AdministrativeLevel(models.Model):
    """Province, (former) district, commune, ward, special zone: data, not an enum."""

    code = models.SlugField(_("mã cấp"), max_length=32, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("bậc"), help_text=_("1 = cấp tỉnh, 2 = cấp huyện (cũ), 3 = cấp xã"))
    has_na_delegation = models.BooleanField(_("có Đoàn ĐBQH"), default=False)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("cấp hành chính")
        verbose_name_plural = _("cấp hành chính")

    def __str__(self):
        return self.name


class AdministrativeUnit(SearchTextModel):
    code = models.CharField(_("mã đơn vị"), max_length=16, help_text=_("Mã theo danh mục hành chính chính thức"))
    name = models.CharField(_("tên"), max_length=200)
    level = models.ForeignKey(AdministrativeLevel, on_delete=models.PROTECT, verbose_name=_("cấp"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("trực thuộc")
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("đơn vị tiền thân")
    )
    change_act = models.CharField(
        _("văn bản thay đổi"), max_length=200, blank=True, help_text=_("Nghị quyết sắp xếp, thành lập, giải thể")
    )
    is_remote = models.BooleanField(
        _("vùng sâu, vùng xa"), default=False, help_text=_("Được áp dụng thời hạn dài hơn theo quy định")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["level__rank", "name"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(valid_to__isnull=True), name="unit_code_unique_current"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    def search_source(self):
        return f"{self.name} {self.code}"


class Term(models.Model):
    """Nhiệm kỳ (2026–2031) of a unit's Council; unit empty means the National Assembly term."""

    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="terms", verbose_name=_("đơn vị")
    )
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    legislature = models.PositiveSmallIntegerField(_("khóa"), null=True, blank=True, help_text=_("Ví dụ 17 cho khóa XVII"))
    elected_on = models.DateField(_("ngày bầu cử"), null=True, blank=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "start_year"], name="term_unique_per_unit"),
            models.CheckConstraint(condition=Q(end_year__gt=models.F("start_year")), name="term_years_ordered"),
        ]

    def __str__(self):
        return f"{self.start_year}–{self.end_year}"

    FACT_DATES = ("elected_on",)

    def clean(self):
        check_dates(self)


class BodyKind(models.TextChoices):
    NA_DELEGATION = "na_delegation", _("Đoàn đại biểu Quốc hội")
    COUNCIL_STANDING = "council_standing", _("Thường trực Hội đồng nhân dân")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    FRONT_BOARD = "front_board", _("Ban Thường trực Ủy ban MTTQ Việt Nam")
    COUNCIL = "council", _("Hội đồng nhân dân")
    COUNCIL_COMMITTEE = "council_committee", _("Ban của Hội đồng nhân dân")
    DEPUTY_GROUP = "deputy_group", _("Tổ đại biểu")
    OFFICE = "office", _("Văn phòng")
    AGENCY = "agency", _("Sở, ngành, cơ quan")
    OTHER = "other", _("Khác")


# The four bodies that sign a coordination regulation.
MAIN_BODY_KINDS = (
    BodyKind.NA_DELEGATION,
    BodyKind.COUNCIL_STANDING,
    BodyKind.PEOPLES_COMMITTEE,
    BodyKind.FRONT_BOARD,
)


class Body(SearchTextModel):
    kind = models.CharField(_("loại cơ quan"), max_length=32, choices=BodyKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("đơn vị"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("cơ quan cấp trên")
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "kind", "name"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        constraints = [
            # "At most one of each of the four main kinds per unit at a time": the current one has no end date.
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=Q(kind__in=[k.value for k in MAIN_BODY_KINDS]) & Q(active_to__isnull=True),
                name="body_one_main_kind_per_unit",
            ),
        ]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self):
        return self.short_name or self.name

    def search_source(self):
        return f"{self.name} {self.short_name}"

    def get_absolute_url(self):
        return reverse("body_detail", args=[self.pk])

    @property
    def is_main(self) -> bool:
        return self.kind in MAIN_BODY_KINDS


class BodyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class Person(SearchTextModel):
    full_name = models.CharField(_("họ và tên"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person",
        verbose_name=_("tài khoản"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("người")
        verbose_name_plural = _("người")

    def __str__(self):
        return self.full_name

    def search_source(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = to_nfc(self.full_name).strip()
        super().save(*args, **kwargs)


class Position(models.Model):
    """Who holds which office in which body, and when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("người"))
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="positions", verbose_name=_("cơ quan"))
    title = models.CharField(_("chức vụ"), max_length=200)
    is_head = models.BooleanField(_("người đứng đầu"), default=False)
    elected_by_council = models.BooleanField(
        _("do HĐND bầu"), default=False, help_text=_("Thuộc diện lấy phiếu tín nhiệm")
    )
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-is_head", "person__full_name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self):
        return f"{self.person} — {self.title}, {self.body}"


class Deputy(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_ASSEMBLY = "na", _("Đại biểu Quốc hội")
        COUNCIL = "council", _("Đại biểu HĐND")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deputy_mandates", verbose_name=_("người"))
    kind = models.CharField(_("loại đại biểu"), max_length=16, choices=Kind.choices)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("nhiệm kỳ"))
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("đơn vị bầu cử (tỉnh/xã)")
    )
    constituency = models.CharField(_("đơn vị bầu cử"), max_length=200, blank=True)
    group = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="deputies",
        limit_choices_to={"kind__in": [BodyKind.DEPUTY_GROUP, BodyKind.NA_DELEGATION]}, verbose_name=_("tổ/đoàn đại biểu"),
    )
    is_full_time = models.BooleanField(_("hoạt động chuyên trách"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name"]
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")
        constraints = [models.UniqueConstraint(fields=["person", "kind", "term"], name="deputy_once_per_term")]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ, chuyên viên")
    LEADER = "leader", _("Lãnh đạo")
    VIEWER = "viewer", _("Chỉ xem")


class Membership(models.Model):
    """A user's role in a body: the basis of every permission check (coordination/permissions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("tài khoản")
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cơ quan"))
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "user__username"]
        verbose_name = _("thành viên cơ quan")
        verbose_name_plural = _("thành viên cơ quan")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="membership_once_per_body")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.body}"


class CoordinationArea(models.Model):
    """The 15 coordination areas of DOMAIN.md §2; tags articles, tasks and reports. Editable."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên lĩnh vực phối hợp"), max_length=255)

    class Meta:
        ordering = ["number"]
        verbose_name = _("lĩnh vực phối hợp")
        verbose_name_plural = _("lĩnh vực phối hợp")

    def __str__(self):
        return f"{self.number}. {self.name}"


# --- Calendar ---------------------------------------------------------------------------------


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

    rule_kind = models.CharField(_("loại thời hạn"), max_length=16, choices=Kind.choices, default=Kind.RELATIVE)
    anchor = models.CharField(_("mốc tính"), max_length=32, choices=DeadlineAnchor.choices, blank=True)
    direction = models.CharField(_("trước/sau"), max_length=8, choices=Direction.choices, default=Direction.AFTER)
    amount = models.PositiveIntegerField(_("số ngày"), default=0)
    day_unit = models.CharField(_("loại ngày"), max_length=16, choices=DayUnit.choices, default=DayUnit.CALENDAR)
    day_of_month = models.PositiveSmallIntegerField(_("ngày trong tháng"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(_("số tháng một lần"), null=True, blank=True)
    remote_extra_days = models.PositiveIntegerField(_("cộng thêm cho vùng sâu, vùng xa (ngày)"), default=0)
    day_off_shift = models.CharField(
        _("nếu ngày cuối là ngày nghỉ"), max_length=16, choices=DayOffShift.choices, blank=True,
        help_text=_("Để trống: thời hạn “kể từ” chuyển sang ngày làm việc tiếp theo, thời hạn “trước” về ngày làm việc liền trước."),
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


# --- Follow-ups -------------------------------------------------------------------------------


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class FollowUp(SearchTextModel):
    """One thing owed, by whom, by when (ARCHITECTURE.md rule 4). Created and closed only by services."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("nội dung công việc"), max_length=500)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    lead_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="followups_led", verbose_name=_("cơ quan chủ trì"))
    cooperating_bodies = models.ManyToManyField(
        Body, blank=True, related_name="followups_cooperating", verbose_name=_("cơ quan phối hợp")
    )
    responsible = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="followups", verbose_name=_("người chịu trách nhiệm")
    )
    area = models.ForeignKey(
        CoordinationArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("lĩnh vực")
    )
    due_on = models.DateField(_("thời hạn"))
    expected_result = models.TextField(_("kết quả cần đạt"), blank=True)
    source = models.CharField(_("căn cứ"), max_length=500, blank=True, help_text=_("Điều, khoản của quy chế hoặc luật"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả, minh chứng"), blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to="followups/%Y/", blank=True)
    # The last reminder step the sweep handled ("d7@2026-05-20", "overdue@…"): lets the sweep skip
    # rows already handled; the outbox key, not this field, is what guarantees exactly-once.
    reminder_step = models.CharField(max_length=40, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("việc cần theo dõi")
        verbose_name_plural = _("việc cần theo dõi")
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="followup_unit_due"),
            models.Index(fields=["lead_body", "status", "due_on"], name="followup_body_due"),
            models.Index(fields=["responsible", "status", "due_on"], name="followup_person_due"),
            models.Index(fields=["subject_type", "subject_id"], name="followup_subject"),
            models.Index(fields=["status", "due_on"], name="followup_status_due"),
            # The unit's register (ordered by due date) and the dashboard's aggregates read only this index on
            # PostgreSQL (index-only scans); other databases ignore the included columns.
            models.Index(fields=["unit", "due_on", "id"], include=["status", "lead_body", "completed_at", "area"],
                         name="followup_unit_due_cover"),
        ]

    def __str__(self):
        return self.title

    def search_source(self):
        return f"{self.title} {self.source}"

    # The deadline may lie ahead; the completion records what was done (services.followup_complete checks it).
    FACT_DATES = ("completed_at",)

    def clean(self):
        check_dates(self)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()

    @property
    def was_on_time(self) -> bool | None:
        if self.status != self.Status.DONE or self.completed_at is None:
            return None
        return timezone.localdate(self.completed_at) <= self.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_on).days) if self.status == self.Status.OPEN else 0

    def get_absolute_url(self):
        return reverse("followups:detail", args=[self.pk])

    def workflow_url(self) -> str | None:
        """The page where the subject's app closes this follow-up, or None when it is closed on its own page."""
        subject = self.subject
        return subject.workflow_url() if isinstance(subject, ClosesOwnFollowUps) else None


# --- Generated documents and outgoing mail ------------------------------------------------------


class GeneratedReport(models.Model):
    """A document rendered off the request by a Celery task; the page polls its progress (rule 9)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại tài liệu"), max_length=64)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generated_reports", verbose_name=_("người yêu cầu")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/", blank=True)
    # The name the file downloads under ("quy-che-12-QCPH-2026.pdf"); storage may add a suffix to the stored
    # path when two reports share a name, the download never shows it.
    filename = models.CharField(_("tên tệp tải về"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    # Set when a worker claims the report and at each progress step: a running report whose worker
    # stopped reporting longer than REPORT_STALE_SECONDS ago is handed out again.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("số lần tạo"), default=0, editable=False)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tài liệu đã tạo")
        verbose_name_plural = _("tài liệu đã tạo")

    def __str__(self):
        return self.title

    # Who signs this document, in turn (coordination.signing): [{"slot", "body_id", "label", "page", "box"}],
    # the lead party first. Empty for a document nobody signs.
    signers = models.JSONField(_("bên ký"), default=list, blank=True)
    # The signed version (each signature an incremental update over the last); ``file`` keeps the unsigned draft.
    signed_file = models.FileField(_("bản đã ký số"), upload_to="reports/signed/%Y/%m/", blank=True)

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.pk])

    @property
    def signed_filename(self) -> str:
        stem, dot, extension = (self.filename or "tai-lieu.pdf").rpartition(".")
        return f"{stem}-da-ky.{extension}" if dot else f"{self.filename}-da-ky"


class SigningCredential(models.Model):
    """A certificate to sign with: a body's (its seal) or a leader's own (their signature), with its image.

    The private key of an uploaded PKCS#12 is stored encrypted with ``settings.SIGNING_KEY`` and is never shown
    again; a PKCS#11 credential only names its key on the token the settings configure (production)."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp PKCS#12 (.p12, .pfx)")
        PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (HSM, USB token)")

    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE, related_name="signing_credentials",
                             verbose_name=_("cơ quan (con dấu)"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="signing_credentials", verbose_name=_("lãnh đạo (chữ ký)"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.PKCS12)
    certificate_pem = models.TextField(_("chứng thư số (PEM)"), editable=False)
    chain_pem = models.TextField(_("chuỗi chứng thư"), blank=True, editable=False)
    sealed_key = models.BinaryField(_("khóa bí mật (đã mã hóa)"), blank=True, editable=False)
    pkcs11_key_label = models.CharField(_("nhãn khóa trên thiết bị"), max_length=100, blank=True)
    subject = models.CharField(_("chủ thể"), max_length=255, editable=False)
    organisation = models.CharField(_("tổ chức"), max_length=255, blank=True, editable=False)
    issuer = models.CharField(_("tổ chức cấp"), max_length=255, editable=False)
    not_before = models.DateTimeField(_("hiệu lực từ"), editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), editable=False)
    image = models.FileField(_("ảnh con dấu / chữ ký"), upload_to="signing/", blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("người nạp"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("chứng thư ký số")
        verbose_name_plural = _("chứng thư ký số")
        constraints = [
            models.CheckConstraint(condition=Q(body__isnull=False, user__isnull=True) | Q(body__isnull=True, user__isnull=False),
                                   name="signing_credential_body_or_user"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.issuer}, đến {timezone.localtime(self.not_after):%d/%m/%Y})"


class DocumentSignature(models.Model):
    """One party's signature on a generated document, made in the background (status and progress polled)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ ký")
        RUNNING = "running", _("Đang ký")
        DONE = "done", _("Đã ký")
        FAILED = "failed", _("Ký lỗi")

    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("tài liệu"))
    slot = models.PositiveSmallIntegerField(_("thứ tự bên ký"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ký"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    certificate_subject = models.CharField(_("chứng thư"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "slot"]
        verbose_name = _("chữ ký số trên tài liệu")
        verbose_name_plural = _("chữ ký số trên tài liệu")
        constraints = [models.UniqueConstraint(fields=["report", "slot"], name="one_signature_per_party")]

    def __str__(self):
        return f"{self.report} — {self.body}"


class SignatureCheck(models.Model):
    """What the signatures of an uploaded PDF say (coordination.signing.verify_pdf), for its page's badge and
    the registers' filter. One row per file field of an object; checked again when the file changes."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field_name = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    outcome = models.CharField(_("kết quả"), max_length=16, blank=True)  # "" not signed, or signing.VALID / warnings
    findings = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "field_name"], name="one_check_per_file")]
        indexes = [models.Index(fields=["content_type", "outcome"])]
        verbose_name = _("kiểm tra chữ ký số")
        verbose_name_plural = _("kiểm tra chữ ký số")

    def __str__(self):
        return f"{self.content_type} {self.object_id} {self.field_name}: {self.outcome or 'chưa ký'}"


class OutboxMessage(models.Model):
    """Every outgoing email is a row first (rule 6): the unique key makes enqueueing idempotent.

    A sweep that runs twice, two beats, or a retried task all hit the same key, so no message is
    created twice; the conditional claim in ``outbox_send`` makes sure only one worker sends it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    class Kind(models.TextChoices):
        """What a mail is about. Not the field's choices: a kind is a name in code, not a rule of the table."""

        REMINDER = "reminder"
        ESCALATION = "escalation"
        DIGEST = "digest"
        ALERT = "alert"
        SESSION_MOVED = "session_moved"

    key = models.CharField(_("khóa duy nhất"), max_length=255, unique=True)
    kind = models.CharField(_("loại thư"), max_length=32)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người nhận")
    )
    to_email = models.EmailField(_("địa chỉ nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body_text = models.TextField(_("nội dung (văn bản)"))
    body_html = models.TextField(_("nội dung (HTML)"), blank=True)
    followup = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages", verbose_name=_("việc liên quan")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Retries go by time, not by sweep: a failed send waits until next_attempt_at (exponential backoff with
    # jitter); the message is given up only once it has kept failing for OUTBOX_RETRY_WINDOW_SECONDS since
    # first_failed_at. queued_at is when a task was last handed this row, so the flush does not pile up tasks.
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    first_failed_at = models.DateTimeField(_("lỗi đầu tiên lúc"), null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="outbox_status_claimed"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_attempt"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"


class MailServerStatus(models.Model):
    """One row: whether the SMTP server refused us lately. While it is down the outbox waits for
    ``retry_at`` (backoff growing with ``failures``) instead of spending an attempt of every message."""

    down_since = models.DateTimeField(_("mất kết nối từ"), null=True, blank=True)
    retry_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("số lần lỗi liên tiếp"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trạng thái máy chủ thư")
        verbose_name_plural = _("trạng thái máy chủ thư")

    def __str__(self):
        return str(_("Máy chủ thư: lỗi từ %(t)s") % {"t": self.down_since}) if self.down_since else str(_("Máy chủ thư: bình thường"))


class TaskHeartbeat(models.Model):
    """What the workers and the beat last did, per task name (written by coordination.monitoring's Celery
    signal handlers): the readiness endpoint and the metrics read it. Counts and times only."""

    task = models.CharField(_("tác vụ"), max_length=200, unique=True)
    runs = models.PositiveBigIntegerField(_("số lần chạy"), default=0)
    failures = models.PositiveBigIntegerField(_("số lần lỗi"), default=0)
    seconds_total = models.FloatField(_("tổng thời gian (giây)"), default=0)
    last_duration = models.FloatField(_("lần gần nhất (giây)"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("chạy xong lúc"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("beat gửi lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("khởi động lúc"), null=True, blank=True)

    class Meta:
        ordering = ["task"]
        verbose_name = _("nhịp tác vụ nền")
        verbose_name_plural = _("nhịp tác vụ nền")

    def __str__(self):
        return self.task


# --- Per-user notification settings -------------------------------------------------------------


class NotificationPreference(models.Model):
    """How often a user gets the digest (default weekly, Monday 07:00) and the secret calendar-feed token."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Hằng ngày")
        WEEKLY = "weekly", _("Hằng tuần")
        NEVER = "never", _("Không nhận")

    # The frequencies a digest goes out for (the command's choices, the beat's sweep).
    SENT_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Thứ Hai")
        TUESDAY = 1, _("Thứ Ba")
        WEDNESDAY = 2, _("Thứ Tư")
        THURSDAY = 3, _("Thứ Năm")
        FRIDAY = 4, _("Thứ Sáu")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference", verbose_name=_("tài khoản"))
    digest_frequency = models.CharField(_("nhận thư tổng hợp"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    digest_weekday = models.PositiveSmallIntegerField(_("ngày trong tuần"), choices=Weekday.choices, default=Weekday.MONDAY)
    digest_hour = models.PositiveSmallIntegerField(_("giờ gửi"), default=7, help_text=_("0–23, giờ Việt Nam"))
    feed_token = models.CharField(_("mã lịch cá nhân"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")
        constraints = [models.CheckConstraint(condition=Q(digest_hour__lte=23), name="pref_hour_valid")]

    def __str__(self):
        return f"{self.user} — {self.get_digest_frequency_display()}"
