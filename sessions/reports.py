"""The session dossier: one PDF per session, rendered by the report task (rule 9) or inline by the command."""

from collections.abc import Callable

from django.utils import timezone

from coordination.documents import place_and_date, place_name
from coordination.pdf import render_pdf
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
    return {
        "session": session,
        "issuer_parent": session.council.name.upper(),
        "issuer": "Thường trực HĐND",
        "document_title": f"Hồ sơ kỳ họp thứ {session.number}",
        "subject": f"{session.council.name}, nhiệm kỳ {session.term}",
        "place_date": place_and_date(place_name(session.council.unit.name), timezone.localdate()),
        "agenda": session.agenda_items.select_related("presenting_body", "reviewing_committee"),
        "submissions": submissions,
        "resolutions": session.resolutions.prefetch_related("replaces"),
        "questions": session.questions.select_related("deputy__person", "questioned_body").prefetch_related("commitments"),
        "ratings": ratings,
        "recommendations": recommendations,
    }


def session_dossier_pdf(session: Session, progress: Callable[[int], None] = lambda percent: None) -> bytes:
    content = render_pdf(DOSSIER_TEMPLATE, session_dossier_context(session, progress))
    progress(95)
    return content


@register_report("session_dossier")
def render(report, progress) -> RenderedFile:
    session = Session.objects.select_related("council__unit", "term").get(pk=report.params["session_id"])
    return RenderedFile(f"ho-so-ky-hop-{session.number}.pdf", session_dossier_pdf(session, progress), PDF)
