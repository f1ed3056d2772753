"""Citizen reception: reception days and the visits received there."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates, future_message
from coordination.models import Body, ClosesOwnFollowUps, SearchTextModel


class ReceptionDay(SearchTextModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Tiếp công dân định kỳ")
        JOINT = "joint", _("Ngày tiếp công dân chung theo quy chế")
        DEPUTY = "deputy", _("Đại biểu tiếp công dân")

    host_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tiếp")
    )
    receiver = models.CharField(_("người tiếp"), max_length=200, help_text=_("Ví dụ: Chủ tịch UBND tỉnh"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    day = models.DateField(_("ngày tiếp"))
    place = models.CharField(_("địa điểm"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "id"]
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")

    def __str__(self):
        return f"{self.receiver} — {self.day:%d/%m/%Y}"

    def search_source(self):
        return f"{self.receiver} {self.place}"

    def get_absolute_url(self):
        return reverse("voters:reception_detail", args=[self.pk])


class ReplyKind(models.TextChoices):
    ACCEPTED = "accepted", _("Thụ lý")
    EXTENDED = "extended", _("Gia hạn")
    REFUSED = "refused", _("Từ chối (không thụ lý)")
    FORWARDED = "forwarded", _("Chuyển cơ quan có thẩm quyền")


class ReceptionVisit(ClosesOwnFollowUps, SearchTextModel):
    reception = models.ForeignKey(
        ReceptionDay, on_delete=models.CASCADE, related_name="visits", verbose_name=_("buổi tiếp")
    )
    citizens = models.CharField(_("công dân đến"), max_length=300)
    citizen_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    content = models.TextField(_("nội dung trình bày"))
    outcome = models.TextField(_("ý kiến người tiếp"), blank=True)
    due_on = models.DateField(_("hạn trả lời"))
    reply = models.CharField(_("trả lời công dân"), max_length=16, choices=ReplyKind.choices, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("lượt tiếp công dân")

    def workflow_url(self) -> str:
        # The reply to a visit is recorded on its reception day's page.
        return self.reception.get_absolute_url()

    FACT_DATES = ("replied_on",)

    def clean(self):
        # A visit is logged at a reception that took place, and the reply follows the visit.
        reception = getattr(self, "reception", None)  # None on an admin form that has not chosen it yet
        day = reception.day if reception is not None else None
        not_held = future_message(day, label=_("ngày tiếp công dân")) if day else None
        check_dates(self, order=[NotBefore("replied_on", day, _("ngày tiếp công dân"))],
                    extra={"reception": not_held} if not_held else None)

    def get_absolute_url(self):
        return f"{self.reception.get_absolute_url()}#luot-{self.pk}"

    @property
    def reply_status(self) -> str:
        """Owed until a final reply (an extension still owes one); overdue once its due date passed."""
        if self.reply and self.reply != ReplyKind.EXTENDED:
            return _("Đã trả lời")
        return _("Quá hạn trả lời") if self.due_on < timezone.localdate() else _("Đang chờ trả lời")

    def __str__(self):
        return f"Lượt tiếp {self.pk} ({self.reception.day:%d/%m/%Y})"

    def search_source(self):
        return f"{self.citizens} {self.content}"
