"""Questioning (questions and the commitments answered) and confidence ratings with their thresholds."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates, future_message
from coordination.models import Body, ClosesOwnFollowUps, Deputy, Person, Position, SearchTextModel

from .sessions import Session, StandingMeeting


class Question(ClosesOwnFollowUps, SearchTextModel):
    class AnswerMode(models.TextChoices):
        IN_SESSION = "in_session", _("Trả lời tại phiên họp")
        WRITTEN = "written", _("Trả lời bằng văn bản")

    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("kỳ họp"),
    )
    meeting = models.ForeignKey(
        StandingMeeting,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("phiên họp"),
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        related_name="council_questions",
        verbose_name=_("đại biểu chất vấn"),
    )
    questioned_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người bị chất vấn"),
    )
    questioned_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan bị chất vấn")
    )
    text = models.TextField(_("nội dung chất vấn"))
    received_on = models.DateField(_("ngày nhận chất vấn"))
    answer_mode = models.CharField(
        _("hình thức trả lời"), max_length=16, choices=AnswerMode.choices, default=AnswerMode.IN_SESSION
    )
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
            models.CheckConstraint(
                condition=Q(session__isnull=False) | Q(meeting__isnull=False),
                name="question_has_session_or_meeting",
            )
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

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("chất vấn")
    )
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
        check_dates(
            self,
            order=[
                NotBefore(
                    "due_on",
                    question.answered_on or question.received_on,
                    _("ngày trả lời chất vấn") if question.answered_on else _("ngày nhận chất vấn"),
                )
            ],
        )


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

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("kỳ họp")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="confidence_ratings",
        verbose_name=_("người được lấy phiếu"),
    )
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
