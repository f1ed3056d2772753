"""Hostile and careless input always gets a clear no (issue #10, finding 2).

A bounded fuzz test: on the demo province, it walks the site as the administrator and as the letters' handler,
collects every form of every page it reaches (filters and searches included), and posts into each one values a
careless or hostile person types — empty, 100,000 characters, NUL, zero-width and right-to-left marks, NFD
text, huge and negative numbers, impossible dates, wrong types, repeated fields, files that lie about their
type — first a fixed set, then values hypothesis draws. No response is a 5xx, and a response that refuses
(4xx, or a page showing form errors) has saved nothing: no table changed its row count. It runs on SQLite and
PostgreSQL alike (the suite's two runs) in well under a minute.
"""

import contextlib
import os
import unicodedata
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

MAX_PAGES = 120
PAGES_PER_URL_NAME = 2
SKIPPED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/i18n/",
    "/static/",
    "/media/",
    "/favicon",
    "/healthz",
    "/readyz",
    "/metrics",
)
# Tables a refused request may still write to: the login lockout, sessions, the access log a reading writes.
UNCHECKED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog",
                    "voters_identityaccesslog"}

# The hypothesis half draws from a fixed seed, so every run (CI's included) posts the same values and a
# failure
# is replayed by running the test again: `.venv/bin/pytest tests/test_fuzz_forms.py -p no:randomly` (on
# PostgreSQL
# with the DATABASE_URL/REDIS_URL of the failed run). The failing form and payload are in the assertion
# message,
# and print_blob adds the @reproduce_failure line hypothesis can replay alone. To explore other values, set
# PHOIHOP_FUZZ_SEED to another number (CI keeps the default); a failure found that way replays with that
# number.
FUZZ_SEED = int(os.environ.get("PHOIHOP_FUZZ_SEED", "20260510"))
FUZZ_SETTINGS = settings(max_examples=2, deadline=None, database=None, print_blob=True,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                HealthCheck.data_too_large])

HOSTILE = [
    "",
    " ",
    "x" * 3000,
    "a\x00b",
    "\u200b\u200c\u202e\u200f",
    unicodedata.normalize("NFD", "Phạm Văn Tố đất đai"),
    "99999999999999999999999",
    "-99999999999999999999999",
    "-1",
    "0",
    "1.5",
    "1e400",
    "NaN",
    "2026-02-30",
    "31/02/2026",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    '=HYPERLINK("http://x","y")',
    "true",
    "[]",
    "{}",
]
FILES = [
    b"",
    b"<html><script>alert(1)</script></html>",
    b"%PDF-1.4\n<html><body>x</body></html>",
    b"PK\x03\x04junk",
    b"\x00" * 64,
]
FILE_NAMES = ["a.pdf", "a.xlsx", "a.docx", "a.txt", "x" * 300 + ".pdf", "noextension", "../../a.pdf"]


