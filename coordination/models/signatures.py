"""Digital signatures: signing credentials, the signatures made on a document, checks of signed files."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bodies import Body
from .reports import GeneratedReport


class SigningCredential(models.Model):
    """A certificate to sign with: a body's (its seal) or a leader's own (their signature), with its image.

    The private key of an uploaded PKCS#12 is stored encrypted with ``settings.SIGNING_KEY`` and is never
    shown again; a PKCS#11 credential only names its key on the token the settings configure (production)."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp PKCS#12 (.p12, .pfx)")
        PKCS11 = "pkcs11", _("Thiết bị ký số PKCS#11 (HSM, USB token)")

    body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signing_credentials",
        verbose_name=_("cơ quan (con dấu)"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="signing_credentials", verbose_name=_("lãnh đạo (chữ ký)"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.PKCS12)
    certificate_pem = models.TextField(_("chứng thư số (PEM)"), editable=False)
    chain_pem = models.TextField(_("chuỗi chứng thư"), blank=True, editable=False)
    sealed_key = models.BinaryField(_("khóa bí mật (đã mã hóa)"), blank=True, editable=False)
    pkcs11_key_label = models.CharField(_("nhãn khóa trên thiết bị"), max_length=100, blank=True)
    subject = models.CharField(_("chủ thể"), max_length=255, editable=False)
    organisation = models.CharField(_("tổ chức"), max_length=255, blank=True, editable=False)
    issuer = models.CharField(_("tổ chức cấp"), max_length=255, editable=False)
    not_before = models.DateTimeField(_("hiệu lực từ"), editable=False)
    not_after = models.DateTimeField(_("hiệu lực đến"), editable=False)
    image = models.FileField(_("ảnh con dấu / chữ ký"), upload_to="signing/", blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nạp"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("chứng thư ký số")
        verbose_name_plural = _("chứng thư ký số")
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=False, user__isnull=True) | Q(body__isnull=True, user__isnull=False),
                name="signing_credential_body_or_user",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.issuer}, đến {timezone.localtime(self.not_after):%d/%m/%Y})"


class DocumentSignature(models.Model):
    """One party's signature on a generated document, made in the background (status and progress polled)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ ký")
        RUNNING = "running", _("Đang ký")
        DONE = "done", _("Đã ký")
        FAILED = "failed", _("Ký lỗi")

    report = models.ForeignKey(
        GeneratedReport, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("tài liệu")
    )
    slot = models.PositiveSmallIntegerField(_("thứ tự bên ký"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ký")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    certificate_subject = models.CharField(_("chứng thư"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "slot"]
        verbose_name = _("chữ ký số trên tài liệu")
        verbose_name_plural = _("chữ ký số trên tài liệu")
        constraints = [models.UniqueConstraint(fields=["report", "slot"], name="one_signature_per_party")]

    def __str__(self):
        return f"{self.report} — {self.body}"


class SignatureCheck(models.Model):
    """What the signatures of an uploaded PDF say (coordination.signing.verify_pdf), for its page's badge and
    the registers' filter. One row per file field of an object; checked again when the file changes."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field_name = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    outcome = models.CharField(
        _("kết quả"), max_length=16, blank=True
    )  # "" not signed, or signing.VALID / warnings
    findings = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field_name"], name="one_check_per_file"
            )
        ]
        indexes = [models.Index(fields=["content_type", "outcome"])]
        verbose_name = _("kiểm tra chữ ký số")
        verbose_name_plural = _("kiểm tra chữ ký số")

    def __str__(self):
        return f"{self.content_type} {self.object_id} {self.field_name}: {self.outcome or 'chưa ký'}"
