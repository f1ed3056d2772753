"""The session dossier: one PDF per session, rendered by the report task (rule 9) or inline by the command."""

from collections.abc import Callable

from django.utils import timezone

from coordination.documents import (
    document_closing,
    document_header,
    header_name,
    place_and_date,
    place_name,
    signing_parties,
    standing_and_chair,
)
from coordination.pdf import render_pdf_with_slots
from coordination.reports import PDF, RenderedFile, register_report
from sessions.models import Recommendation, Session
from sessions.services import rating_thresholds

DOSSIER_TEMPLATE = "pdf/sessions_dossier.html"


def session_dossier_context(session: Session, progress: Callable[[int], None] = lambda percent: None) -> dict:
    """Agenda, submission status, resolutions, questions and answers, confidence results, recommendations."""
    submissions = list(session.submissions.select_related("presenting_body", "reviewing_committee"))
    progress(20)
    thresholds = rating_thresholds()
    ratings = list(session.ratings.select_related("position__person", "position__body"))
    for rating in ratings:
        rating.result = rating.outcome(thresholds)
    # Recommendations of the unit's missions whose deadline has come by the end of the session:
    # those the session can ask about, including any due while it sits.
    recommendations = Recommendation.objects.filter(
        mission__lead_body__unit_id=session.council.unit_id, due_on__lte=session.closing_date
    ).select_related("mission", "addressee")
    progress(40)
    standing, chair = standing_and_chair(session.council.unit)
    signatures = [
        {
            "on_behalf": "TM. THƯỜNG TRỰC HĐND",
            "position": "CHỦ TỊCH",
            "name": chair.person.full_name if chair else "",
            "body_id": standing.pk if standing else None,
        }
    ]
    recipients = ["Đại biểu HĐND", "UBND", "Ban Thường trực UBMTTQ Việt Nam", "Các Ban của HĐND", "Lưu: VT"]
    return {
        "session": session,
        **document_header(
            issuers=[header_name(standing) if standing else f"THƯỜNG TRỰC {header_name(session.council)}"],
            place_date=place_and_date(place_name(session.council.unit.name), timezone.localdate()),
        ),
        "document_title": f"Hồ sơ kỳ họp thứ {session.number}",
        "subject": f"{session.council.name}, nhiệm kỳ {session.term}",
        **document_closing(signatures, recipients),
        "signatures": signatures,
        "recipients": recipients,
        "agenda": session.agenda_items.select_related("presenting_body", "reviewing_committee"),
        "submissions": submissions,
        "resolutions": session.resolutions.prefetch_related("replaces"),
        "questions": session.questions.select_related("deputy__person", "questioned_body").prefetch_related(
            "commitments"
        ),
        "ratings": ratings,
        "recommendations": recommendations,
    }


def session_dossier_pdf(session: Session, progress: Callable[[int], None] = lambda percent: None) -> bytes:
    return session_dossier_signed_by(session, progress)[0]


def session_dossier_signed_by(session: Session, progress: Callable[[int], None] = lambda percent: None):
    """The dossier's PDF and who signs it (the Standing Committee's chair, digitally)."""
    context = session_dossier_context(session, progress)
    content, slots = render_pdf_with_slots(DOSSIER_TEMPLATE, context)
    progress(95)
    return content, signing_parties(context["signatures"], slots)


@register_report("session_dossier")
def render(report, progress) -> RenderedFile:
    session = Session.objects.select_related("council__unit", "term").get(pk=report.params["session_id"])
    content, signers = session_dossier_signed_by(session, progress)
    return RenderedFile(dossier_filename(session), content, PDF, signers=signers)


def dossier_filename(session: Session) -> str:
    """"ho-so-ky-hop-8.pdf": the session's number, the same every time it is downloaded."""
    return f"ho-so-ky-hop-{session.number}.pdf"
