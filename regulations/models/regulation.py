"""The regulation itself, its status changes and its parties (the bodies that sign it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates
from coordination.models import AdministrativeUnit, Body, SearchTextModel, Term
from coordination.text import sentence_case

from .base import NfcTextMixin, validate_document_number


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
    HEADER_FIELDS = (
        "number",
        "title",
        "term",
        "place",
        "signed_on",
        "effective_from",
        "effective_to",
        "based_on",
        "supersedes",
        "recipients",
    )
    # Two, three or four of the unit's main bodies sign a coordination regulation.
    MIN_PARTIES, MAX_PARTIES = 2, 4
    # A regulation that was once in force governs the dates of its effective period.
    ENACTED_STATUSES = (Status.IN_FORCE, Status.SUPERSEDED, Status.EXPIRED, Status.REPEALED)

    number = models.CharField(_("số, ký hiệu"), max_length=100, validators=[validate_document_number])
    title = models.CharField(_("tên quy chế"), max_length=500)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="regulations", verbose_name=_("đơn vị")
    )
    term = models.ForeignKey(
        Term,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regulations",
        verbose_name=_("nhiệm kỳ"),
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
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bases_of",
        verbose_name=_("xây dựng trên cơ sở"),
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        verbose_name=_("thay thế quy chế"),
    )
    preamble = models.TextField(_("căn cứ ban hành"), blank=True)
    promulgation = models.TextField(
        _("văn bản ban hành kèm theo"),
        blank=True,
        help_text=_("Nghị quyết liên tịch, quyết định ban hành quy chế (nếu có)"),
    )
    recipients = models.TextField(_("nơi nhận"), blank=True)
    appendices = models.TextField(
        _("phụ lục, biểu mẫu"), blank=True, help_text=_("Phụ lục, mẫu biểu kèm theo sau phần chữ ký")
    )
    # What the importer read: {"lines": {"total", "placed", "warned"}, "warnings": [...], "notes": [...],
    # "warnings_read_by": username} — so anyone can see later what was not placed and who accepted it.
    import_report = models.JSONField(_("kết quả đọc văn bản"), default=dict, blank=True)
    scanned_copy = models.FileField(_("bản ký (PDF)"), upload_to="regulations/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tạo"),
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
        # Selects, lists and the admin name it in sentence case; its own page shows the title as written.
        return f"{self.number} — {sentence_case(self.title)}"

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

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("quy chế")
    )
    from_status = models.CharField(
        _("từ trạng thái"), max_length=16, choices=Regulation.Status.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=Regulation.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("chuyển trạng thái quy chế")
        verbose_name_plural = _("chuyển trạng thái quy chế")

    def __str__(self):
        return f"{self.regulation.number}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Party(NfcTextMixin, models.Model):
    """A body that signs the regulation, with its signature row (signer, title, date)."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="parties", verbose_name=_("quy chế")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="regulation_parties", verbose_name=_("cơ quan")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    heading = models.CharField(
        _("dòng thẩm quyền ký"), max_length=200, blank=True, help_text=_("Ví dụ: TM. THƯỜNG TRỰC HĐND TỈNH")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    # Read from the imported text: only a proposal until a leader of the body records the signature.
    proposed_signer_title = models.CharField(_("chức vụ người ký (theo văn bản)"), max_length=200, blank=True)
    proposed_signer_name = models.CharField(_("người ký (theo văn bản)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận chữ ký"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("bên ký kết")
        verbose_name_plural = _("bên ký kết")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "body"], name="party_once_per_regulation")
        ]

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
