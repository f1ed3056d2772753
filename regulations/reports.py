"""The regulation as a Decree 30/2020 document: PDF (WeasyPrint) and DOCX (python-docx), same layout.

The browser asks for them through coordination's report queue (a Celery task renders them and keeps
the file); ``manage.py export_regulation`` calls ``regulation_pdf_bytes`` / ``regulation_docx_bytes``
inline.
"""

import io
import json
import re
from collections.abc import Callable

from django.db.models import Prefetch
from docx.shared import Pt

from coordination.documents import (
    document_closing,
    document_header,
    docx_header,
    docx_paragraph,
    docx_setup,
    docx_signatures,
    docx_title,
    header_name,
    place_and_date,
    place_name,
    signing_parties,
)
from coordination.pdf import render_pdf, render_pdf_with_slots
from coordination.reports import DOCX, PDF, RenderedFile, register_report
from coordination.text import fold
from regulations.imports import KIND, OUTCOME_FILENAME, regulation_import_read
from regulations.models import Article, Chapter, Clause, Regulation
from regulations.tables import text_blocks

PDF_TEMPLATE = "pdf/regulations_regulation.html"


def regulation_document(regulation: Regulation) -> dict:
    """Everything both layouts print, read in a fixed number of queries."""
    clauses = Prefetch("clauses", queryset=Clause.objects.prefetch_related("points"))
    articles = list(
        Article.objects.filter(regulation=regulation)
        .select_related("chapter", "section")
        .prefetch_related(clauses)
    )
    chapters = list(Chapter.objects.filter(regulation=regulation))
    parties = list(regulation.parties.select_related("body__unit"))
    outside = [a for a in articles if a.chapter_id is None]
    by_chapter = {c.pk: [a for a in articles if a.chapter_id == c.pk] for c in chapters}
    # Signed: the day the last party signed; a draft prints the date its text bears.
    dated = regulation.signed_on or regulation.dated_on
    place_date = place_and_date(regulation.place or place_name(regulation.unit.name), dated) if dated else ""
    signatures = [
        {
            "on_behalf": p.heading or f"TM. {p.body.name}",
            "position": p.signer_title or p.proposed_signer_title,
            "name": p.signer_name or p.proposed_signer_name,
            "body_id": p.body_id,
        }
        for p in parties
    ]
    recipients = [line for line in regulation.recipients.splitlines() if line.strip()]
    return {
        "regulation": regulation,
        **document_header(
            issuers=[header_name(p.body) for p in parties], number=regulation.number, place_date=place_date
        ),
        "document_title": "Quy chế",
        "subject": regulation.title,
        "preamble": [line for line in regulation.preamble.splitlines() if line.strip()],
        "articles_outside": outside,
        "chapters": [(c, by_chapter[c.pk]) for c in chapters],
        "signatures": signatures,
        "recipients": recipients,
        **document_closing(signatures, recipients),
    }


def regulation_pdf_bytes(regulation: Regulation) -> bytes:
    return render_pdf(PDF_TEMPLATE, regulation_document(regulation))


def regulation_pdf_signed_by(regulation: Regulation) -> tuple[bytes, list[dict]]:
    """The PDF and its parties' signature blocks, each party signing digitally in turn (the lead first)."""
    context = regulation_document(regulation)
    content, slots = render_pdf_with_slots(PDF_TEMPLATE, context)
    return content, signing_parties(context["signatures"], slots)


def regulation_docx_bytes(regulation: Regulation) -> bytes:
    from docx import Document

    context = regulation_document(regulation)
    document = Document()
    docx_setup(document)
    docx_header(document, context)
    docx_title(document, context["document_title"], context["subject"])

    def paragraph(text, **options):
        return docx_paragraph(document, text, **options)

    for line in context["preamble"]:
        paragraph(line, italic=True)

    def write_text(text, prefix=""):
        """Paragraphs, and the provision's tables as Word tables."""
        for index, block in enumerate(text_blocks(text)):
            lead = prefix if index == 0 else ""
            if block.kind == "p":
                paragraph(f"{lead}{block.text}")
                continue
            if lead:
                paragraph(lead.strip())
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell

    def write_articles(articles):
        section_id = None
        for article in articles:
            if article.section_id != section_id and article.section:
                paragraph(f"Mục {article.section.number}. {article.section.title}", bold=True, center=True)
            section_id = article.section_id
            paragraph(f"Điều {article.number}. {article.title}", bold=True)
            write_text(article.text)
            for clause in article.clauses.all():
                write_text(clause.text, f"{clause.number}. ")
                for point in clause.points.all():
                    write_text(point.text, f"{point.letter}) ")

    write_articles(context["articles_outside"])
    for chapter, articles in context["chapters"]:
        paragraph(f"Chương {chapter.number}", bold=True, center=True).paragraph_format.space_after = Pt(0)
        paragraph(chapter.title.upper(), bold=True, center=True)
        write_articles(articles)

    docx_signatures(document, context["signatures"], context["recipients"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_filename(regulation: Regulation, extension: str) -> str:
    """ "quy-che-12-QCPH-2026.pdf": the number, the kind of document in its symbol and the year it was signed
    (a draft without a number: "du-thao-quy-che-<id>"). The same regulation always downloads under the same
    name."""
    match = re.match(r"\s*(\d+)\s*/\s*(?:(\d{4})\s*/\s*)?([^-/\s]+)", regulation.number or "")
    if not match:
        return f"du-thao-quy-che-{regulation.pk}.{extension}"
    number, year_in_number, kind = match.groups()
    year = year_in_number or (
        regulation.signed_on.year if regulation.signed_on else regulation.created_at.year
    )
    kind = re.sub(r"[^A-Za-z0-9]+", "", fold(kind).upper()) or "QC"
    return f"quy-che-{number}-{kind}-{year}.{extension}"


def _render(
    report, progress: Callable[[int], None], build, extension: str, content_type: str
) -> RenderedFile:
    regulation = Regulation.objects.select_related("unit").get(pk=report.params["regulation_id"])
    progress(20)
    content = build(regulation)
    progress(95)
    return RenderedFile(export_filename(regulation, extension), content, content_type)


@register_report("regulation_pdf")
def render_regulation_pdf(report, progress) -> RenderedFile:
    regulation = Regulation.objects.select_related("unit").get(pk=report.params["regulation_id"])
    progress(20)
    content, signers = regulation_pdf_signed_by(regulation)
    progress(95)
    return RenderedFile(export_filename(regulation, "pdf"), content, PDF, signers=signers)


@register_report("regulation_docx")
def render_regulation_docx(report, progress) -> RenderedFile:
    return _render(report, progress, regulation_docx_bytes, "docx", DOCX)


@register_report(KIND)
def render_import_preview(report, progress) -> RenderedFile:
    """An imported text read and parsed off the request (regulations.imports); the file is the preview's
    outcome."""
    outcome = regulation_import_read(report=report, progress=progress)
    return RenderedFile(filename=OUTCOME_FILENAME, content=json.dumps(outcome, ensure_ascii=False).encode(),
                        content_type="application/json")
