"""The regulation as a Decree 30/2020 document: PDF (WeasyPrint) and DOCX (python-docx), same layout.

The browser asks for them through coordination's report queue (a Celery task renders them and keeps
the file); ``manage.py export_regulation`` calls ``regulation_pdf_bytes`` / ``regulation_docx_bytes``
inline.
"""

import io
from collections.abc import Callable

from django.db.models import Prefetch
from django.utils.text import slugify

from coordination.documents import docx_page_numbers, docx_signatures, place_and_date, place_name
from coordination.pdf import render_pdf
from coordination.reports import DOCX, PDF, RenderedFile, register_report
from coordination.text import fold
from regulations.models import Article, Chapter, Clause, Regulation
from regulations.tables import text_blocks

PDF_TEMPLATE = "pdf/regulations_regulation.html"


def regulation_document(regulation: Regulation) -> dict:
    """Everything both layouts print, read in a fixed number of queries."""
    clauses = Prefetch("clauses", queryset=Clause.objects.prefetch_related("points"))
    articles = list(
        Article.objects.filter(regulation=regulation).select_related("chapter", "section").prefetch_related(clauses)
    )
    chapters = list(Chapter.objects.filter(regulation=regulation))
    parties = list(regulation.parties.select_related("body"))
    outside = [a for a in articles if a.chapter_id is None]
    by_chapter = {c.pk: [a for a in articles if a.chapter_id == c.pk] for c in chapters}
    issuers = " - ".join(p.body.short_name or p.body.name for p in parties).upper()
    return {
        "regulation": regulation,
        "issuer": issuers,
        "issuer_parent": "",
        "number": regulation.number,
        # Signed: the day the last party signed; a draft prints the date its text bears.
        "place_date": place_and_date(regulation.place or place_name(regulation.unit.name), regulation.signed_on or regulation.dated_on)
        if regulation.signed_on or regulation.dated_on else "",
        "document_title": "Quy chế",
        "subject": regulation.title,
        "preamble": [line for line in regulation.preamble.splitlines() if line.strip()],
        "articles_outside": outside,
        "chapters": [(c, by_chapter[c.pk]) for c in chapters],
        "signatures": [
            {"on_behalf": p.heading or f"TM. {p.body.name}", "position": p.signer_title or p.proposed_signer_title,
             "name": p.signer_name or p.proposed_signer_name}
            for p in parties
        ],
        "recipients": [line for line in regulation.recipients.splitlines() if line.strip()],
    }


def regulation_pdf_bytes(regulation: Regulation) -> bytes:
    return render_pdf(PDF_TEMPLATE, regulation_document(regulation))


def regulation_docx_bytes(regulation: Regulation) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    context = regulation_document(regulation)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    docx_page_numbers(section)

    def paragraph(text, *, bold=False, italic=False, center=False, indent=True, size=None):
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent and not center:
            p.paragraph_format.first_line_indent = Mm(10)
        p.paragraph_format.space_after = Pt(3)
        return p

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].add_run(context["issuer"]).bold = True
    left.add_paragraph(f"Số: {context['number']}")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    right.add_paragraph().add_run(context["place_date"]).italic = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph("QUY CHẾ", bold=True, center=True, size=14)
    paragraph(context["subject"], bold=True, center=True)
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
        paragraph(f"Chương {chapter.number}", bold=True, center=True)
        paragraph(chapter.title, bold=True, center=True)
        write_articles(articles)

    if context["signatures"]:
        docx_signatures(document, context["signatures"])
    if context["recipients"]:
        label = document.add_paragraph().add_run("Nơi nhận:")
        label.bold = label.italic = True
        for recipient in context["recipients"]:
            document.add_paragraph(f"- {recipient};").runs[0].font.size = Pt(11)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_filename(regulation: Regulation, extension: str) -> str:
    return f"quy-che-{slugify(fold(regulation.number).replace('/', '-'))}.{extension}"


def _render(report, progress: Callable[[int], None], build, extension: str, content_type: str) -> RenderedFile:
    regulation = Regulation.objects.select_related("unit").get(pk=report.params["regulation_id"])
    progress(20)
    content = build(regulation)
    progress(95)
    return RenderedFile(export_filename(regulation, extension), content, content_type)


@register_report("regulation_pdf")
def render_regulation_pdf(report, progress) -> RenderedFile:
    return _render(report, progress, regulation_pdf_bytes, "pdf", PDF)


@register_report("regulation_docx")
def render_regulation_docx(report, progress) -> RenderedFile:
    return _render(report, progress, regulation_docx_bytes, "docx", DOCX)
