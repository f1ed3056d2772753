"""The petition results report as a Decree 30 PDF, rendered off the request (coordination.reports)."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from coordination.charts import stacked_bars
from coordination.documents import (
    NBSP,
    document_header,
    header_name,
    place_and_date,
    place_name,
    signing_parties,
    standing_and_chair,
)
from coordination.models import AdministrativeUnit
from coordination.pdf import render_pdf_with_slots
from coordination.permissions import access_for
from coordination.reports import PDF, XLSX, RenderedFile, register_report
from coordination.text import fold
from sessions.permissions import get_session_for_user
from voters.permissions import get_round_for_user, visible_petition_tallies, visible_petitions
from voters.queries import results_summary, tallies_kept


def results_scope(user, *, round_id: str = "", session_id: str = ""):
    """What the report counts of one round or of every round tied to one Council session, as ``user`` may see
    it: ``(rows, label, unit name)``; 404 for a round or session the user may not know. The rows are the
    petitions' rollup where PostgreSQL keeps it (``PetitionTally``), the petitions elsewhere: both filter by
    round and unit and give ``results_summary`` the same figures."""
    petitions = visible_petition_tallies(user) if tallies_kept() else visible_petitions(user)
    round_id, session_id = str(round_id or ""), str(session_id or "")
    if round_id.isdecimal():
        round_ = get_round_for_user(user, int(round_id))
        return petitions.filter(round=round_), round_.title, round_.unit.name
    if session_id.isdecimal():
        session = get_session_for_user(user, int(session_id))
        return petitions.filter(round__council_session=session), str(session), session.council.unit.name
    return petitions, "Tất cả các đợt", ""


def requester_unit(user):
    """The unit of the requester's first body: whose Standing Committee reports when no round or session is
    chosen."""
    unit_ids = sorted(access_for(user).unit_ids())
    return AdministrativeUnit.objects.filter(pk__in=unit_ids[:1]).first()


def results_chart(summary) -> dict:
    """Petitions by result category as the shared SVG bars (the page and the PDF draw the same chart)."""
    return stacked_bars([(name, {"rate": n}) for name, n in summary.by_category], [("rate", "Số kiến nghị")],
                        axis_label="Số kiến nghị")


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
    unit = AdministrativeUnit.objects.filter(name=unit_name).first() if unit_name else requester_unit(user)
    unit_name = unit.name if unit else unit_name
    standing, chair = standing_and_chair(unit) if unit else (None, None)
    signatures = [
        {
            "on_behalf": "TM. THƯỜNG TRỰC HĐND",
            "position": "CHỦ TỊCH",
            "name": chair.person.full_name if chair else "",
            "body_id": standing.pk if standing else None,
        }
    ]
    content, slots = render_pdf_with_slots(
        "pdf/voters_results.html",
        {
            **document_header(
                issuers=[
                    header_name(standing)
                    if standing
                    else (f"THƯỜNG TRỰC HĐND {unit_name}".upper() if unit_name else "THƯỜNG TRỰC HĐND")
                ],
                number=f"{NBSP * 6}/BC-TTHĐND",
                place_date=place_and_date(place_name(unit_name), today) if unit_name else "",
            ),
            "document_title": "Báo cáo",
            "subject": f"Kết quả giải quyết kiến nghị của cử tri — {label}",
            "summary": summary,
            "label": label,
            "category_chart": results_chart(summary),
            "document": True,
            "signatures": signatures,
            "recipients": ["Thường trực HĐND", "Ban Thường trực UBMTTQ Việt Nam", "Lưu: VT"],
        },
    )
    progress(95)
    return RenderedFile(filename=results_filename(label), content=content, content_type=PDF,
                        signers=signing_parties(signatures, slots))


def results_filename(label: str) -> str:
    """ "bao-cao-ket-qua-kien-nghi-<scope>.pdf": named by the round or session it covers, not by the day it
    was made."""
    scope = slugify(fold(label))[:60].strip("-") or "tat-ca"
    return f"bao-cao-ket-qua-kien-nghi-{scope}.pdf"


@register_report("voters_opinion_import")
def render_opinion_import(report, progress) -> RenderedFile:
    """A large opinions workbook, read and saved off the request (voters.imports); the file is the outcome."""
    from voters.imports import import_result_bytes, opinions_import_batched

    parsed = opinions_import_batched(report=report, progress=progress)
    return RenderedFile(
        filename="ket-qua-nhap-y-kien.xlsx",
        content=import_result_bytes(parsed, report.params["filename"]),
        content_type=XLSX,
    )
