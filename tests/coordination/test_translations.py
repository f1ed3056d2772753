"""The English catalogue is complete, and the interface really switches to English."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _unquote(line: str) -> str:
    # A PO string is a C-style quoted string; Python's literal syntax reads it the same way.
    return ast.literal_eval(line.strip())


def po_entries(path: Path) -> list[dict]:
    """Each entry of a .po file: its flags and its msgid / msgid_plural / msgstr[...] strings."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry = {"flags": set(), "fields": {}, "obsolete": False}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(\".*\")$", line):
                current = match.group(1)
                entry["fields"][current] = _unquote(match.group(2))
            elif line.startswith('"') and current:
                entry["fields"][current] += _unquote(line)
        if "msgid" in entry["fields"] and not entry["obsolete"]:
            entries.append(entry)
    return entries


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = po_entries(PO_FILE)
    messages = [e for e in entries if e["fields"]["msgid"] != ""]
    assert len(messages) > 100, "the English catalogue looks empty"
    untranslated = [
        e["fields"]["msgid"]
        for e in messages
        if any(value == "" for key, value in e["fields"].items() if key.startswith("msgstr"))
        or not any(key.startswith("msgstr") for key in e["fields"])
    ]
    fuzzy = [e["fields"]["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], f"untranslated English entries: {untranslated[:20]}"
    assert fuzzy == [], f"fuzzy English entries (not used at run time): {fuzzy[:20]}"


def test_the_english_catalogue_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdf]|%[sd%]")
    wrong = []
    for e in po_entries(PO_FILE):
        fields = e["fields"]
        if fields["msgid"] == "":
            continue
        sources = [fields["msgid"], fields.get("msgid_plural", fields["msgid"])]
        for key, value in fields.items():
            if not key.startswith("msgstr"):
                continue
            source = sources[1] if key == "msgstr[1]" else sources[0]
            if sorted(placeholder.findall(source)) != sorted(placeholder.findall(value)):
                wrong.append((source, value))
    assert wrong == []


def _main_nav(html: str) -> str:
    match = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    assert match, "the page has no main navigation"
    return match.group(0)


@pytest.mark.django_db
def test_a_signed_in_user_who_chooses_english_sees_english_pages(client, login, staff_a):
    client = login(staff_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    home = client.get(reverse("home"))
    assert home.status_code == 200
    html = home.content.decode()
    nav = _main_nav(html)
    for label in ("Home", "Dashboard", "Follow-ups", "Coordination regulations", "Bodies"):
        assert f">{label}</a>" in nav
    assert "Sign out" in html
    assert "Change password" in html
    assert "Đăng xuất" not in html
    assert ">Cơ quan</a>" not in nav
    assert "Trang chủ" not in nav

    bodies = client.get(reverse("bodies"))
    assert bodies.status_code == 200
    html = bodies.content.decode()
    nav = _main_nav(html)
    assert ">Bodies</a>" in nav
    assert ">Cơ quan</a>" not in nav
    assert "Sign out" in html
    assert "Đăng xuất" not in html
    assert "Kind of body" in html  # the filter label
    assert "Loại cơ quan" not in html
    assert "Lọc" not in re.sub(r"<[^>]+>", " ", html).split()
