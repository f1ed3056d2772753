"""The registry of documents rendered in the background (GeneratedReport.kind -> renderer).

An app declares a renderer in its own ``reports.py``; they are imported at start-up
(CoordinationConfig.ready autodiscovers "reports" modules):

    @register_report("regulation_pdf")
    def render(report: GeneratedReport, progress: Callable[[int], None]) -> RenderedFile: ...

The renderer reads ``report.params``, calls ``progress(percent)`` as it goes and returns the file.
The view that requests a report authorizes first; the renderer only builds what was authorized.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    content: bytes
    content_type: str
    # Who signs the document in turn, the lead first: {"slot", "body_id", "label", "page", "box"}
    # (coordination.documents.signing_parties); empty for a document nobody signs.
    signers: list = field(default_factory=list)
    # The report's final title when the renderer knows more than the request did ("…: 1.234 dòng").
    title: str = ""
    # Instead of ``content``, an open file to copy to storage in chunks (and close): a large export never
    # held in memory (coordination.spreadsheets.workbook_file).
    file: IO[bytes] | None = None


RENDERERS: dict[str, Callable] = {}


def register_report(kind: str):
    def decorator(renderer):
        RENDERERS[kind] = renderer
        return renderer

    return decorator


def _render_implementation_report(report, progress, fmt: str) -> RenderedFile:
    from coordination.implementation_report import (
        implementation_pdf_signed_by,
        implementation_report_filename,
        render_implementation_docx,
        report_period,
    )

    unit, period = report_period(report.params)
    if fmt == "docx":
        return RenderedFile(implementation_report_filename(unit, period, fmt),
                            render_implementation_docx(unit=unit, period=period, progress=progress,
                                                       user=report.requested_by), DOCX)
    content, signers = implementation_pdf_signed_by(
        unit=unit, period=period, progress=progress, user=report.requested_by
    )
    return RenderedFile(implementation_report_filename(unit, period, fmt), content, PDF, signers=signers)


@register_report("implementation_report_pdf")
def render_implementation_report_pdf(report, progress) -> RenderedFile:
    return _render_implementation_report(report, progress, "pdf")


@register_report("implementation_report_docx")
def render_implementation_report_docx(report, progress) -> RenderedFile:
    return _render_implementation_report(report, progress, "docx")


REGISTER_XLSX = "register_xlsx"


@register_report(REGISTER_XLSX)
def render_register_xlsx(report, progress) -> RenderedFile:
    """The Excel file of any list page (coordination.listing.RegisterView.export), in the requester's
    language."""
    from django.utils import translation

    from coordination.listing import register_for_report

    with translation.override(report.params.get("language")):
        return register_for_report(report).export(progress)
