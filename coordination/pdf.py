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
    return render_pdf_with_slots(template_name, context)[0]


PX_TO_PT = 0.75  # CSS pixels (1/96 in) to PDF points (1/72 in)
SLOT_WIDTH_MM = 76.0  # the widest visible signature in a signature block's room to sign (26 mm high)


def render_pdf_with_slots(template_name: str, context: dict) -> tuple[bytes, list[dict]]:
    """The PDF and, for each signature block, where its room to sign lies: ``{"slot", "page", "box"}`` with
    the box (x0, y0, x1, y1) in PDF points from the bottom left, for the visible signature
    (coordination.signing).

    Charts in a document use its one typeface; the closing (signature blocks, "Nơi nhận:") is laid out
    here."""
    context = {"chart_font": DOCUMENT_FONT, **context}
    if "signature_rows" not in context:
        context.update(document_closing(context.get("signatures") or [], context.get("recipients") or []))
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=STATIC_BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    slots = []
    for number, page in enumerate(document.pages):
        height_pt = page.height * PX_TO_PT
        for anchor, (x1, y1, x2, y2) in page.anchors.items():
            if anchor.startswith("signature-slot-"):
                width = min((x2 - x1) * PX_TO_PT, SLOT_WIDTH_MM * 72 / 25.4)
                middle = (x1 + x2) / 2 * PX_TO_PT
                slots.append({"slot": int(anchor.removeprefix("signature-slot-")), "page": number,
                              "box": [round(middle - width / 2, 1), round(height_pt - y2 * PX_TO_PT, 1),
                                      round(middle + width / 2, 1), round(height_pt - y1 * PX_TO_PT, 1)]})
    return document.write_pdf(), sorted(slots, key=lambda s: s["slot"])
