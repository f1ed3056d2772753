"""The follow-up list's long selects (every body a superuser sees) are written without Django's per-option
templates: a person sees the same options, the chosen one selected, labels escaped."""

import re

from django import forms

from coordination.filters import QuickSelect

CHOICES = [
    ("", "Tất cả"), (1, "Sở Tài chính & <Kho bạc>"), (2, 'Ban "Pháp chế"'),
    ("Nhóm", [(3, "UBND"), (4, "MTTQ")]),
]


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_a_long_select_shows_the_same_options_as_djangos_own():
    for value in (None, "2", 3):
        attrs = {"id": "id_lead_body", "required": True}
        ours = QuickSelect(choices=CHOICES, attrs=attrs).render("lead_body", value)
        django = forms.Select(choices=CHOICES, attrs=attrs).render("lead_body", value)
        assert squeezed(ours) == squeezed(django)
    assert "Sở Tài chính &amp; &lt;Kho bạc&gt;" in ours
