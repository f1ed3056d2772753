"""A mail is three templates by name, side by side in ``templates/emails/`` (healthchecks' pattern):
``<name>-subject.txt``, ``<name>-body.txt`` and, for a mail that has one, ``<name>-body.html``.

Their words go through ``{% translate %}`` / ``{% blocktranslate %}`` like every page, so a subject is
translated with its body. The text templates turn autoescaping off themselves.
"""

from dataclasses import dataclass

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body_text: str
    body_html: str

    def as_outbox_fields(self) -> dict:
        return {"subject": self.subject, "body_text": self.body_text, "body_html": self.body_html}


def render_mail(name: str, context: dict) -> RenderedMail:
    """The subject (without the template's surrounding whitespace) and the bodies of mail ``name``."""
    subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
    body_text = render_to_string(f"emails/{name}-body.txt", context)
    try:
        html = get_template(f"emails/{name}-body.html")
    except TemplateDoesNotExist:
        html = None  # a short notice (to administrators, of a moved session): text only
    body_html = html.render(context) if html is not None else ""
    return RenderedMail(subject=subject, body_text=body_text, body_html=body_html)
