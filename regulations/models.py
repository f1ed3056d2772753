"""The coordination regulation as a structured, versioned document (DOMAIN.md §2).

A Regulation has parties (with their signature rows), chapters, optional sections (Mục), articles,
clauses and points; every provision has a stable anchor and a citation string. Obligations are the
deadline rules the articles state; a confirmed one overrides the law's default for its code
(coordination.deadline_rules.rule_for).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates
from coordination.models import (
    AdministrativeUnit,
    Body,
    CoordinationArea,
    DeadlineRule,
    SearchTextModel,
    Term,
)
from coordination.text import fold, to_nfc

# "794/QCPH-TTHĐND-UBND-BTTUBMTTQ", "10/2016/NQ-HĐND", "06/QC-TT.HĐND-UBND", "01/QCPH/UBND-UBMTTQ".
_NUMBER_RE = re.compile(r"^(\d{1,5})(?:/(\d{4}))?/([^\s/][^\s]*)$")
_SYMBOL_PART_RE = re.compile(r"^[\w.]+$")


class NfcTextMixin:
    """Text however it arrives (forms, the admin, services; Word often pastes NFD) is validated and stored
    NFC, so that search, uniqueness and comparisons see one spelling."""

    def _text_to_nfc(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, to_nfc(value))

    def clean_fields(self, exclude=None):
        self._text_to_nfc()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self._text_to_nfc()
        super().save(*args, **kwargs)


def validate_document_number(value: str) -> None:
    match = _NUMBER_RE.match(value or "")
    if match:
        symbol = match.group(3)
        parts = re.split(r"[-/]", symbol)
        if symbol == symbol.upper() and all(p and _SYMBOL_PART_RE.match(p) and not p.isdigit() for p in parts):
            return
    raise ValidationError(
        _("Số, ký hiệu “%(value)s” không đúng mẫu văn bản hành chính (ví dụ: 794/QCPH-TTHĐND-UBND-BTTUBMTTQ)."),
        code="invalid_number",
        params={"value": value},
    )


class Regulation(NfcTextMixin, SearchTextModel):
    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Quy chế phối hợp")
        JOINT_RESOLUTION = "joint_resolution", _("Nghị quyết liên tịch ban hành quy chế")
        DECISION = "decision", _("Quyết định ban hành quy chế")
        AMENDMENT = "amendment", _("Văn bản sửa đổi, bổ sung quy chế")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        NEGOTIATING = "negotiating", _("Đang thống nhất")
        IN_FORCE = "in_force", _("Đã ký, có hiệu lực")
        SUPERSEDED = "superseded", _("Đã được thay thế")
        EXPIRED = "expired", _("Hết hiệu lực")
        REPEALED = "repealed", _("Bị bãi bỏ")

    # Legal transitions (status -> statuses it may move to); services.regulation_transition enforces them.
    # A regulation becomes "superseded" only when the one that names it takes effect, never by a button.
    TRANSITIONS = {
        Status.DRAFT: {Status.NEGOTIATING, Status.IN_FORCE},
        Status.NEGOTIATING: {Status.DRAFT, Status.IN_FORCE},
        Status.IN_FORCE: {Status.SUPERSEDED, Status.EXPIRED, Status.REPEALED},
        Status.SUPERSEDED: set(),
        Status.EXPIRED: set(),
        Status.REPEALED: set(),
    }
    MANUAL_TRANSITIONS = {
        Status.DRAFT: {Status.NEGOTIATING, Status.IN_FORCE},
        Status.NEGOTIATING: {Status.DRAFT, Status.IN_FORCE},
        Status.IN_FORCE: {Status.EXPIRED, Status.REPEALED},
        Status.SUPERSEDED: set(),
        Status.EXPIRED: set(),
        Status.REPEALED: set(),
    }
    EDITABLE_STATUSES = (Status.DRAFT, Status.NEGOTIATING)
    # What the "Sửa thông tin chung" page changes on a draft (services.regulation_update).
    HEADER_FIELDS = ("number", "title", "term", "place", "signed_on", "effective_from", "effective_to", "based_on",
                     "supersedes", "recipients")
    # Two, three or four of the unit's main bodies sign a coordination regulation.
    MIN_PARTIES, MAX_PARTIES = 2, 4
    # A regulation that was once in force governs the dates of its effective period.
    ENACTED_STATUSES = (Status.IN_FORCE, Status.SUPERSEDED, Status.EXPIRED, Status.REPEALED)

    number = models.CharField(_("số, ký hiệu"), max_length=100, validators=[validate_document_number])
    title = models.CharField(_("tên quy chế"), max_length=500)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="regulations", verbose_name=_("đơn vị"))
    term = models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.SET_NULL, related_name="regulations", verbose_name=_("nhiệm kỳ")
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, default=Kind.REGULATION)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    # The date printed on the imported text: a proposal shown to the leaders who record the signatures.
    dated_on = models.DateField(_("ngày ghi trên văn bản"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="bases_of", verbose_name=_("xây dựng trên cơ sở")
    )
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by", verbose_name=_("thay thế quy chế")
    )
    preamble = models.TextField(_("căn cứ ban hành"), blank=True)
    promulgation = models.TextField(
        _("văn bản ban hành kèm theo"), blank=True, help_text=_("Nghị quyết liên tịch, quyết định ban hành quy chế (nếu có)")
    )
    recipients = models.TextField(_("nơi nhận"), blank=True)
    appendices = models.TextField(_("phụ lục, biểu mẫu"), blank=True, help_text=_("Phụ lục, mẫu biểu kèm theo sau phần chữ ký"))
    # What the importer read: {"lines": {"total", "placed", "warned"}, "warnings": [...], "notes": [...],
    # "warnings_read_by": username} — so anyone can see later what was not placed and who accepted it.
    import_report = models.JSONField(_("kết quả đọc văn bản"), default=dict, blank=True)
    scanned_copy = models.FileField(_("bản ký (PDF)"), upload_to="regulations/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-signed_on", "-id"]
        verbose_name = _("quy chế phối hợp")
        verbose_name_plural = _("quy chế phối hợp")
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="regulation_number_unique_per_unit"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="regulation_effective_range",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status", "effective_from"], name="regulation_unit_status")]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def search_source(self):
        # The title follows the word "QUY CHẾ" in the document, so the kind is searchable too.
        return f"{self.number} {self.get_kind_display()} {self.title}"

    def save(self, *args, **kwargs):
        self.title = self.title.strip()
        self.number = self.number.strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("regulations:detail", args=[self.pk])

    # It may take effect (and end) on days ahead; the signature records what was done.
    FACT_DATES = ("signed_on",)

    def clean(self):
        check_dates(self)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def short_citation(self) -> str:
        return f"Quy chế số {self.number}"


class RegulationStatusChange(models.Model):
    """Who moved a regulation from one status to another, and when."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=Regulation.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=Regulation.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("chuyển trạng thái quy chế")
        verbose_name_plural = _("chuyển trạng thái quy chế")

    def __str__(self):
        return f"{self.regulation.number}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Amendment(models.Model):
    """An amending act recorded on a regulation in force, with the day it takes effect.

    "Xem văn bản tại ngày" reads these legal dates, not the database's timestamps: the text on a day
    is the text as it took effect plus the amendments whose own effective date has come.
    """

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("quy chế"))
    article = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments",
                                verbose_name=_("điều được sửa"))
    act = models.CharField(_("văn bản sửa đổi, bổ sung"), max_length=300)
    effective_from = models.DateField(_("có hiệu lực từ"))
    # When recording began, before the first history row of the edit: the text just before is the one it amends.
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi nhận")
    )

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("văn bản sửa đổi, bổ sung")
        verbose_name_plural = _("văn bản sửa đổi, bổ sung")

    def __str__(self):
        return f"{self.act} (hiệu lực từ {self.effective_from:%d/%m/%Y})"


