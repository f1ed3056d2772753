"""What voters contributes to the dashboard and the calendar feed (coordination/providers.py)."""

from datetime import date

from django.db.models import Count, Q, Sum
from django.urls import reverse

from coordination.models import DeadlineAnchor
from coordination.permissions import access_for
from coordination.providers import (
    BY_BODY,
    CalendarEvent,
    Figure,
    PlanEvent,
    register_calendar_events,
    register_figures,
    register_plan_events,
    register_subject_visibility,
)
from coordination.signature_checks import register_signed_upload
from coordination.urlcache import path_of
from voters.models import (
    ANSWER_SUPERSEDED,
    Letter,
    LetterKind,
    Petition,
    PetitionStatus,
    ResultCategory,
    VoterContactRound,
    VoterMeeting,
)
from voters.permissions import visible_letters, visible_receptions, visible_rounds

GROUP = "Cử tri, công dân"


@register_subject_visibility(Letter)
def letters_seen_by(user):
    """A letter's follow-ups are seen only by those who see the letter: the members of its handling body."""
    return visible_letters(user)


@register_figures
def figures(
    *, unit_ids: set[int], start: date, end: date, body_ids=None, area_ids=None, user=None
) -> list[Figure]:
    """The unit's figures; shown to ``user`` (the dashboard), the letters count only those they may see.
    ``body_ids``: rounds of the bodies that organise or join them, petitions of the agency that answers them,
    letters of the body that handles them. Nothing here has a coordination area."""
    meetings = VoterMeeting.objects.filter(round__unit_id__in=unit_ids, held_on__range=(start, end))
    petitions = Petition.objects.filter(unit_id__in=unit_ids, round__starts_on__range=(start, end)).exclude(
        status=PetitionStatus.MERGED)
    letters = Letter.objects.filter(handling_body__unit_id__in=unit_ids, received_on__range=(start, end))
    if body_ids:
        meetings = meetings.filter(
            Q(round__organiser_id__in=body_ids) | Q(round__cooperating_id__in=body_ids)
        )
        petitions = petitions.filter(agency_id__in=body_ids)
        letters = letters.filter(handling_body_id__in=body_ids)
    totals = meetings.aggregate(
        points=Count("id"), voters=Sum("voters_attending"), rounds=Count("round", distinct=True)
    )
    answers = petitions.exclude(category="").exclude(status=ANSWER_SUPERSEDED)
    by_category = dict(answers.values_list("category").annotate(n=Count("id")))
    if user is not None:
        letters = letters.filter(pk__in=visible_letters(user).values("pk"))
    by_kind = dict(letters.values_list("kind").annotate(n=Count("id")))
    closed = letters.exclude(closed_on_time__isnull=True).aggregate(
        on_time=Count("id", filter=Q(closed_on_time=True)), late=Count("id", filter=Q(closed_on_time=False)))
    by_body = frozenset({BY_BODY})
    return [
        Figure(
            "voter_rounds",
            "Đợt tiếp xúc cử tri",
            totals["rounds"],
            url=reverse("voters:round_list"),
            group=GROUP,
            narrows=by_body,
        ),
        Figure(
            "voter_meeting_points", "Điểm tiếp xúc cử tri", totals["points"], group=GROUP, narrows=by_body
        ),
        Figure(
            "voters_attending", "Lượt cử tri tham dự", totals["voters"] or 0, group=GROUP, narrows=by_body
        ),
        Figure(
            "petitions_by_category",
            "Kiến nghị cử tri theo kết quả",
            sum(by_category.values()),
            breakdown=[(str(label), by_category.get(value, 0)) for value, label in ResultCategory.choices],
            url=reverse("voters:results"),
            group=GROUP,
            narrows=by_body,
        ),
        Figure(
            "letters_by_kind",
            "Đơn thư theo loại",
            sum(by_kind.values()),
            breakdown=[(str(label), by_kind.get(value, 0)) for value, label in LetterKind.choices],
            url=reverse("voters:letter_list"),
            group=GROUP,
            narrows=by_body,
        ),
        Figure(
            "letters_on_time",
            "Đơn thư giải quyết, chuyển đúng hạn",
            closed["on_time"],
            breakdown=[("Đúng hạn", closed["on_time"]), ("Quá hạn", closed["late"])],
            group=GROUP,
            narrows=by_body,
        ),
    ]


@register_calendar_events
def events(*, user, start: date, end: date) -> list[CalendarEvent]:
    if not access_for(user).unit_ids() and not access_for(user).is_superuser:
        return []
    found = [
        CalendarEvent(
            uid=f"reception-{r.pk}@phoihop",
            title=f"Tiếp công dân: {r.receiver}",
            start=r.day,
            location=r.place,
            url=r.get_absolute_url(),
        )
        for r in visible_receptions(user).filter(day__range=(start, end))
    ]
    # Held meetings on the day they were held; scheduled ones on their planned day, marked as such.
    # A year of a province's meetings is thousands of events: only the fields read, the URL reversed once
    # (``get_absolute_url`` per meeting was two thirds of the API's calendar at 10,000: bench/api_scale.py).
    meetings = VoterMeeting.objects.filter(round__in=visible_rounds(user)).filter(
        Q(held_on__range=(start, end)) | Q(held_on__isnull=True, planned_on__range=(start, end))
    ).values_list("pk", "address", "held_on", "planned_on")
    meeting_path = path_of("voters:meeting_detail")
    found += [
        CalendarEvent(
            uid=f"voter-meeting-{pk}@phoihop",
            title=f"Tiếp xúc cử tri tại {address}" + ("" if held_on is not None else " (dự kiến)"),
            start=held_on or planned_on,
            location=address,
            url=meeting_path(pk),
        )
        for pk, address, held_on, planned_on in meetings
    ]
    return found


@register_plan_events
def plan_events(*, unit, year: int) -> list[PlanEvent]:
    """Rounds ending in the year: voters/services/rounds.py anchors their plan tasks on the round's end."""
    rounds = VoterContactRound.objects.filter(unit=unit, ends_on__year=year).order_by("ends_on", "id")
    return [PlanEvent(DeadlineAnchor.ROUND_END, r.ends_on, r) for r in rounds]


# An agency's answer to a petition comes back as a PDF: its digital signatures are checked.
register_signed_upload(Petition, "answer_file")
