"""Signed tokens for pages that work without logging in: the digest preferences/unsubscribe link."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

SALT = "coordination.digest-preferences"


def preferences_token(*, user) -> str:
    """The path of the user's preferences page; the token names the user and cannot be forged."""
    return reverse("followups:preferences", args=[signing.dumps({"u": user.pk}, salt=SALT, compress=True)])


def user_from_preferences_token(token: str):
    """The user the token was made for, or None when it was tampered with or the user is gone."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
