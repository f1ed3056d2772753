"""Signed tokens for pages that work without logging in: the digest preferences/unsubscribe link.

The token is signed with a timestamp and accepted for ``PREFERENCES_LINK_MAX_AGE_DAYS`` after it was made;
each digest is written with a fresh one, so a link found in an old mail or a forwarded one stops working.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

SALT = "coordination.digest-preferences"


def preferences_token(*, user) -> str:
    """The path of the user's preferences page; the token names the user and cannot be forged."""
    return reverse("followups:preferences", args=[signing.dumps({"u": user.pk}, salt=SALT, compress=True)])


def user_from_preferences_token(token: str):
    """The user the token was made for, or None when it was tampered with, is too old or the user is gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.PREFERENCES_LINK_MAX_AGE_DAYS))
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
