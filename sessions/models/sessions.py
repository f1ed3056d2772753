"""Sessions, Standing Committee meetings and the agenda items of both."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import NotAfter, NotBefore, check_dates
from coordination.models import Body, PlannedThenHeld, SearchTextModel, Term


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

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="council_sessions", verbose_name=_("nhiệm kỳ")
    )
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
            models.UniqueConstraint(
                fields=["council", "term", "number"], name="session_number_once_per_term"
            ),
            models.CheckConstraint(
                condition=Q(planned_close__gte=models.F("planned_open")), name="session_dates_ordered"
            ),
        ]
        indexes = [models.Index(fields=["council", "planned_open"])]

    def __str__(self):
        return f"Kỳ họp thứ {self.number} ({self.get_kind_display().lower()}) — {self.council}"

    def save(self, *args, **kwargs):
        """Its submissions keep its planned opening (``Submission.session_planned_open``, the register's
        order): whenever the opening is saved (``session_move``, the admin), those that differ take it in one
        UPDATE, set-based whatever their number."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or "planned_open" in update_fields):
            self.submissions.exclude(session_planned_open=self.planned_open).update(
                session_planned_open=self.planned_open
            )

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
        """ "Kỳ họp thứ N" is unique per Council and term, and the numbers follow the order of the openings
        with no gap: a repeat, a skipped number or a number out of date order names the session it collides
        with."""
        if not (self.number and self.council_id and self.term_id and self.opening_date):
            return {}  # an admin form that has not chosen them yet names the missing field itself
        others = sorted(
            Session.objects.filter(council_id=self.council_id, term_id=self.term_id).exclude(pk=self.pk),
            key=lambda s: s.number,
        )
        if not others:
            return {}
        label = capfirst(self._meta.get_field("number").verbose_name)

        def said(session):
            return _("kỳ họp thứ %(n)s (khai mạc %(day)s)") % {
                "n": session.number,
                "day": f"{session.opening_date:%d/%m/%Y}",
            }

        same = next((s for s in others if s.number == self.number), None)
        if same is not None:
            return {"number": _("%(field)s %(n)s: nhiệm kỳ này đã có %(other)s.") % {
                "field": label, "n": self.number, "other": said(same)}}
        first, last = others[0], others[-1]
        if self.number > last.number + 1:
            return {
                "number": _(
                    "%(field)s %(n)s: số thứ tự bị cách quãng, kỳ họp sau %(other)s là kỳ họp thứ "
                    "%(expected)s."
                )
                % {"field": label, "n": self.number, "other": said(last), "expected": last.number + 1}
            }
        if self.number < first.number - 1:
            return {
                "number": _(
                    "%(field)s %(n)s: số thứ tự bị cách quãng, kỳ họp trước %(other)s là kỳ họp thứ "
                    "%(expected)s."
                )
                % {"field": label, "n": self.number, "other": said(first), "expected": first.number - 1}
            }
        before = next((s for s in reversed(others) if s.number < self.number), None)
        after = next((s for s in others if s.number > self.number), None)
        if before is not None and before.opening_date >= self.opening_date:
            return {
                "number": _(
                    "%(field)s %(n)s khai mạc %(day)s, không sau %(other)s: số thứ tự phải theo thứ tự ngày "
                    "họp."
                )
                % {
                    "field": label,
                    "n": self.number,
                    "day": f"{self.opening_date:%d/%m/%Y}",
                    "other": said(before),
                }
            }
        if after is not None and after.opening_date <= self.opening_date:
            return {
                "number": _(
                    "%(field)s %(n)s khai mạc %(day)s, không trước %(other)s: số thứ tự phải theo thứ tự "
                    "ngày họp."
                )
                % {
                    "field": label,
                    "n": self.number,
                    "day": f"{self.opening_date:%d/%m/%Y}",
                    "other": said(after),
                }
            }
        return {}


class StandingMeeting(PlannedThenHeld, SearchTextModel):
    """A meeting of the Standing Committee: monthly, the joint preparatory meeting, or an explanation
    session."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Phiên họp thường kỳ")
        JOINT = "joint", _("Hội nghị liên tịch")
        EXPLANATION = "explanation", _("Phiên giải trình")

    standing = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="standing_meetings", verbose_name=_("Thường trực HĐND")
    )
    kind = models.CharField(_("loại cuộc họp"), max_length=16, choices=Kind.choices, default=Kind.MONTHLY)
    title = models.CharField(_("tên cuộc họp"), max_length=300)
    # Scheduled ahead on ``planned_on`` (it shows in the calendar), recorded as held on ``held_on``.
    planned_on = models.DateField(_("ngày họp dự kiến"))
    held_on = models.DateField(
        _("ngày họp"), null=True, blank=True, help_text=_("Để trống khi cuộc họp chưa diễn ra")
    )
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    for_session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="preparatory_meetings",
        verbose_name=_("chuẩn bị cho kỳ họp"),
    )
    attending_bodies = models.ManyToManyField(
        Body, blank=True, related_name="+", verbose_name=_("cơ quan dự họp")
    )
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
        check_dates(
            self,
            order=[
                NotAfter("notified_on", self.day, _("ngày họp") if self.is_held else _("ngày họp dự kiến"))
            ],
        )


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Báo cáo")
        DRAFT_RESOLUTION = "draft_resolution", _("Dự thảo nghị quyết")
        QUESTIONING = "questioning", _("Chất vấn")
        ELECTION = "election", _("Bầu, miễn nhiệm")
        CONFIDENCE = "confidence", _("Lấy phiếu tín nhiệm")
        OTHER = "other", _("Khác")

    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("kỳ họp"),
    )
    meeting = models.ForeignKey(
        StandingMeeting, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items",
        verbose_name=_("phiên họp"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nội dung"), max_length=500)
    kind = models.CharField(_("loại nội dung"), max_length=24, choices=Kind.choices, default=Kind.REPORT)
    presenting_body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan trình"),
    )
    reviewing_committee = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Ban thẩm tra"),
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
                condition=Q(session__isnull=False) | Q(meeting__isnull=False),
                name="agenda_item_has_session_or_meeting",
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"
