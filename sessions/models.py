"""The Council's work (DOMAIN.md §3): sessions, Standing Committee meetings, agenda, submissions,
resolutions, questioning, confidence ratings, supervision missions and their recommendations.

Every deadline here is a FollowUp opened by sessions/services.py; the dates stored on these rows
are the ones the calendar service computed, kept for display and for the late badge.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.dates import NotAfter, NotBefore, check_dates, future_message
from coordination.models import (
    Body,
    ClosesOwnFollowUps,
    Deputy,
    Person,
    PlannedThenHeld,
    Position,
    SearchTextModel,
    Term,
)
from coordination.text import to_nfc


def days_past(due_on: date, done_on: date | None) -> int:
    """Days past a due date: on the day it was done, or so far when it still is not."""
    return max(0, ((done_on or timezone.localdate()) - due_on).days)


def timeliness(days_late: int, done_on: date | None, due_on: date | None = None) -> str:
    """What the late badge says, in words (registers, the dossier), naming the deadline it was judged
    against: a session moved later does not turn "Trễ 5 ngày so với hạn 01/12/2026" into "Đúng hạn".
    Without ``due_on`` (a table that prints the deadline beside it) the deadline is not repeated."""
    against = _(" so với hạn %(due)s") % {"due": f"{due_on:%d/%m/%Y}"} if due_on else ""
    if days_late and done_on is None:
        return _("Chưa gửi, trễ %(n)s ngày") % {"n": days_late} + against
    if days_late:
        return _("Trễ %(n)s ngày") % {"n": days_late} + against
    return str(_("Đúng hạn") if done_on else _("Chưa gửi"))


class Session(SearchTextModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường lệ")
        THEMATIC = "thematic", _("Chuyên đề")
        URGENT = "urgent", _("Giải quyết công việc phát sinh đột xuất")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        CONVENED = "convened", _("Đã triệu tập")
        IN_PROGRESS = "in_progress", _("Đang họp")
        CLOSED = "closed", _("Đã bế mạc")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="council_sessions", verbose_name=_("nhiệm kỳ"))
    council = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="council_sessions", verbose_name=_("Hội đồng nhân dân")
    )
    number = models.PositiveSmallIntegerField(_("kỳ họp thứ"))
    kind = models.CharField(_("loại kỳ họp"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    planned_open = models.DateField(_("ngày khai mạc dự kiến"))
    planned_close = models.DateField(_("ngày bế mạc dự kiến"))
    actual_open = models.DateField(_("ngày khai mạc thực tế"), null=True, blank=True)
    actual_close = models.DateField(_("ngày bế mạc thực tế"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_open"]
        verbose_name = _("kỳ họp")
        verbose_name_plural = _("kỳ họp")
        constraints = [
            models.UniqueConstraint(fields=["council", "term", "number"], name="session_number_once_per_term"),
            models.CheckConstraint(condition=Q(planned_close__gte=models.F("planned_open")), name="session_dates_ordered"),
        ]
        indexes = [models.Index(fields=["council", "planned_open"])]

    def __str__(self):
        return f"Kỳ họp thứ {self.number} ({self.get_kind_display().lower()}) — {self.council}"

    def search_source(self):
        return f"ky hop thu {self.number} {self.get_kind_display()} {self.place} {self.council.name}"

    def get_absolute_url(self):
        return reverse("council_sessions:session_detail", args=[self.pk])

    @property
    def opening_date(self):
        """The anchor of every "N days before the opening" deadline."""
        return self.actual_open or self.planned_open

    @property
    def closing_date(self):
        return self.actual_close or self.planned_close

    @property
    def has_met(self) -> bool:
        """The session has opened (its opening day is today or before): what it did can be recorded."""
        return self.opening_date is not None and self.opening_date <= timezone.localdate()

    # The planned days may lie ahead; the actual ones record what happened.
    FACT_DATES = ("actual_open", "actual_close")

    def clean(self):
        check_dates(self, order=[
            NotBefore("planned_close", self.planned_open, _("ngày khai mạc dự kiến")),
            NotBefore("actual_close", self.actual_open, _("ngày khai mạc thực tế")),
        ], extra=self.number_errors())

    def number_errors(self) -> dict[str, str]:
        """"Kỳ họp thứ N" is unique per Council and term, and the numbers follow the order of the openings
        with no gap: a repeat, a skipped number or a number out of date order names the session it collides with."""
        if not (self.number and self.council_id and self.term_id and self.opening_date):
            return {}  # an admin form that has not chosen them yet names the missing field itself
        others = sorted(Session.objects.filter(council_id=self.council_id, term_id=self.term_id).exclude(pk=self.pk),
                        key=lambda s: s.number)
        if not others:
            return {}
        label = capfirst(self._meta.get_field("number").verbose_name)

        def said(session):
            return _("kỳ họp thứ %(n)s (khai mạc %(day)s)") % {"n": session.number, "day": f"{session.opening_date:%d/%m/%Y}"}

        same = next((s for s in others if s.number == self.number), None)
        if same is not None:
            return {"number": _("%(field)s %(n)s: nhiệm kỳ này đã có %(other)s.") % {
                "field": label, "n": self.number, "other": said(same)}}
        first, last = others[0], others[-1]
        if self.number > last.number + 1:
            return {"number": _("%(field)s %(n)s: số thứ tự bị cách quãng, kỳ họp sau %(other)s là kỳ họp thứ %(expected)s.") % {
                "field": label, "n": self.number, "other": said(last), "expected": last.number + 1}}
        if self.number < first.number - 1:
            return {"number": _("%(field)s %(n)s: số thứ tự bị cách quãng, kỳ họp trước %(other)s là kỳ họp thứ %(expected)s.") % {
                "field": label, "n": self.number, "other": said(first), "expected": first.number - 1}}
        before = next((s for s in reversed(others) if s.number < self.number), None)
        after = next((s for s in others if s.number > self.number), None)
        if before is not None and before.opening_date >= self.opening_date:
            return {"number": _("%(field)s %(n)s khai mạc %(day)s, không sau %(other)s: số thứ tự phải theo thứ tự ngày họp.") % {
                "field": label, "n": self.number, "day": f"{self.opening_date:%d/%m/%Y}", "other": said(before)}}
        if after is not None and after.opening_date <= self.opening_date:
            return {"number": _("%(field)s %(n)s khai mạc %(day)s, không trước %(other)s: số thứ tự phải theo thứ tự ngày họp.") % {
                "field": label, "n": self.number, "day": f"{self.opening_date:%d/%m/%Y}", "other": said(after)}}
        return {}


class StandingMeeting(PlannedThenHeld, SearchTextModel):
    """A meeting of the Standing Committee: monthly, the joint preparatory meeting, or an explanation session."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Phiên họp thường kỳ")
        JOINT = "joint", _("Hội nghị liên tịch")
        EXPLANATION = "explanation", _("Phiên giải trình")

    standing = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="standing_meetings", verbose_name=_("Thường trực HĐND"))
    kind = models.CharField(_("loại cuộc họp"), max_length=16, choices=Kind.choices, default=Kind.MONTHLY)
    title = models.CharField(_("tên cuộc họp"), max_length=300)
    # Scheduled ahead on ``planned_on`` (it shows in the calendar), recorded as held on ``held_on``.
    planned_on = models.DateField(_("ngày họp dự kiến"))
    held_on = models.DateField(_("ngày họp"), null=True, blank=True, help_text=_("Để trống khi cuộc họp chưa diễn ra"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    for_session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="preparatory_meetings",
        verbose_name=_("chuẩn bị cho kỳ họp"),
    )
    attending_bodies = models.ManyToManyField(Body, blank=True, related_name="+", verbose_name=_("cơ quan dự họp"))
    notified_on = models.DateField(_("ngày gửi thông báo"), null=True, blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("phiên họp Thường trực HĐND")
        verbose_name_plural = _("phiên họp Thường trực HĐND")
        indexes = [models.Index(fields=["standing", "planned_on"], name="standing_meeting_planned")]

    FACT_DATES = ("held_on", "notified_on")

    def __str__(self):
        return f"{self.title} ({self.day:%d/%m/%Y})" if self.day else self.title

    def search_source(self):
        return f"{self.title} {self.get_kind_display()} {self.place} {self.conclusions}"

    def get_absolute_url(self):
        return reverse("council_sessions:meeting_detail", args=[self.pk])

    def clean(self):
        # The notice announces the meeting: it goes out before the day the meeting is held (or planned).
        check_dates(self, order=[NotAfter("notified_on", self.day, _("ngày họp") if self.is_held else _("ngày họp dự kiến"))])


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Báo cáo")
        DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo nghị quyết")
        QUESTIONING = "questioning", _("Chất vấn")
        ELECTION = "election", _("Bầu, miễn nhiệm")
        CONFIDENCE = "confidence", _("Lấy phiếu tín nhiệm")
        OTHER = "other", _("Khác")

    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("kỳ họp")
    )
    meeting = models.ForeignKey(
        StandingMeeting, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items",
        verbose_name=_("phiên họp"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(_("loại nội dung"), max_length=24, choices=Kind.choices, default=Kind.REPORT)
    presenting_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan trình")
    )
    reviewing_committee = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("Ban thẩm tra")
    )
    to_session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming_items",
        verbose_name=_("trình kỳ họp"), help_text=_("Nội dung phiên họp Thường trực sẽ trình kỳ họp này"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False) | Q(meeting__isnull=False), name="agenda_item_has_session_or_meeting"
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Submission(ClosesOwnFollowUps, SearchTextModel):
    """A tờ trình with its draft and documents, due a number of days before the session opens."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("kỳ họp"))
    title = models.CharField(_("trích yếu tờ trình"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    presenting_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="council_submissions", verbose_name=_("cơ quan trình")
    )
    reviewing_committee = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("Ban thẩm tra")
    )
    due_on = models.DateField(_("hạn gửi tờ trình"))
    review_due_on = models.DateField(_("hạn gửi báo cáo thẩm tra"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày gửi tờ trình"), null=True, blank=True)
    reviewed_on = models.DateField(_("ngày gửi báo cáo thẩm tra"), null=True, blank=True)
    # The files (the submission itself, the draft, the review report, others) are SubmissionDocument rows.
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")

    def __str__(self):
        return self.title

    def search_source(self):
        return f"{self.title} {self.number}"

    FACT_DATES = ("submitted_on", "reviewed_on")

    def clean(self):
        # The committee reviews what the People's Committee sent: its report does not come first.
        check_dates(self, order=[NotBefore("reviewed_on", self.submitted_on, _("ngày gửi tờ trình"))])

    @property
    def days_late(self) -> int:
        return days_past(self.due_on, self.submitted_on)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @property
    def review_days_late(self) -> int:
        return days_past(self.review_due_on, self.reviewed_on) if self.review_due_on else 0

    @property
    def timeliness(self) -> str:
        return timeliness(self.days_late, self.submitted_on, self.due_on)

    @property
    def timeliness_beside_deadline(self) -> str:
        return timeliness(self.days_late, self.submitted_on)

    @property
    def review_timeliness_beside_deadline(self) -> str:
        return timeliness(self.review_days_late, self.reviewed_on) if self.review_due_on else ""

    @property
    def review_timeliness(self) -> str:
        """Empty when no committee reviews the submission."""
        return timeliness(self.review_days_late, self.reviewed_on, self.review_due_on) if self.review_due_on else ""

    def workflow_url(self) -> str:
        # Recording the submission and the review report (submission_record, submission_review_record) close
        # its two follow-ups, from the session's page.
        return self.session.get_absolute_url()


class SubmissionDocument(models.Model):
    """The draft resolution and supporting documents that accompany a submission."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Tờ trình")
        DRAFT = "draft", _("Dự thảo nghị quyết")
        REVIEW = "review", _("Báo cáo thẩm tra")
        OTHER = "other", _("Tài liệu khác")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="documents", verbose_name=_("tờ trình"))
    kind = models.CharField(_("loại tài liệu"), max_length=16, choices=Kind.choices, default=Kind.DRAFT)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to="sessions/documents/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "kind", "id"]
        verbose_name = _("tài liệu kèm tờ trình")
        verbose_name_plural = _("tài liệu kèm tờ trình")

    def __str__(self):
        return self.title


