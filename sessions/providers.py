"""Dashboard figures and calendar events of the Council's work (see coordination/providers.py)."""

from datetime import date

from django.db.models import F, Q

from coordination.models import DeadlineAnchor
from coordination.providers import (
    BY_BODY,
    CalendarEvent,
    Figure,
    PlanEvent,
    register_calendar_events,
    register_figures,
    register_plan_events,
)
from coordination.signature_checks import register_signed_upload
from sessions.models import (
    Question,
    Recommendation,
    Resolution,
    Session,
    SubmissionDocument,
    SupervisionMission,
)
from sessions.permissions import visible_meetings, visible_missions, visible_sessions

GROUP = "Kỳ họp, giám sát"


@register_figures
def figures(*, unit_ids: set[int], start: date, end: date, body_ids=None, area_ids=None) -> list[Figure]:
    """``body_ids``: sessions and resolutions of those councils, missions those bodies lead, questions put to
    them, recommendations addressed to them. Nothing here has a coordination area."""
    sessions = Session.objects.filter(council__unit_id__in=unit_ids, status=Session.Status.CLOSED,
                                      actual_close__range=(start, end))
    resolutions = Resolution.objects.filter(council__unit_id__in=unit_ids, adopted_on__range=(start, end))
    missions = SupervisionMission.objects.filter(
        lead_body__unit_id__in=unit_ids, decision_date__range=(start, end)
    )
    questions = Question.objects.filter(
        questioned_body__unit_id__in=unit_ids, received_on__range=(start, end)
    )
    answered = Recommendation.objects.filter(
        mission__lead_body__unit_id__in=unit_ids, answered_on__range=(start, end),
        status=Recommendation.Status.DONE,
    )
    if body_ids:
        sessions = sessions.filter(council_id__in=body_ids)
        resolutions = resolutions.filter(council_id__in=body_ids)
        missions = missions.filter(lead_body_id__in=body_ids)
        questions = questions.filter(questioned_body_id__in=body_ids)
        answered = answered.filter(addressee_id__in=body_ids)
    by_body = frozenset({BY_BODY})
    return [
        Figure(
            "sessions_held",
            "Kỳ họp đã tổ chức",
            sessions.count(),
            group=GROUP,
            breakdown=[(label, sessions.filter(kind=kind).count()) for kind, label in Session.Kind.choices],
            narrows=by_body,
        ),
        Figure("resolutions_adopted", "Nghị quyết được thông qua", resolutions.count(), group=GROUP,
               narrows=by_body),
        Figure(
            "supervisions",
            "Cuộc giám sát, khảo sát",
            missions.count(),
            group=GROUP,
            breakdown=[
                (label, missions.filter(kind=kind).count()) for kind, label in SupervisionMission.Kind.choices
            ],
            narrows=by_body,
        ),
        Figure("questions", "Chất vấn", questions.count(), group=GROUP, narrows=by_body),
        Figure(
            "recommendations_on_time",
            "Kiến nghị sau giám sát thực hiện đúng hạn",
            answered.filter(answered_on__lte=F("due_on")).count(),
            group=GROUP,
            breakdown=[
                ("Đúng hạn", answered.filter(answered_on__lte=F("due_on")).count()),
                ("Trễ hạn", answered.filter(answered_on__gt=F("due_on")).count()),
            ],
            narrows=by_body,
        ),
    ]


@register_calendar_events
def events(*, user, start: date, end: date) -> list[CalendarEvent]:
    result = []
    for session in visible_sessions(user).filter(planned_open__lte=end, planned_close__gte=start):
        result.append(
            CalendarEvent(
                uid=f"session-{session.pk}@phoihop",
                title=f"Kỳ họp thứ {session.number} — {session.council.name}",
                start=session.opening_date,
                end=session.closing_date,
                location=session.place,
                url=session.get_absolute_url(),
            )
        )
    # Held meetings on the day they were held; scheduled ones on their planned day, marked as such.
    meetings = visible_meetings(user).filter(
        Q(held_on__range=(start, end)) | Q(held_on__isnull=True, planned_on__range=(start, end)))
    for meeting in meetings:
        result.append(CalendarEvent(
            uid=f"standing-meeting-{meeting.pk}@phoihop",
            title=meeting.title if meeting.is_held else f"{meeting.title} (dự kiến)", start=meeting.day,
            location=meeting.place, url=meeting.get_absolute_url(),
        ))
    for mission in visible_missions(user).filter(Q(visit_start__lte=end) & Q(visit_end__gte=start)):
        result.append(
            CalendarEvent(
                uid=f"supervision-{mission.pk}@phoihop",
                title=f"{mission.get_kind_display()}: {mission.subject}",
                start=mission.visit_start,
                end=mission.visit_end,
                description=f"Quyết định số {mission.decision_number}",
                url=mission.get_absolute_url(),
            )
        )
    return result


@register_plan_events
def plan_events(*, unit, year: int) -> list[PlanEvent]:
    """The anchors sessions/services/ passes to event_scheduled: openings and decisions."""
    sessions = Session.objects.filter(council__unit=unit).filter(
        Q(actual_open__year=year) | Q(actual_open__isnull=True, planned_open__year=year)
    )
    missions = SupervisionMission.objects.filter(lead_body__unit=unit, decision_date__year=year)
    return [
        PlanEvent(DeadlineAnchor.SESSION_OPENING, s.opening_date, s)
        for s in sessions.order_by("planned_open", "id")
    ] + [
        PlanEvent(DeadlineAnchor.DECISION, m.decision_date, m)
        for m in missions.order_by("decision_date", "id")
    ]


# Submissions, their review reports and resolutions come back as PDFs: their digital signatures are checked.
register_signed_upload(SubmissionDocument, "file")
register_signed_upload(Resolution, "file")
