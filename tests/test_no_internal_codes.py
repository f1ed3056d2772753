"""No internal code on any screen (issue #15 §2).

On the demo province, every page a person reaches (the walk of tests/site_walk.py, as each demo role), the
print view and the Excel file of every register, and the Django admin's index, lists, forms and history pages
(as the administrator) show only words a person reads: no snake_case code (``submission_due``), no key
(``session:joint_meeting``), no "None", and, the interface being Vietnamese, none of the English phrases
Django's admin and its third-party apps would show untranslated.
"""

import re
from html.parser import HTMLParser
from io import BytesIO, StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, reverse
from openpyxl import load_workbook

from coordination.listing import RegisterView
from tests.exports import export_xlsx
from tests.site_walk import walk

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z_]+:[a-z_]+\b|\bNone\b")
# Legitimately code-like text, taken out before looking: e-mail addresses (demo users' are name@host),
# addresses (https://…) and file names (bien_ban.pdf) a person uploaded or downloads.
ALLOWED = re.compile(r"\S+@\S+|https?://\S+|\S+\.(?:pdf|docx?|xlsx?|csv|p7s|p12|png|jpe?g|zip)\b")
ENGLISH = re.compile(
    r"Please correct|View history|View on site|Access attempts?|Access logs?|Access failures?|\bHistory\b"
    r"|\bAdd\b|\bChange\b|\bDelete\b|\bSave\b|\bFilter\b|\bSearch\b|\bShow all\b|\bSelect all\b|\bLog out\b"
    r"|\bHome\b|\bAction\b|\bYes\b|\bUnknown\b|\bToday\b|\bClear\b|\bChoose\b|\bRemove\b|\bChanged\b"
    r"|\b(?:the|of|and|this|with|your|you|by|from|please|select|selected|all)\b"
)
ROLES = {  # demo username: pages walked (the administrator reaches every page; each role its own)
    "admin": 120,
    "thuongtruc": 30,
    "ubnd": 25,
    "lanhdao": 25,
    "songanh": 20,
    "xemtin": 20,
    "tiepdan": 20,
}


class VisibleText(HTMLParser):
    """The text a person reads on a page: its words, and the tooltips, placeholders and button captions (not
    what fields hold: the values typed in are data)."""

    READ_ATTRIBUTES = ("title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "textarea"):  # a textarea holds what was typed, not words
            self._hidden += 1
        self.parts += [attrs[a] for a in self.READ_ATTRIBUTES if attrs.get(a)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


class Offences(dict):
    """Each offending word, where it was first seen (page and the words around it) and how many pages show it:
    the failure reads as a short list of what to fix."""

    def check(self, where: str, text: str) -> None:
        text = ALLOWED.sub(" ", text)
        found = {m.group(): m.start() for pattern in (CODE, ENGLISH) for m in pattern.finditer(text)}
        for word, at in found.items():
            first, pages = self.get(word, (f"{where}: «…{text[max(0, at - 50):at + 50]}…»", 0))
            self[word] = (first, pages + 1)

    def report(self) -> str:
        return "\n".join(f"{word} ({n} pages), first {first}" for word, (first, n) in sorted(self.items()))


def xlsx_text(response) -> str:
    book = load_workbook(BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        if cell is not None
    )


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def _is_register(path: str) -> bool:
    view_class = getattr(resolve(path).func, "view_class", None)
    return view_class is not None and issubclass(view_class, RegisterView)


def test_no_page_print_view_or_excel_file_shows_a_code(demo, client):
    users, problems, exported = get_user_model().objects, Offences(), set()
    for username, pages in ROLES.items():
        client.force_login(users.get(username=username))
        for page in walk(client, max_pages=pages, per_url_name=1):
            where = f"{username} {page.url}"
            problems.check(where, visible_text(page.response.content.decode()))
            if not _is_register(page.path):
                continue
            printed = client.get(page.path, {"format": "print"})
            problems.check(f"{where} (in)", visible_text(printed.content.decode()))
            if page.name not in exported:  # the file holds the same columns whoever asks: once each
                exported.add(page.name)
                problems.check(f"{where} (Excel)", xlsx_text(export_xlsx(client, page.path)))
    assert len(exported) >= 15, sorted(exported)  # the walk reached the registers of every app
    assert not problems, problems.report()


def _admin_pages(administrator) -> list[str]:
    """The admin's index, each model's list, and its first row's form and history (an add form says what a
    change form says)."""
    request = RequestFactory().get("/admin/")
    request.user = administrator
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None and model_admin.has_view_or_change_permission(request, first):
            urls += [reverse(f"{name}_change", args=[first.pk]), reverse(f"{name}_history", args=[first.pk])]
    return urls


def test_the_admin_speaks_vietnamese(demo, client):
    administrator = get_user_model().objects.get(username="admin")
    client.force_login(administrator)
    problems = Offences()
    for url in _admin_pages(administrator):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        problems.check(url, visible_text(response.content.decode()))
    problems.check("an add form", visible_text(client.get(reverse("admin:auth_user_add")).content.decode()))
    refused = client.post(reverse("admin:coordination_calendarday_add"), {})  # an empty form: its errors
    problems.check("an empty form", visible_text(refused.content.decode()))
    assert not problems, problems.report()
