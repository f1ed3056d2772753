"""Generated documents: a report rendered off the request by a Celery task (rule 9)."""


from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class GeneratedReport(models.Model):
    """A document rendered off the request by a Celery task; the page polls its progress (rule 9)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại tài liệu"), max_length=64)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="generated_reports",
        verbose_name=_("người yêu cầu"),
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/", blank=True)
    # The name the file downloads under ("quy-che-12-QCPH-2026.pdf"); storage may add a suffix to the stored
    # path when two reports share a name, the download never shows it.
    filename = models.CharField(_("tên tệp tải về"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    # Set when a worker claims the report and at each progress step: a running report whose worker
    # stopped reporting longer than REPORT_STALE_SECONDS ago is handed out again.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("số lần tạo"), default=0, editable=False)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tài liệu đã tạo")
        verbose_name_plural = _("tài liệu đã tạo")

    def __str__(self):
        return self.title

    # Who signs this document, in turn (coordination.signing): [{"slot", "body_id", "label", "page", "box"}],
    # the lead party first. Empty for a document nobody signs.
    signers = models.JSONField(_("bên ký"), default=list, blank=True)
    # The signed version (each signature an incremental update over the last); ``file`` keeps the unsigned
    # draft.
    signed_file = models.FileField(_("bản đã ký số"), upload_to="reports/signed/%Y/%m/", blank=True)

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.pk])

    @property
    def signed_filename(self) -> str:
        stem, dot, extension = (self.filename or "tai-lieu.pdf").rpartition(".")
        return f"{stem}-da-ky.{extension}" if dot else f"{self.filename}-da-ky"
