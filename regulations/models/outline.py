"""The text of a regulation: chapters, sections (Mục), articles, clauses and points, each with its anchor."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import CoordinationArea, SearchTextModel
from coordination.text import fold, sentence_case

from .base import NfcTextMixin
from .regulation import Regulation


class Chapter(NfcTextMixin, models.Model):
    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("quy chế")
    )
    number = models.CharField(_("số chương"), max_length=10, help_text=_("Số La Mã: I, II, III…"))
    title = models.CharField(_("tên chương"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("chương")
        verbose_name_plural = _("chương")

    def __str__(self):
        return f"Chương {self.number}. {sentence_case(self.title)}"

    @property
    def anchor(self) -> str:
        return f"chuong-{self.number.lower()}"


class Section(NfcTextMixin, models.Model):
    """Mục: an optional grouping of articles inside a chapter."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="sections", verbose_name=_("chương")
    )
    number = models.CharField(_("số mục"), max_length=10)
    title = models.CharField(_("tên mục"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "order", "id"]
        verbose_name = _("mục")
        verbose_name_plural = _("mục")

    def __str__(self):
        return f"Mục {self.number}. {sentence_case(self.title)}"

    @property
    def anchor(self) -> str:
        return f"chuong-{self.chapter.number.lower()}-muc-{self.number}"


class Article(NfcTextMixin, SearchTextModel):
    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="articles", verbose_name=_("quy chế")
    )
    chapter = models.ForeignKey(
        Chapter,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name=_("chương"),
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("mục"),
    )
    number = models.CharField(_("số điều"), max_length=10, help_text=_("Ví dụ: 7 hoặc 3a"))
    title = models.CharField(_("tên điều"), max_length=500, blank=True)
    text = models.TextField(_("nội dung chung"), blank=True, help_text=_("Đoạn văn không thuộc khoản nào"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    areas = models.ManyToManyField(
        CoordinationArea, blank=True, related_name="articles", verbose_name=_("lĩnh vực phối hợp")
    )
    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("điều")
        verbose_name_plural = _("điều")
        constraints = [models.UniqueConstraint(fields=["regulation", "number"], name="article_number_unique")]

    def __str__(self):
        return f"Điều {self.number}. {sentence_case(self.title)}"

    def search_source(self):
        return f"Điều {self.number} {self.title} {self.text}"

    @property
    def anchor(self) -> str:
        return f"dieu-{self.number}"

    @property
    def citation(self) -> str:
        return f"Điều {self.number} {self.regulation.short_citation}"


class Clause(NfcTextMixin, models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("điều")
    )
    number = models.CharField(_("số khoản"), max_length=10, help_text=_("Ví dụ: 1 hoặc 1a"))
    text = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "order", "id"]
        verbose_name = _("khoản")
        verbose_name_plural = _("khoản")

    def __str__(self):
        return f"khoản {self.number} Điều {self.article.number}"

    @property
    def anchor(self) -> str:
        return f"dieu-{self.article.number}-khoan-{self.number}"

    @property
    def citation(self) -> str:
        return f"khoản {self.number} {self.article.citation}"


class Point(NfcTextMixin, models.Model):
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="points", verbose_name=_("khoản")
    )
    letter = models.CharField(_("điểm"), max_length=4, help_text=_("a, b, c, d, đ, e…"))
    text = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["clause", "order", "id"]
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")

    def __str__(self):
        return f"điểm {self.letter} {self.clause}"

    @property
    def anchor(self) -> str:
        return f"{self.clause.anchor}-diem-{fold(self.letter)}{'d' if self.letter == 'đ' else ''}"

    @property
    def citation(self) -> str:
        return f"điểm {self.letter} {self.clause.citation}"
