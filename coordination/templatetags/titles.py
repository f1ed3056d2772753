"""A title written in capitals, listed in sentence case:
``{% load titles %}{{ regulation.title|sentence_case }}``.

The one rule is ``coordination.text.sentence_case``; the document's own page and its PDF keep the text's case.
"""

from django import template

from coordination.text import sentence_case as _sentence_case

register = template.Library()


@register.filter
def sentence_case(value) -> str:
    return _sentence_case(str(value or ""))
