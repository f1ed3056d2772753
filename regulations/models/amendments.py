"""Amendments: the amending acts recorded on a regulation in force, and the provisions of an amending act."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import NfcTextMixin
from .regulation import Regulation


class Amendment(models.Model):
    """An amending act recorded on a regulation in force, with the day it takes effect.

    "Xem văn bản tại ngày" reads these legal dates, not the database's timestamps: the text on a day
    is the text as it took effect plus the amendments whose own effective date has come.
    """

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("quy chế")
    )
    article = models.ForeignKey(
        "Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amendments",
        verbose_name=_("điều được sửa"),
    )
    act = models.CharField(_("văn bản sửa đổi, bổ sung"), max_length=300)
    effective_from = models.DateField(_("có hiệu lực từ"))
    # When recording began, before the first history row of the edit: the text just before is the one it
    # amends.
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("văn bản sửa đổi, bổ sung")
        verbose_name_plural = _("văn bản sửa đổi, bổ sung")

    def __str__(self):
        return f"{self.act} (hiệu lực từ {self.effective_from:%d/%m/%Y})"


class AmendingProvision(NfcTextMixin, models.Model):
    """One clause of an amending act ("sửa đổi, bổ sung"): what it does to which provision of which act,
    and the new text it quotes. The amended regulation's history lists the provisions that target it."""

    class Action(models.TextChoices):
        AMEND = "amend", _("Sửa đổi")
        SUPPLEMENT = "supplement", _("Bổ sung")
        REPEAL = "repeal", _("Bãi bỏ")
        REPLACE = "replace", _("Thay thế")
        AMEND_SUPPLEMENT = "amend_supplement", _("Sửa đổi, bổ sung")

    regulation = models.ForeignKey(
        Regulation,
        on_delete=models.CASCADE,
        related_name="amending_provisions",
        verbose_name=_("văn bản sửa đổi"),
    )
    article_number = models.CharField(_("điều của văn bản sửa đổi"), max_length=10)
    clause_number = models.CharField(_("khoản của văn bản sửa đổi"), max_length=10, blank=True)
    action = models.CharField(_("sửa đổi gì"), max_length=20, choices=Action.choices)
    target_act = models.CharField(_("văn bản được sửa (theo văn bản)"), max_length=300, blank=True)
    target = models.ForeignKey(
        Regulation, null=True, blank=True, on_delete=models.SET_NULL, related_name="amended_by",
        verbose_name=_("quy chế được sửa"),
    )
    target_chapter = models.CharField(_("chương được sửa"), max_length=10, blank=True)
    target_section = models.CharField(_("mục được sửa"), max_length=10, blank=True)
    target_article = models.CharField(_("điều được sửa"), max_length=10, blank=True)
    target_clause = models.CharField(_("khoản được sửa"), max_length=10, blank=True)
    target_point = models.CharField(_("điểm được sửa"), max_length=4, blank=True)
    instruction = models.TextField(_("câu dẫn"), blank=True)
    text = models.TextField(_("nội dung mới"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("quy định sửa đổi, bổ sung")
        verbose_name_plural = _("quy định sửa đổi, bổ sung")

    def __str__(self):
        return f"{self.get_action_display()} {self.target_citation}"

    @property
    def target_citation(self) -> str:
        """"điểm a khoản 2 Điều 5", "Mục 2a Chương III" — from the smallest unit up."""
        parts = []
        if self.target_point:
            parts.append(f"điểm {self.target_point}")
        if self.target_clause:
            parts.append(f"khoản {self.target_clause}")
        if self.target_article:
            parts.append(f"Điều {self.target_article}")
        if self.target_section:
            parts.append(f"Mục {self.target_section}")
        if self.target_chapter:
            parts.append(f"Chương {self.target_chapter}")
        return " ".join(parts)

    @property
    def citation(self) -> str:
        where = f"khoản {self.clause_number} " if self.clause_number else ""
        return f"{where}Điều {self.article_number} {self.regulation.short_citation}"
