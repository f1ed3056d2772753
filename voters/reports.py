"""The petition results report as a Decree 30 PDF, rendered off the request (coordination.reports)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from coordination.documents import place_and_date, place_name
from coordination.pdf import render_pdf
from coordination.reports import PDF, XLSX, RenderedFile, register_report
from sessions.permissions import get_session_for_user
from voters.permissions import get_round_for_user, visible_petitions
from voters.queries import results_summary


def results_scope(user, *, round_id: str = "", session_id: str = ""):
    """Petitions of one round or of every round tied to one Council session, as ``user`` may see them:
    ``(petitions, label, unit name)``; 404 for a round or session the user may not know."""
    petitions = visible_petitions(user)
    round_id, session_id = str(round_id or ""), str(session_id or "")
    if round_id.isdecimal():
        round_ = get_round_for_user(user, int(round_id))
        return petitions.filter(round=round_), round_.title, round_.unit.name
    if session_id.isdecimal():
        session = get_session_for_user(user, int(session_id))
        return petitions.filter(round__council_session=session), str(session), session.council.unit.name
    return petitions, "Tất cả các đợt", ""


@register_report("voters_results")
def render_results(report, progress) -> RenderedFile:
    # Scope again with the requester's own visibility: the file holds only what they may see.
    user = get_user_model().objects.get(pk=report.requested_by_id)
    petitions, label, unit_name = results_scope(user, round_id=report.params.get("round", ""),
                                                session_id=report.params.get("session", ""))
    progress(30)
    summary = results_summary(petitions)
    progress(60)
    today = timezone.localdate()
    content = render_pdf("pdf/voters_results.html", {
        "issuer": "Thường trực Hội đồng nhân dân", "issuer_parent": unit_name,
        "place_date": place_and_date(place_name(unit_name) if unit_name else "Hòa Phong", today),
        "document_title": "Báo cáo", "subject": f"Kết quả giải quyết kiến nghị của cử tri — {label}",
        "summary": summary, "label": label,
        "recipients": ["Thường trực HĐND", "Ban Thường trực UBMTTQ Việt Nam", "Lưu: VT"],
    })
    progress(95)
    return RenderedFile(filename=f"ket-qua-kien-nghi-{today:%Y%m%d}.pdf", content=content, content_type=PDF)


@register_report("voters_opinion_import")
def render_opinion_import(report, progress) -> RenderedFile:
    """A large opinions workbook, read and saved off the request (voters.imports); the file is the outcome."""
    from voters.imports import import_result_bytes, opinions_import_batched

    parsed = opinions_import_batched(report=report, progress=progress)
    return RenderedFile(filename="ket-qua-nhap-y-kien.xlsx", content=import_result_bytes(parsed, report.params["filename"]),
                        content_type=XLSX)
