"""``{% page_url "name" %}``: ``{% url "name" %}`` for a page without arguments, reversed once
(``coordination.urlcache``); the base template's and the menus' links."""

from django import template
from django.utils.html import conditional_escape

from coordination.urlcache import page_url as cached_page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, name: str) -> str:
    url = cached_page_url(name)
    return conditional_escape(url) if context.autoescape else url
