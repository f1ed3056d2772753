"""Addresses reversed once rather than for each use: ``reverse()`` walks the URL conf each time. A page
without arguments (the menu's, the header's links) once per URL conf and script prefix (about twenty of them
made every page's fixed cost); one object's page as a path template, for a loop of thousands of links."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=256)
def _reverse(name: str, prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)


def page_url(name: str) -> str:
    """``reverse(name)`` for a URL name that takes no arguments, memoized; NoReverseMatch as reverse's."""
    return _reverse(name, get_script_prefix(), get_urlconf())


def path_of(viewname: str):
    """``path_of("followups:detail")(pk)``: the path ``reverse(viewname, args=[pk])`` gives, by string
    formatting from one ``reverse()`` (a sweep builds thousands of links, a calendar thousands of events)."""
    marker = 987654321
    path = reverse(viewname, args=[marker])
    assert path.count(str(marker)) == 1, path
    template = path.replace(str(marker), "{}")
    return template.format


def _clear(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


setting_changed.connect(_clear, dispatch_uid="phoihop-page-url-cache")
