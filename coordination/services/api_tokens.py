"""Personal API tokens: made, renamed, rotated (new secret, old one stops) and revoked by their owner; the
answers kept for keyed POSTs (Idempotency-Key), forgotten after IDEMPOTENT_ANSWERS_KEPT."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import ApiToken, IdempotentRequest, token_digest

# A client retries within minutes or hours; a month covers a system that was down over a holiday.
IDEMPOTENT_ANSWERS_KEPT = timedelta(days=30)


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


def idempotent_requests_purge() -> int:
    """Forget the keyed POSTs older than IDEMPOTENT_ANSWERS_KEPT, answered or abandoned (hourly, by beat):
    without it the table keeps every keyed POST's answer forever. Returns how many were forgotten."""
    old = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - IDEMPOTENT_ANSWERS_KEPT)
    return old.delete()[0]
