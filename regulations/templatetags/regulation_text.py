from django import template

from regulations.tables import text_blocks

register = template.Library()


@register.filter
def blocks(text: str):
    """{% for block in clause.text|blocks %}: paragraphs ("p", .text) and tables ("table", .rows)."""
    return text_blocks(text)