class Resolution(SearchTextModel):
    number = models.CharField(_("số, ký hiệu"), max_length=64, help_text=_("Ví dụ 25/NQ-HĐND hoặc 10/2016/NQ-HĐND"))
    title = models.CharField(_("trích yếu"), max_length=500)
    council = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="council_resolutions", verbose_name=_("HĐND"))
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions", verbose_name=_("kỳ họp")
    )
    adopted_on = models.DateField(_("ngày thông qua"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True)
    replaces = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="replaced_by", verbose_name=_("thay thế nghị quyết")
    )
    file = models.FileField(_("tệp nghị quyết"), upload_to="sessions/resolutions/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "number"]
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="resolution_number_once_per_council")]

    def __str__(self):
        return f"Nghị quyết số {self.number}"

    def search_source(self):
        return f"{self.number} {self.title} {self.field}"

    def get_absolute_url(self):
        return reverse("council_sessions:resolution_detail", args=[self.pk])

    FACT_DATES = ("adopted_on",)  # it may take effect later

    def clean(self):
        check_dates(self, order=[
            NotBefore("adopted_on", self.session.opening_date if self.session_id else None, _("ngày khai mạc kỳ họp")),
            NotBefore("effective_on", self.adopted_on, _("ngày thông qua")),
        ])

    def save(self, *args, **kwargs):
        self.number = to_nfc(self.number).strip()
        self.title = to_nfc(self.title).strip()
        super().save(*args, **kwargs)