class Party(NfcTextMixin, models.Model):
    """A body that signs the regulation, with its signature row (signer, title, date)."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="parties", verbose_name=_("quy chế"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="regulation_parties", verbose_name=_("cơ quan"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    heading = models.CharField(_("dòng thẩm quyền ký"), max_length=200, blank=True, help_text=_("Ví dụ: TM. THƯỜNG TRỰC HĐND TỈNH"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    # Read from the imported text: only a proposal until a leader of the body records the signature.
    proposed_signer_title = models.CharField(_("chức vụ người ký (theo văn bản)"), max_length=200, blank=True)
    proposed_signer_name = models.CharField(_("người ký (theo văn bản)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi nhận chữ ký")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("bên ký kết")
        verbose_name_plural = _("bên ký kết")
        constraints = [models.UniqueConstraint(fields=["regulation", "body"], name="party_once_per_regulation")]

    FACT_DATES = ("signed_on",)

    def __str__(self):
        return str(self.body)

    def clean(self):
        # Forms (the admin) only: the importer picks the bodies itself from the unit's main ones.
        # (A missing related row raises a subclass of AttributeError, so getattr covers "not chosen yet".)
        regulation = getattr(self, "regulation", None)
        unit = getattr(regulation, "unit", None)
        errors = {}
        if unit is not None and self.body_id and (self.body.unit_id != unit.pk or not self.body.is_main):
            errors["body"] = _(
                "Cơ quan: bên ký kết phải là một trong các cơ quan chủ chốt của %(unit)s "
                "(Đoàn ĐBQH, Thường trực HĐND, UBND, Ban Thường trực UBMTTQ)."
            ) % {"unit": unit}
        check_dates(self, extra=errors)

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None


class Chapter(NfcTextMixin, models.Model):
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("quy chế"))
    number = models.CharField(_("số chương"), max_length=10, help_text=_("Số La Mã: I, II, III…"))
    title = models.CharField(_("tên chương"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("chương")
        verbose_name_plural = _("chương")

    def __str__(self):
        return f"Chương {self.number}. {self.title}"

    @property
    def anchor(self) -> str:
        return f"chuong-{self.number.lower()}"


class Section(NfcTextMixin, models.Model):
    """Mục: an optional grouping of articles inside a chapter."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections", verbose_name=_("chương"))
    number = models.CharField(_("số mục"), max_length=10)
    title = models.CharField(_("tên mục"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "order", "id"]
        verbose_name = _("mục")
        verbose_name_plural = _("mục")

    def __str__(self):
        return f"Mục {self.number}. {self.title}"

    @property
    def anchor(self) -> str:
        return f"chuong-{self.chapter.number.lower()}-muc-{self.number}"


class Article(NfcTextMixin, SearchTextModel):
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="articles", verbose_name=_("quy chế"))
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="articles", verbose_name=_("chương")
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name=_("mục")
    )
    number = models.CharField(_("số điều"), max_length=10, help_text=_("Ví dụ: 7 hoặc 3a"))
    title = models.CharField(_("tên điều"), max_length=500, blank=True)
    text = models.TextField(_("nội dung chung"), blank=True, help_text=_("Đoạn văn không thuộc khoản nào"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    areas = models.ManyToManyField(CoordinationArea, blank=True, related_name="articles", verbose_name=_("lĩnh vực phối hợp"))
    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("điều")
        verbose_name_plural = _("điều")
        constraints = [models.UniqueConstraint(fields=["regulation", "number"], name="article_number_unique")]

    def __str__(self):
        return f"Điều {self.number}. {self.title}"

    def search_source(self):
        return f"Điều {self.number} {self.title} {self.text}"

    @property
    def anchor(self) -> str:
        return f"dieu-{self.number}"

    @property
    def citation(self) -> str:
        return f"Điều {self.number} {self.regulation.short_citation}"


class Clause(NfcTextMixin, models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("điều"))
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
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="points", verbose_name=_("khoản"))
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


class Obligation(NfcTextMixin, DeadlineRule):
    """What an article or clause requires of whom and by when; proposed by the importer, confirmed by a person."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất, chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REJECTED = "rejected", _("Không áp dụng")

    # What a person edits on the obligation page (services.obligation_update).
    EDITABLE_FIELDS = ("action", "lead_body", "cooperating_bodies", "area", "deadline_code", "rule_kind", "anchor",
                       "direction", "amount", "day_unit", "day_of_month", "month", "every_months", "remote_extra_days")

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("quy chế"))
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("điều"))
    clause = models.ForeignKey(
        Clause, null=True, blank=True, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("khoản")
    )
    lead_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="regulation_obligations", verbose_name=_("cơ quan chủ trì")
    )
    # The lead as the text names it ("Văn phòng HĐND và UBND", "Sở Tài chính"), for a person to map to a body.
    lead_text = models.CharField(_("cơ quan chủ trì theo văn bản"), max_length=300, blank=True)
    cooperating_bodies = models.ManyToManyField(
        Body, blank=True, related_name="regulation_obligations_cooperating", verbose_name=_("cơ quan phối hợp")
    )
    action = models.TextField(_("nội dung công việc"))
    area = models.ForeignKey(
        CoordinationArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations", verbose_name=_("lĩnh vực")
    )
    deadline_code = models.SlugField(
        _("mã thời hạn"), max_length=64, blank=True,
        help_text=_("Mã quy tắc thời hạn theo luật mà nghĩa vụ này thay thế (ví dụ submission_due)"),
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người xác nhận")
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
        Regulation, on_delete=models.CASCADE, related_name="amending_provisions", verbose_name=_("văn bản sửa đổi")
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
