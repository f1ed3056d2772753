"""The address a request came from, as the login lockout (django-axes) counts it.

Without a proxy it is REMOTE_ADDR. Behind ``TRUSTED_PROXY_COUNT`` proxies (gunicorn behind nginx: 1)
REMOTE_ADDR is the nearest proxy's, and each proxy appended the address it saw to X-Forwarded-For: the client
is the entry that many places from the right, the one the outermost trusted proxy wrote. Entries further left
were sent by the client itself and could be anything, so they are never used.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
