"""Filters for documents and pages: numbers the Vietnamese way and table cells that keep their words.

    {% load documents %}{{ count|vn_number }} {{ rate|vn_percent }} <td>{{ title|keep_words }}</td>
    {{ on_time|vn_share:due }}  (a rate a person reads, with what it is out of: "65,2 % (15/23)")
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from coordination import documents

register = template.Library()
HYPHENATED = re.compile(r"[^\s<>&;]*\w-\w[^\s<>&;]*")


@register.filter
def vn_number(value, decimals=None):
    return documents.vn_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_percent(value, decimals=None):
    return documents.vn_percent(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_share(part, whole):
    """``{{ on_time|vn_share:due }}``: "65,2 % (15/23)"."""
    return documents.vn_share(part, whole)


@register.filter(needs_autoescape=True)
def keep_words(value, enabled=True, autoescape=True):
    """``{{ text|keep_words }}`` in a document's table cell (``{{ text|keep_words:False }}`` leaves it as it
    is)."""
    if value is None:
        return ""
    if not enabled:
        return conditional_escape(value) if autoescape else value
    text = documents.keep_words(str(value))
    escaped = conditional_escape(text) if autoescape else text
    # A word with a hyphen ("KT-NS", "2026-2031") is never cut at its hyphen (the font has no no-break
    # hyphen).
    return mark_safe(HYPHENATED.sub(r'<span style="white-space:nowrap">\g<0></span>', escaped))  # noqa: S308


@register.inclusion_tag("coordination/_signature_badge.html")
def signature_badge(instance, field_name):
    """The badge of an uploaded PDF: who signed it digitally and whether it is intact, or a clear warning."""
    from coordination.signature_checks import check_of
    from coordination.signing import Finding

    check = check_of(instance, field_name) if instance is not None and getattr(instance, "pk", None) else None
    findings = [Finding(**f) for f in check.findings] if check else []
    return {"check": check, "findings": findings}
