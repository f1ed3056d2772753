"""Personal API tokens: made, renamed, rotated (new secret, old one stops) and revoked by their owner."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import ApiToken, token_digest


def _check_open(token: ApiToken) -> None:
    if token.revoked_at is not None:
        raise ValidationError(_("Khóa «%(name)s» đã bị thu hồi.") % {"name": token.name})


def api_token_create(*, user, name: str, scope: str, expires_on: date | None = None) -> tuple[ApiToken, str]:
    """The token and its secret: the secret is returned once and never stored (only its SHA-256)."""
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("Ngày hết hạn: không được trước hôm nay.")})
    secret, prefix = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name.strip(), scope=scope, expires_on=expires_on,
                                    prefix=prefix, digest=token_digest(secret))
    return token, secret


def api_token_rename(*, token: ApiToken, name: str) -> ApiToken:
    token.name = name.strip()
    token.save(update_fields=["name"])
    return token


def api_token_rotate(*, token: ApiToken) -> str:
    """A new secret for the same token (name, scope, expiry and log kept); the old secret stops at once."""
    _check_open(token)
    secret, prefix = ApiToken.new_secret()
    token.prefix, token.digest = prefix, token_digest(secret)
    token.save(update_fields=["prefix", "digest"])
    return secret


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
