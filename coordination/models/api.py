"""Personal API tokens, the log of their uses, and the first answer to each idempotent POST."""

import hashlib
import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_CHARS = 8  # "ph_" + 8 characters shown on the page to recognise a token; the rest is secret


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A token a user makes on "Khóa truy cập API": only its SHA-256 is kept, the secret is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Chỉ đọc")
        READ_WRITE = "read_write", _("Đọc và ghi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("người dùng"))
    name = models.CharField(_("tên khóa"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=20, unique=True)
    digest = models.CharField(_("mã băm"), max_length=64, unique=True)
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_on = models.DateField(_("hết hạn ngày"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    confidential_fields = ("digest",)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_secret() -> tuple[str, str]:
        """(secret, prefix): the secret is ``ph_`` + 40 random URL-safe characters."""
        secret = "ph_" + secrets.token_urlsafe(30)
        return secret, secret[: 3 + TOKEN_PREFIX_CHARS]

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    def is_expired(self, today) -> bool:
        return self.expires_on is not None and self.expires_on < today


class ApiTokenUse(models.Model):
    """One request made with a token: who, when, what, and how it was answered."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses",
                              verbose_name=_("khóa truy cập API"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("người dùng"))
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    method = models.CharField(_("phương thức"), max_length=10)
    path = models.CharField(_("đường dẫn"), max_length=500)
    status = models.PositiveSmallIntegerField(_("mã trả về"))

    class Meta:
        verbose_name = _("lần dùng khóa API")
        verbose_name_plural = _("nhật ký dùng khóa API")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["token", "-at"], name="coord_apitokenuse_token_at")]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class IdempotentRequest(models.Model):
    """The first answer to a POST with an ``Idempotency-Key``: a retry gets it back, nothing is done twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("người dùng"))
    key = models.CharField(_("khóa chống lặp"), max_length=255)
    method = models.CharField(_("phương thức"), max_length=10)
    path = models.CharField(_("đường dẫn"), max_length=500)
    request_hash = models.CharField(_("mã băm yêu cầu"), max_length=64)
    # Empty while the first request is being answered: the row claims the key before anything is done, so
    # a concurrent retry waits for the answer instead of doing it a second time.
    status = models.PositiveSmallIntegerField(_("mã trả về"), null=True, blank=True)
    body = models.JSONField(_("nội dung trả về"), null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("yêu cầu chống lặp")
        verbose_name_plural = _("yêu cầu chống lặp")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="coord_idempotent_user_key")]
        indexes = [models.Index(fields=["created_at"], name="coord_idempotent_created")]  # the hourly purge

    def __str__(self):
        return f"{self.key} {self.method} {self.path}"
