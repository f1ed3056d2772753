import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.url_coverage import COVERED_URL_NAMES

# Django admin pages have their own staff check, tested in tests/coordination/test_admin.py.
EXEMPT_NAMESPACES = {"admin"}


def _named_patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in EXEMPT_NAMESPACES:
                continue
            yield from _named_patterns(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_has_a_permission_test():
    for module in pkgutil.walk_packages(tests.__path__, prefix="tests."):
        importlib.import_module(module.name)
    missing = sorted(set(_named_patterns(get_resolver())) - COVERED_URL_NAMES)
    assert missing == [], f"URL patterns without a permission test (@covers): {missing}"
