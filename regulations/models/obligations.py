"""Obligations: what an article or clause requires of whom and by when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import Body, CoordinationArea, DeadlineRule
from coordination.statutory_rules import DeadlineCode

from .base import NfcTextMixin
from .outline import Article, Clause
from .regulation import Regulation


class Obligation(NfcTextMixin, DeadlineRule):
    """What an article or clause requires of whom and by when; proposed by the importer, confirmed by a
    person."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất, chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REJECTED = "rejected", _("Không áp dụng")

    # What a person edits on the obligation page (services.obligation_update).
    EDITABLE_FIELDS = (
        "action",
        "lead_body",
        "cooperating_bodies",
        "area",
        "deadline_code",
        "rule_kind",
        "anchor",
        "direction",
        "amount",
        "day_unit",
        "day_of_month",
        "month",
        "every_months",
        "remote_extra_days",
    )

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("quy chế")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("điều")
    )
    clause = models.ForeignKey(
        Clause,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("khoản"),
    )
    lead_body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regulation_obligations",
        verbose_name=_("cơ quan chủ trì"),
    )
    # The lead as the text names it ("Văn phòng HĐND và UBND", "Sở Tài chính"), for a person to map to a body.
    lead_text = models.CharField(_("cơ quan chủ trì theo văn bản"), max_length=300, blank=True)
    cooperating_bodies = models.ManyToManyField(
        Body,
        blank=True,
        related_name="regulation_obligations_cooperating",
        verbose_name=_("cơ quan phối hợp"),
    )
    action = models.TextField(_("nội dung công việc"))
    area = models.ForeignKey(
        CoordinationArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
        verbose_name=_("lĩnh vực"),
    )
    deadline_code = models.SlugField(
        _("thời hạn luật được thay thế"), max_length=64, blank=True, choices=DeadlineCode.choices,
        help_text=_("Thời hạn theo luật mà nghĩa vụ này thay thế"),
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    source_phrase = models.TextField(_("câu gốc trong quy chế"), blank=True)
    history = HistoricalRecords(m2m_fields=[cooperating_bodies])

    class Meta:
        ordering = ["regulation", "article__order", "clause__order", "id"]
        verbose_name = _("nghĩa vụ phối hợp")
        verbose_name_plural = _("nghĩa vụ phối hợp")
        indexes = [models.Index(fields=["regulation", "status", "deadline_code"], name="obligation_code")]

    def __str__(self):
        return f"{self.citation}: {self.action[:80]}"

    @property
    def citation(self) -> str:
        return self.clause.citation if self.clause_id else self.article.citation

