"""PDF rendering with WeasyPrint from templates under templates/pdf/ (Decree 30/2020 layout).

The URL fetcher serves only our own static files (and data: URIs): a document never reaches the
network or the file system outside static/, whatever text a user typed into it.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from coordination.documents import document_closing
from coordination.fonts import DOCUMENT_FONT

STATIC_BASE_URL = "phoihop-static:/"


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        path = unquote(parsed.path)
        if parsed.scheme == "phoihop-static" or path.startswith(settings.STATIC_URL):
            relative = path.removeprefix(settings.STATIC_URL).lstrip("/")
            found = finders.find(relative)
            if found:
                return URLFetcherResponse(url, body=Path(found).read_bytes())
        raise ValueError(f"Tài nguyên không được phép trong tài liệu: {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Charts in a document use its one typeface; the closing (signature blocks, "Nơi nhận:") is laid out here."""
    context = {"chart_font": DOCUMENT_FONT, **context}
    if "signature_rows" not in context:
        context.update(document_closing(context.get("signatures") or [], context.get("recipients") or []))
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
