"""Voter-contact rounds, their meetings and the opinions raised there."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates
from coordination.documents import vn_number
from coordination.models import (
    AdministrativeUnit,
    Body,
    ClosesOwnFollowUps,
    Deputy,
    PlannedThenHeld,
    SearchTextModel,
)


class VoterContactRound(ClosesOwnFollowUps, SearchTextModel):
    class Timing(models.TextChoices):
        BEFORE = "before", _("Trước kỳ họp")
        AFTER = "after", _("Sau kỳ họp")

    class Kind(models.TextChoices):
        GENERAL = "general", _("Tiếp xúc chung")
        THEMATIC = "thematic", _("Theo chuyên đề")
        SECTOR = "sector", _("Theo lĩnh vực, ngành nghề")

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("tên đợt"), max_length=300)
    timing = models.CharField(_("trước/sau kỳ họp"), max_length=8, choices=Timing.choices)
    council_session = models.ForeignKey(
        "council_sessions.Session",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voter_rounds",
        verbose_name=_("kỳ họp HĐND"),
    )
    # Rounds recorded before sessions were kept as rows had only this text; shown when no session is linked.
    session_label = models.CharField(_("kỳ họp HĐND (ghi chú cũ)"), max_length=200, blank=True)
    na_session_number = models.PositiveSmallIntegerField(_("kỳ họp Quốc hội số"), null=True, blank=True)
    organiser = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì (Mặt trận)")
    )
    cooperating = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan phối hợp (Thường trực HĐND)"),
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    compiled_at = models.DateTimeField(_("hoàn tất tổng hợp lúc"), null=True, blank=True)
    # Nothing of a round is public until the Standing Committee or the Front publishes its results
    # (services.round_results_publish); the public pages (/cong-khai/) read only rounds with this set.
    results_published_at = models.DateTimeField(_("công khai kết quả lúc"), null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người công khai kết quả"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("đợt tiếp xúc cử tri")
        verbose_name_plural = _("đợt tiếp xúc cử tri")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="voter_round_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def search_source(self):
        return f"{self.title} {self.council_session_display}"

    def get_absolute_url(self):
        return reverse("voters:round_detail", args=[self.pk])

    # The round's days are planned and may lie ahead; the compilation records what was done.
    FACT_DATES = ("compiled_at", "results_published_at")

    def clean(self):
        # Also run by services.round_create and round_move, so that the admin and the pages refuse the same
        # thing.
        errors = {}
        session = self.council_session
        if session is not None and session.council.unit_id != self.unit_id:
            errors["council_session"] = _(
                "Kỳ họp HĐND: «%(session)s» là kỳ họp của %(other)s, không phải của %(unit)s."
            ) % {"session": session, "other": session.council.unit, "unit": self.unit}
        check_dates(self, order=[NotBefore("ends_on", self.starts_on, _("ngày bắt đầu đợt"))], extra=errors)

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None

    @property
    def council_session_display(self) -> str:
        return str(self.council_session) if self.council_session_id else self.session_label

    @property
    def session_display(self) -> str:
        parts = [self.council_session_display] if self.council_session_display else []
        if self.na_session_number:
            parts.append(f"Kỳ họp thứ {self.na_session_number} của Quốc hội")
        return "; ".join(parts)


class VoterMeeting(PlannedThenHeld, SearchTextModel):
    """A meeting point of a round: scheduled ahead (``planned_on``, in the calendar), recorded once held."""

    round = models.ForeignKey(
        VoterContactRound, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("đợt")
    )
    planned_on = models.DateField(_("ngày tiếp xúc dự kiến"))
    held_on = models.DateField(
        _("ngày tiếp xúc"), null=True, blank=True, help_text=_("Để trống khi hội nghị chưa diễn ra")
    )
    place_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn (xã, phường)")
    )
    address = models.CharField(_("địa điểm"), max_length=300)
    deputies = models.ManyToManyField(
        Deputy, blank=True, related_name="voter_meetings", verbose_name=_("đại biểu tham dự")
    )
    voters_attending = models.PositiveIntegerField(_("số cử tri tham dự"), default=0)
    officials_answering = models.TextField(_("lãnh đạo trả lời tại hội nghị"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "id"]
        indexes = [
            # A round's page lists its meetings by the day they were held (or are planned for): walked in this
            # order, a page of 25 reads 25 of a round's 2,500 meetings instead of sorting them all.
            models.Index(
                F("round"), Coalesce("held_on", "planned_on"), F("id"), name="meeting_round_day"
            ),
            # The admin's changelist lists every meeting in the model's order: walked, a page of 100 reads 100
            # rows instead of sorting the 50,000 (at a million petitions) by the day planned.
            models.Index(fields=["planned_on", "id"], name="meeting_planned"),
        ]
        verbose_name = _("hội nghị tiếp xúc cử tri")
        verbose_name_plural = _("hội nghị tiếp xúc cử tri")

    FACT_DATES = ("held_on",)

    def __str__(self):
        return f"{self.address} ({self.day:%d/%m/%Y})" if self.day else self.address

    def clean(self):
        check_dates(self)

    def search_source(self):
        return self.address

    def get_absolute_url(self):
        return reverse("voters:meeting_detail", args=[self.pk])


# One limit for an opinion typed, edited, imported or entered in the admin: a longer speech is several
# opinions.
OPINION_MAX_CHARS = 5000


def check_opinion_length(content: str) -> None:
    """Refuse a text past OPINION_MAX_CHARS with the limit and its length, before anything is saved."""
    if len(content) > OPINION_MAX_CHARS:
        raise ValidationError(
            _("Nội dung ý kiến dài %(length)s ký tự, quá giới hạn %(limit)s ký tự: hãy rút gọn hoặc tách "
              "thành nhiều ý kiến.")
            % {"length": vn_number(len(content)), "limit": vn_number(OPINION_MAX_CHARS)},
            code="max_length",
        )


class Opinion(SearchTextModel):
    """One opinion as voiced at one meeting; compiled into a Petition, never deleted by a merge."""

    meeting = models.ForeignKey(
        VoterMeeting, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("hội nghị")
    )
    content = models.TextField(_("nội dung ý kiến, kiến nghị"))
    raised_by = models.CharField(_("cử tri nêu ý kiến"), max_length=200, blank=True)
    answered_on_spot = models.BooleanField(_("đã trả lời tại hội nghị"), default=False)
    petition = models.ForeignKey(
        "Petition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        verbose_name=_("kiến nghị tổng hợp"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("ý kiến cử tri")
        verbose_name_plural = _("ý kiến cử tri")

    def __str__(self):
        return self.content[:80]

    def search_source(self):
        return self.content

    @property
    def is_compiled(self) -> bool:
        return self.petition_id is not None

    def check_changeable(self) -> None:
        """Compiled into a petition, an opinion is what voters said: people change the petition instead."""
        if self.is_compiled:
            raise ValidationError(
                _("Ý kiến này đã được tổng hợp vào kiến nghị số %(number)s: không sửa, xoá được nữa. Nếu "
                  "cần, hãy sửa nội dung của kiến nghị.") % {"number": self.petition.number}
            )

    def clean(self):
        errors = {}
        # Voters raise opinions at a meeting that took place: none for one only scheduled.
        meeting = getattr(self, "meeting", None)  # None on an admin form that has not chosen it yet
        if meeting is not None and not meeting.is_held:
            errors["meeting"] = _(
                "Hội nghị tiếp xúc cử tri dự kiến ngày %(day)s chưa diễn ra: ghi nhận hội nghị đã "
                "họp trước khi "
                "ghi ý kiến cử tri."
            ) % {"day": f"{meeting.planned_on:%d/%m/%Y}"}
        try:
            check_opinion_length(self.content)
        except ValidationError as exc:
            errors["content"] = exc
        if errors:
            raise ValidationError(errors)
