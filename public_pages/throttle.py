"""Anonymous visitors: a per-address request limit (429 with a Vietnamese page) and a short page cache.

The limit is a fixed window counted in the cache (Redis in production, shared by every worker):
``PUBLIC_RATE_LIMIT`` requests per ``PUBLIC_RATE_WINDOW`` seconds per client address (coordination.clientip,
as the login lockout counts it). Signed-in users are not limited here.

Pages are cached for anonymous GETs for ``PUBLIC_CACHE_SECONDS`` (short TTL: an answer recorded shows within
a minute), under a version that publishing or withdrawing a round bumps (voters.queries.public_pages_changed),
so a withdrawn round disappears at once.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from coordination.clientip import client_ip
from voters.queries import PUBLIC_CACHE_VERSION_KEY


def rate_key(address: str | None, now: float | None = None) -> str:
    """The counter of one client address in the window holding ``now``."""
    window = settings.PUBLIC_RATE_WINDOW
    now = int(time.time() if now is None else now)
    return f"public:rate:{address or 'unknown'}:{now - now % window}"


def _over_limit(request) -> int:
    """0 when the request may go on, else the seconds until the window ends."""
    window = settings.PUBLIC_RATE_WINDOW
    now = int(time.time())
    start = now - now % window
    key = rate_key(client_ip(request), now)
    if cache.add(key, 1, window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window + 1)
            count = 1
    return 0 if count <= settings.PUBLIC_RATE_LIMIT else max(start + window - now, 1)


def too_many_requests(request, retry_after: int) -> HttpResponse:
    body = render_to_string("public/429.html", {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _cache_key(request) -> str:
    version = cache.get(PUBLIC_CACHE_VERSION_KEY, 1)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public:page:{version}:{get_language()}:{digest}"


def public_view(view=None, *, cached: bool = True):
    """Every public view: rate-limited for anonymous clients and, when ``cached``, its anonymous GET
    responses (status 200) kept for PUBLIC_CACHE_SECONDS."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            anonymous = not request.user.is_authenticated
            if anonymous:
                retry_after = _over_limit(request)
                if retry_after:
                    return too_many_requests(request, retry_after)
            use_cache = cached and anonymous and request.method == "GET" and settings.PUBLIC_CACHE_SECONDS
            if use_cache:
                key = _cache_key(request)
                hit = cache.get(key)
                if hit is not None:
                    content, content_type = hit
                    response = HttpResponse(content, content_type=content_type)
                    response["X-Public-Cache"] = "hit"
                    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
                    return response
            response = view(request, *args, **kwargs)
            if use_cache and response.status_code == 200 and not response.streaming:
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_CACHE_SECONDS)
                response["X-Public-Cache"] = "miss"
            if anonymous:
                response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
