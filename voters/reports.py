"""The petition results report as a Decree 30 PDF, rendered off the request (coordination.reports)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from coordination.documents import place_and_date, place_name
from coordination.pdf import render_pdf
from coordination.reports import PDF, RenderedFile, register_report
from voters.permissions import get_round_for_user, visible_petitions
from voters.queries import results_summary


@register_report("voters_results")
def render_results(report, progress) -> RenderedFile:
    # Scope again with the requester's own visibility: the file holds only what they may see.
    user = get_user_model().objects.get(pk=report.requested_by_id)
    petitions = visible_petitions(user)
    round_id, session = report.params.get("round", ""), report.params.get("session", "")
    unit_name = ""
    if str(round_id).isdigit():
        round_ = get_round_for_user(user, int(round_id))
        petitions, label, unit_name = petitions.filter(round=round_), round_.title, round_.unit.name
    elif session:
        petitions, label = petitions.filter(round__session_label=session), session
    else:
        label = "Tất cả các đợt"
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
