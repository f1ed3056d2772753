"""A mail is three templates by name, side by side in ``templates/emails/`` (healthchecks' pattern):
``<name>-subject.txt``, ``<name>-body.txt`` and, for a mail that has one, ``<name>-body.html``.

Their words go through ``{% translate %}`` / ``{% blocktranslate %}`` like every page, so a subject is
translated with its body. The text templates turn autoescaping off themselves.

A sweep that sends one mail to thousands (``MailBatch``) renders the templates once per *shape* (what
decides the template's branches: a due date, whether a field is filled, the language) with slots in place of
the values that vary, then fills each mail's slots by string replacement, escaped in the HTML as the
template would have (``conditional_escape``); tests/coordination/test_mail_snapshots.py holds the mails to
their whole-rendered bytes.
"""

import re
from dataclasses import dataclass

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body_text: str
    body_html: str

    def as_outbox_fields(self) -> dict:
        return {"subject": self.subject, "body_text": self.body_text, "body_html": self.body_html}


def _render_parts(name: str, context: dict) -> tuple[str, str, str]:
    subject = render_to_string(f"emails/{name}-subject.txt", context)
    body_text = render_to_string(f"emails/{name}-body.txt", context)
    try:
        html = get_template(f"emails/{name}-body.html")
    except TemplateDoesNotExist:
        html = None  # a short notice (to administrators, of a moved session): text only
    return subject, body_text, html.render(context) if html is not None else ""


def render_mail(name: str, context: dict) -> RenderedMail:
    """The subject (without the template's surrounding whitespace) and the bodies of mail ``name``."""
    subject, body_text, body_html = _render_parts(name, context)
    return RenderedMail(subject=subject.strip(), body_text=body_text, body_html=body_html)


# --- Many mails of one template ----------------------------------------------------------------------

_SLOT = re.compile("\x00(\\w+)\x00")


def slot(name: str) -> str:
    """What stands in the context for value ``name`` while a batch renders its skeleton (NUL never occurs in
    a stored text, so it cannot collide with one)."""
    return f"\x00{name}\x00"


class _Skeleton:
    """A rendered skeleton cut once at its slots (literal, name, literal, …): filling one mail is a join,
    not a regular expression run over the whole text."""

    __slots__ = ("parts",)

    def __init__(self, skeleton: str):
        self.parts = _SLOT.split(skeleton)

    def fill(self, values: dict[str, str], *, html: bool) -> str:
        parts = self.parts
        if len(parts) == 1:
            return parts[0]
        out = parts[:]
        if html:
            for i in range(1, len(parts), 2):
                out[i] = conditional_escape(values[parts[i]])
        else:
            for i in range(1, len(parts), 2):
                out[i] = str(values[parts[i]])
        return "".join(out)


class MailBatch:
    """Mail ``name`` for many follow-ups or recipients: ``render(shape=…, context=…, values=…)`` renders the
    templates once per ``shape`` and language, ``context`` holding ``slot("title")`` where ``values["title"]``
    goes. The context must carry every value a branch of the templates reads (``{% if %}``, a plural count,
    a filter) either in the shape or as itself; slots only for values printed as they are."""

    def __init__(self, name: str):
        self.name = name
        self._skeletons: dict[tuple, tuple[_Skeleton, _Skeleton, _Skeleton]] = {}

    def render(self, *, shape: tuple, context: dict, values: dict[str, str]) -> RenderedMail:
        key = (translation.get_language(), shape)
        if (skeleton := self._skeletons.get(key)) is None:
            parts = _render_parts(self.name, context)
            skeleton = self._skeletons[key] = tuple(_Skeleton(part) for part in parts)
        subject, body_text, body_html = skeleton
        return RenderedMail(
            subject=subject.fill(values, html=False).strip(),
            body_text=body_text.fill(values, html=False),
            body_html=body_html.fill(values, html=True),
        )


class FragmentBatch:
    """One template (``templates/emails/…``) rendered once per shape and language and filled per item, like
    ``MailBatch``: the lines of a digest, the same for every follow-up but its values."""

    def __init__(self, template_name: str, *, html: bool):
        self.template_name, self.html = template_name, html
        self._skeletons: dict[tuple, _Skeleton] = {}

    def render(self, *, shape: tuple, context: dict, values: dict[str, str]) -> str:
        key = (translation.get_language(), shape)
        if (skeleton := self._skeletons.get(key)) is None:
            skeleton = self._skeletons[key] = _Skeleton(render_to_string(self.template_name, context))
        filled = skeleton.fill(values, html=self.html)
        return mark_safe(filled) if self.html else filled  # escaped by fill(), as the template would


