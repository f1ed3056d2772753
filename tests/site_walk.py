"""A walk of the site as one signed-in person: from every page without arguments, along the links each page
offers, a bounded number of pages per URL name. The fuzz test collects the forms of the pages it reaches,
the interface-language test reads their text."""

import contextlib
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

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


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def start_urls() -> list[str]:
    urls = []

    def walk_patterns(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk_patterns(pattern.url_patterns, namespace)
            elif pattern.name and not pattern.pattern.converters:
                with contextlib.suppress(NoReverseMatch):  # a pattern that needs arguments after all
                    urls.append(reverse(prefix + pattern.name))

    walk_patterns(get_resolver().url_patterns)
    return [u for u in urls if not u.startswith(SKIPPED_PREFIXES)]


@dataclass
class Page:
    url: str
    path: str
    name: str
    response: object
    parser: PageParser


def walk(client, starts=None, *, max_pages: int, per_url_name: int):
    """Each HTML page (status 200) reached from ``starts`` (default: the pages without arguments); no
    response on the way is a 5xx."""
    queue, seen, per_name = deque(starts or start_urls()), set(), {}
    while queue and len(seen) < max_pages:
        url = queue.popleft()
        path = urlsplit(url).path
        name = url_name(path)
        if (
            url in seen
            or name is None
            or per_name.get(name, 0) >= per_url_name
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
        yield Page(url, path, name, response, parser)