class PageParser(HTMLParser):
    """The links and the forms of one page: method, action and each field with the values it offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms, self._form, self._select = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
                "multipart": "multipart" in (attrs.get("enctype") or ""),
            }
            self.forms.append(self._form)
        elif (
            self._form is not None and tag in ("input", "select", "textarea", "button") and attrs.get("name")
        ):
            name = attrs["name"]
            if name == "csrfmiddlewaretoken":
                return
            kind = attrs.get("type", "text") if tag == "input" else tag
            field = self._form["fields"].setdefault(name, {"type": kind, "options": []})
            if attrs.get("value") is not None and kind in ("hidden", "radio", "checkbox", "submit", "button"):
                field["options"].append(attrs["value"])
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None and attrs.get("value") is not None:
            self._select["options"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _start_urls() -> list[str]:
    urls = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif pattern.name and not pattern.pattern.converters:
                with contextlib.suppress(NoReverseMatch):  # a pattern that needs arguments after all
                    urls.append(reverse(prefix + pattern.name))

    walk(get_resolver().url_patterns)
    return [u for u in urls if not u.startswith(SKIPPED_PREFIXES)]


def crawl(client, starts=None, max_pages=MAX_PAGES) -> dict:
    """Every distinct form reachable from ``starts`` (the pages without arguments), by (method, url name,
    fields)."""
    queue, seen, per_name, forms = deque(starts or _start_urls()), set(), {}, {}
    while queue and len(seen) < max_pages:
        url = queue.popleft()
        path = urlsplit(url).path
        name = _url_name(path)
        if (
            url in seen
            or name is None
            or per_name.get(name, 0) >= PAGES_PER_URL_NAME
            or path.startswith(SKIPPED_PREFIXES)
        ):
            continue
        seen.add(url)
        per_name[name] = per_name.get(name, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
            continue
        parser = PageParser()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if (
                parts.scheme in ("", "http")
                and parts.netloc in ("", "testserver")
                and "format=" not in parts.query
            ):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in parser.forms:
            action = urlsplit(urljoin(url, form["action"] or url))
            action_path = action.path if form["action"] else path
            if action_path.startswith(SKIPPED_PREFIXES):
                continue
            key = (form["method"], _url_name(action_path), tuple(sorted(form["fields"])))
            forms.setdefault(key, {**form, "url": action_path, "query": dict(parse_qsl(action.query))})
    return forms


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed} - UNCHECKED_TABLES)


def row_counts(tables) -> tuple:
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return cursor.fetchone()


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    return response.status_code == 200 and "form-errors" in response.content.decode(errors="replace")


def submit(client, form, data: dict, tables) -> None:
    before = row_counts(tables)
    if form["method"] == "post":
        response = client.post(form["url"], data)
    else:
        response = client.get(
            form["url"], {**form["query"], **{k: v for k, v in data.items() if not hasattr(v, "read")}}
        )
    assert response.status_code < 500, (
        form["method"],
        form["url"],
        {k: str(v)[:60] for k, v in data.items()},
    )
    if refused(response):
        after = row_counts(tables)
        changed = [t for t, a, b in zip(tables, before, after, strict=True) if a != b]
        assert not changed, (
            form["url"],
            response.status_code,
            changed,
            {k: str(v)[:60] for k, v in data.items()},
        )


def draw_payload(data, form) -> dict:
    """Values hypothesis draws for each field of ``form``: its own options mixed with hostile ones, lists, any
    text."""
    payload = {}
    for name, field in form["fields"].items():
        if field["type"] == "file":
            payload[name] = _file(data.draw(st.sampled_from(FILES)), data.draw(st.sampled_from(FILE_NAMES)))
            continue
        value = st.sampled_from(field["options"] + HOSTILE) if field["options"] else st.sampled_from(HOSTILE)
        payload[name] = data.draw(
            st.one_of(value, st.lists(value, min_size=2, max_size=3), st.text(max_size=20))
        )
    return payload


def _file(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


def fixed_payloads(form) -> list[dict]:
    """The same nasty value in every field, a few times over: the cases a person should never see a 500 for
    (100,000 characters here only: drawn at random it would slow every example down)."""
    payloads = []
    for value in (
        "99999999999999999999999",
        "x" * 100_000,
        "\u200b\u202e a\x00b " + unicodedata.normalize("NFD", "Tố"),
        "2026-02-30",
    ):
        data = {}
        for name, field in form["fields"].items():
            data[name] = _file(FILES[1], "a.pdf") if field["type"] == "file" else value
        payloads.append(data)
    return payloads


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def crawled(demo, client):
    """The forms the administrator and the letters' handler reach (the handler's: the identity's reading)."""
    users = get_user_model().objects
    forms = {}
    for username, starts, pages in (
        ("admin", None, MAX_PAGES),
        ("tiepdan", [reverse("voters:letter_list")], 12),
    ):
        client.force_login(users.get(username=username))
        for key, form in crawl(client, starts, pages).items():
            forms.setdefault(key, {**form, "user": username})
    return forms


def test_every_form_refuses_hostile_input_with_a_clear_no(client, crawled):
    users, tables = get_user_model().objects, _tables()
    posts = [f for f in crawled.values() if f["method"] == "post"]
    assert len(posts) >= 30, sorted(f["url"] for f in posts)  # the walk reached the forms of every app
    assert {f["url"].split("/")[1] for f in posts} >= {"followups", "regulations", "sessions", "voters"}
    for form in crawled.values():
        client.force_login(users.get(username=form["user"]))
        for data in fixed_payloads(form):
            submit(client, form, data, tables)

    forms = list(crawled.values())

    @FUZZ_SETTINGS
    @seed(FUZZ_SEED)
    @given(st.data())
    def fuzz(data):
        for form in forms:
            client.force_login(users.get(username=form["user"]))
            submit(client, form, draw_payload(data, form), tables)

    fuzz()


def test_the_fuzz_draws_the_same_values_on_every_run():
    """What makes a CI failure replayable: the drawn payloads depend on the seed alone, not on the run."""
    form = {
        "fields": {
            "title": {"type": "text", "options": []},
            "unit": {"type": "select", "options": ["1", "2"]},
            "file": {"type": "file", "options": []},
        }
    }

    def one_run() -> list:
        drawn = []

        @FUZZ_SETTINGS
        @seed(FUZZ_SEED)
        @given(st.data())
        def fuzz(data):
            payload = draw_payload(data, form)
            drawn.append({k: (v.name, v.read()) if hasattr(v, "read") else v for k, v in payload.items()})

        fuzz()
        return drawn

    assert one_run() == one_run()