class Question(ClosesOwnFollowUps, SearchTextModel):
    class AnswerMode(models.TextChoices):
        IN_SESSION = "in_session", _("Trả lời tại phiên họp")
        WRITTEN = "written", _("Trả lời bằng văn bản")

    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="questions", verbose_name=_("kỳ họp")
    )
    meeting = models.ForeignKey(
        StandingMeeting, null=True, blank=True, on_delete=models.CASCADE, related_name="questions", verbose_name=_("phiên họp")
    )
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="council_questions", verbose_name=_("đại biểu chất vấn"))
    questioned_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("người bị chất vấn")
    )
    questioned_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan bị chất vấn"))
    text = models.TextField(_("nội dung chất vấn"))
    received_on = models.DateField(_("ngày nhận chất vấn"))
    answer_mode = models.CharField(_("hình thức trả lời"), max_length=16, choices=AnswerMode.choices, default=AnswerMode.IN_SESSION)
    answer_due_on = models.DateField(_("hạn trả lời bằng văn bản"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    deputy_satisfied = models.BooleanField(_("đại biểu đồng ý với trả lời"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "id"]
        verbose_name = _("chất vấn")
        verbose_name_plural = _("chất vấn")
        constraints = [
            models.CheckConstraint(condition=Q(session__isnull=False) | Q(meeting__isnull=False), name="question_has_session_or_meeting")
        ]

    def __str__(self):
        return self.text[:80]

    def workflow_url(self) -> str:
        # A written answer is recorded from the session or meeting page where the question is listed.
        return (self.session or self.meeting).get_absolute_url()

    FACT_DATES = ("received_on", "answered_on")

    def clean(self):
        check_dates(self, order=[NotBefore("answered_on", self.received_on, _("ngày nhận chất vấn"))])

    def search_source(self):
        return self.text


class Commitment(models.Model):
    """What the questioned official promised; followed up before the next session."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("chất vấn"))
    text = models.TextField(_("nội dung cam kết"))
    due_on = models.DateField(_("hạn thực hiện"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("cam kết sau chất vấn")
        verbose_name_plural = _("cam kết sau chất vấn")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        # A promise made when answering cannot be due before the question was answered (or received).
        question = getattr(self, "question", None)  # None on an admin form that has not chosen it yet
        if question is None:
            return
        check_dates(self, order=[NotBefore("due_on", question.answered_on or question.received_on,
                                           _("ngày trả lời chất vấn") if question.answered_on else _("ngày nhận chất vấn"))])


class RatingThreshold(models.Model):
    """Rule data of Resolution 96/2023/QH15: "more than half" is a share an administrator can edit."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    share = models.DecimalField(
        _("tỷ lệ vượt quá"), max_digits=4, decimal_places=3,
        help_text=_("Kết quả xảy ra khi số phiếu lớn hơn tỷ lệ này nhân tổng số đại biểu (0,5 = quá nửa)"),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ngưỡng kết quả tín nhiệm")
        verbose_name_plural = _("ngưỡng kết quả tín nhiệm")

    def __str__(self):
        return f"{self.name}: > {self.share}"


class ConfidenceRating(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Lấy phiếu tín nhiệm")
        VOTE = "vote", _("Bỏ phiếu tín nhiệm")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("kỳ họp"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="confidence_ratings", verbose_name=_("người được lấy phiếu"))
    kind = models.CharField(_("hình thức"), max_length=8, choices=Kind.choices, default=Kind.RATING)
    total_members = models.PositiveIntegerField(_("tổng số đại biểu HĐND"))
    ballots_issued = models.PositiveIntegerField(_("số phiếu phát ra"))
    valid_ballots = models.PositiveIntegerField(_("số phiếu hợp lệ"))
    high = models.PositiveIntegerField(_("tín nhiệm cao"), default=0, help_text=_("Bỏ phiếu tín nhiệm: để 0"))
    confidence = models.PositiveIntegerField(_("tín nhiệm"), default=0)
    low = models.PositiveIntegerField(_("tín nhiệm thấp / không tín nhiệm"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position__body", "id"]
        verbose_name = _("kết quả lấy phiếu tín nhiệm")
        verbose_name_plural = _("kết quả lấy phiếu tín nhiệm")
        constraints = [
            models.UniqueConstraint(fields=["session", "position", "kind"], name="rating_once_per_session"),
            models.CheckConstraint(
                condition=Q(valid_ballots__lte=models.F("ballots_issued"))
                & Q(valid_ballots__gte=models.F("high") + models.F("confidence") + models.F("low")),
                name="rating_counts_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.position.person}"

    def clean(self):
        # The counts come from ballots cast at the session: it must have met.
        session = getattr(self, "session", None)  # None on an admin form that has not chosen it yet
        if session is not None and not session.has_met:
            raise ValidationError({"session": future_message(
                session.opening_date, label=_("ngày khai mạc kỳ họp thứ %(n)s") % {"n": session.number})})

    def outcome(self, thresholds: dict[str, Decimal]) -> str:
        """The consequence the law attaches to the counts, given the thresholds as rule data."""
        code = "formal_vote" if self.kind == self.Kind.RATING else "dismissal"
        if self.low > thresholds.get(code, Decimal("0.5")) * self.total_members:
            return str(_("Quá ngưỡng: đề nghị bỏ phiếu tín nhiệm")) if code == "formal_vote" else str(
                _("Quá ngưỡng: trình HĐND miễn nhiệm hoặc phê chuẩn cách chức")
            )
        return str(_("Không có hệ quả"))


class SupervisionMission(SearchTextModel):
    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Giám sát")
        SURVEY = "survey", _("Khảo sát")
        RESUPERVISION = "resupervision", _("Tái giám sát")

    kind = models.CharField(_("loại hoạt động"), max_length=16, choices=Kind.choices, default=Kind.SUPERVISION)
    lead_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="supervisions_led", verbose_name=_("cơ quan chủ trì"))
    joint_bodies = models.ManyToManyField(Body, blank=True, related_name="supervisions_joined", verbose_name=_("cơ quan phối hợp"))
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định"))
    subject = models.CharField(_("nội dung giám sát"), max_length=500)
    supervised_bodies = models.ManyToManyField(Body, related_name="supervisions_received", verbose_name=_("cơ quan chịu giám sát"))
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="supervision_teams", verbose_name=_("thành viên đoàn")
    )
    visit_start = models.DateField(_("ngày bắt đầu làm việc trực tiếp"))
    visit_end = models.DateField(_("ngày kết thúc"))
    notified_on = models.DateField(_("ngày thông báo cho cơ quan chịu giám sát"), null=True, blank=True)
    programme_sent_on = models.DateField(_("ngày gửi chương trình làm việc"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo kết quả"), null=True, blank=True)
    findings = models.TextField(_("kết quả giám sát"), blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    rechecks = models.ManyToManyField(
        "Recommendation", blank=True, related_name="rechecked_by", verbose_name=_("kiến nghị được tái giám sát")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_date", "id"]
        verbose_name = _("đoàn giám sát, khảo sát")
        verbose_name_plural = _("đoàn giám sát, khảo sát")
        constraints = [
            models.CheckConstraint(condition=Q(visit_end__gte=models.F("visit_start")), name="mission_visit_ordered")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def search_source(self):
        return f"{self.subject} {self.decision_number} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("council_sessions:mission_detail", args=[self.pk])

    # The visits are planned and may lie ahead; the decision and the steps record what was done.
    FACT_DATES = ("decision_date", "notified_on", "programme_sent_on", "reported_on")

    def clean(self):
        decision = _("ngày quyết định thành lập đoàn")
        check_dates(self, order=[
            NotBefore("visit_start", self.decision_date, decision),
            NotBefore("visit_end", self.visit_start, _("ngày bắt đầu làm việc trực tiếp")),
            NotBefore("notified_on", self.decision_date, decision),
            NotBefore("programme_sent_on", self.decision_date, decision),
            # The report gives the results of the direct work, so it comes once that work is over.
            NotBefore("reported_on", self.visit_end, _("ngày kết thúc làm việc trực tiếp")),
        ])


class SupervisionMissionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(SupervisionMission, on_delete=models.CASCADE)


class SupervisionMissionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(SupervisionMission, on_delete=models.CASCADE)


class Recommendation(ClosesOwnFollowUps, SearchTextModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Chờ trả lời")
        ANSWERED = "answered", _("Đã trả lời, chờ xác minh")
        DONE = "done", _("Đã thực hiện (đã xác minh)")
        NOT_DONE = "not_done", _("Chưa thực hiện (đã xác minh)")

    mission = models.ForeignKey(SupervisionMission, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("đoàn giám sát"))
    addressee = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="supervision_recommendations", verbose_name=_("cơ quan thực hiện"))
    content = models.TextField(_("nội dung kiến nghị"))
    due_on = models.DateField(_("thời hạn"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("báo cáo kết quả thực hiện"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi nhận trả lời")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người xác minh")
    )
    verified_on = models.DateField(_("ngày xác minh"), null=True, blank=True)
    verification_note = models.TextField(_("ý kiến xác minh"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("kiến nghị sau giám sát")
        verbose_name_plural = _("kiến nghị sau giám sát")
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self):
        return self.content[:80]

    def search_source(self):
        return self.content

    FACT_DATES = ("answered_on", "verified_on")

    def clean(self):
        # A recommendation comes out of the direct work: neither its deadline nor its answer precede its end.
        mission = getattr(self, "mission", None)  # None on an admin form that has not chosen it yet
        visit_end = mission.visit_end if mission is not None else None
        check_dates(self, order=[
            NotBefore("due_on", visit_end, _("ngày kết thúc làm việc trực tiếp")),
            NotBefore("answered_on", visit_end, _("ngày kết thúc làm việc trực tiếp")),
            # The committee verifies the answer it was given.
            NotBefore("verified_on", self.answered_on, _("ngày trả lời")),
        ])

    @property
    def answered_on_time(self) -> bool | None:
        return None if self.answered_on is None else self.answered_on <= self.due_on

    def workflow_url(self) -> str:
        return self.mission.get_absolute_url()
