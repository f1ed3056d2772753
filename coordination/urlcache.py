"""The address of a page without arguments (the menu's, the header's links), reversed once per URL conf and
script prefix rather than on every request: ``reverse()`` walks the URL conf each time (about twenty of them
made every page's fixed cost)."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=256)
def _reverse(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


def page_url(name: str) -> str:
    """``reverse(name)`` for a URL name that takes no arguments, memoized; NoReverseMatch as reverse's."""
    return _reverse(name, get_script_prefix(), get_urlconf())


def _clear(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


setting_changed.connect(_clear, dispatch_uid="phoihop-page-url-cache")
