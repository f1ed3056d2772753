"""Contact rounds, their meetings and the opinions recorded or imported there."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.deadline_rules import due_date_for
from coordination.models import Body, DeadlineAnchor
from coordination.providers import event_scheduled
from coordination.services import followup_complete, followup_open, followup_reschedule
from coordination.statutory_rules import DeadlineCode
from coordination.text import to_nfc
from sessions.models import Session
from voters.models import Opinion, VoterContactRound, VoterMeeting
from voters.queries import public_pages_changed

from ._common import _current_followup
from .compiling import proposals_for, proposals_forget


@transaction.atomic
def round_create(*, organiser: Body, title: str, timing: str, kind: str, starts_on: date, ends_on: date,
                 cooperating: Body | None = None, council_session: Session | None = None,
                 na_session_number: int | None = None) -> VoterContactRound:
    round_ = VoterContactRound(
        unit=organiser.unit,
        organiser=organiser,
        cooperating=cooperating,
        title=to_nfc(title).strip(),
        timing=timing,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        council_session=council_session,
        na_session_number=na_session_number,
    )
    round_.clean()
    round_.save()
    followup_open(
        subject=round_, title=_("Tổng hợp, phân loại kiến nghị cử tri: %(round)s") % {
            "round": round_.title}, lead_body=organiser,
        cooperating_bodies=[cooperating] if cooperating else [],
        due_on=due_date_for(unit=organiser.unit, code=DeadlineCode.PETITION_COMPILE, anchor_date=ends_on),
        source=_("Quy chế phối hợp: tổng hợp kiến nghị sau đợt tiếp xúc cử tri"),
    )
    event_scheduled(unit=round_.unit, anchor=DeadlineAnchor.ROUND_END, anchor_date=ends_on, subject=round_)
    return round_


@transaction.atomic
def round_move(*, round_: VoterContactRound, starts_on: date, ends_on: date) -> VoterContactRound:
    """New dates for a round: the compilation follow-up and the plan's tasks counted from its end move with
    it."""
    round_.starts_on, round_.ends_on = starts_on, ends_on
    round_.clean()
    round_.save(update_fields=["starts_on", "ends_on"])
    followup = _current_followup(round_)
    if followup is not None:
        due_on = due_date_for(unit=round_.unit, code=DeadlineCode.PETITION_COMPILE, anchor_date=ends_on)
        if followup.due_on != due_on:
            followup_reschedule(followup=followup, due_on=due_on)
    event_scheduled(unit=round_.unit, anchor=DeadlineAnchor.ROUND_END, anchor_date=ends_on, subject=round_)
    return round_


def round_mark_compiled(*, round_: VoterContactRound) -> VoterContactRound:
    if round_.compiled_at is None:
        round_.compiled_at = timezone.now()
        round_.save(update_fields=["compiled_at"])
        followup = _current_followup(round_)
        if followup:
            followup_complete(followup=followup, outcome=_("Đã tổng hợp, phân loại và chuyển kiến nghị"))
    return round_


@transaction.atomic
def round_results_publish(*, round_: VoterContactRound, by) -> VoterContactRound:
    """The Standing Committee or the Front makes the round's petitions and answers public (the caller went
    through ``get_round_for_user(…, need=Need.PUBLISH)``). Who and when are kept on the round and in its
    history; publishing again keeps the first date."""
    round_ = VoterContactRound.objects.select_for_update().get(pk=round_.pk)
    if round_.results_published_at is None:
        round_.results_published_at, round_.results_published_by = timezone.now(), by
        round_._history_user = by
        round_.save(update_fields=["results_published_at", "results_published_by"])
        public_pages_changed()
    return round_


@transaction.atomic
def round_results_unpublish(*, round_: VoterContactRound, by) -> VoterContactRound:
    """Withdraws the round from the public pages (a mistake, a correction under way); the history keeps
    who published it and who withdrew it."""
    round_ = VoterContactRound.objects.select_for_update().get(pk=round_.pk)
    if round_.results_published_at is not None:
        round_.results_published_at, round_.results_published_by = None, None
        round_._history_user = by
        round_.save(update_fields=["results_published_at", "results_published_by"])
        public_pages_changed()
    return round_


@transaction.atomic
def meeting_create(*, round_: VoterContactRound, place_unit, address: str, voters_attending: int = 0,
                   held_on: date | None = None, planned_on: date | None = None, officials_answering: str = "",
                   deputies=()) -> VoterMeeting:
    """A meeting scheduled ahead (``planned_on`` only, in the calendar) or recorded once held
    (``held_on``)."""
    if planned_on is None and held_on is None:
        raise ValidationError({"planned_on": _("Cần ghi ngày tiếp xúc dự kiến hoặc ngày đã tiếp xúc.")})
    meeting = VoterMeeting(
        round=round_,
        planned_on=planned_on or held_on,
        held_on=held_on,
        place_unit=place_unit,
        address=to_nfc(address).strip(),
        voters_attending=voters_attending,
        officials_answering=to_nfc(officials_answering),
    )
    meeting.clean()  # held today or before
    meeting.save()
    if deputies:
        meeting.deputies.set(deputies)
    return meeting


def meeting_record_held(*, meeting: VoterMeeting, held_on: date, voters_attending: int,
                        officials_answering: str | None = None) -> VoterMeeting:
    """A scheduled meeting took place: its day (not after today) and attendance; opinions can be recorded from
    then on."""
    meeting.held_on, meeting.voters_attending = held_on, voters_attending
    if officials_answering is not None:
        meeting.officials_answering = to_nfc(officials_answering)
    meeting.clean()
    meeting.save(update_fields=["held_on", "voters_attending", "officials_answering"])
    return meeting


def _fill_opinion(opinion: Opinion, *, content: str, raised_by: str, answered_on_spot: bool) -> Opinion:
    opinion.content, opinion.raised_by = to_nfc(content).strip(), to_nfc(raised_by).strip()
    opinion.answered_on_spot = answered_on_spot
    if not opinion.content:
        raise ValidationError({"content": _("Nội dung ý kiến không được để trống.")})
    opinion.clean()  # raised at a meeting that took place, within OPINION_MAX_CHARS
    return opinion


def _opinion_save(
    *, meeting: VoterMeeting, content: str, raised_by: str = "", answered_on_spot: bool = False
) -> Opinion:
    opinion = _fill_opinion(
        Opinion(meeting=meeting), content=content, raised_by=raised_by, answered_on_spot=answered_on_spot
    )
    opinion.save()
    return opinion


@transaction.atomic
def opinion_record(
    *, meeting: VoterMeeting, content: str, raised_by: str = "", answered_on_spot: bool = False
) -> Opinion:
    """One opinion typed at a meeting; the round's similar opinions and petitions are proposed at once."""
    opinion = _opinion_save(meeting=meeting, content=content, raised_by=raised_by,
                            answered_on_spot=answered_on_spot)
    proposals_for(opinions=[opinion])
    return opinion


def _refuse_compiled(opinion: Opinion) -> None:
    """Read under a row lock, so that an opinion compiled meanwhile on another page is refused too."""
    locked = Opinion.objects.select_for_update().filter(pk=opinion.pk)
    opinion.petition_id = locked.values_list("petition_id", flat=True).first()
    opinion.check_changeable()


@transaction.atomic
def opinion_update(*, opinion: Opinion, content: str, raised_by: str = "", answered_on_spot: bool = False
                   ) -> Opinion:
    """A typed or imported opinion corrected before it is compiled; its history keeps what it said before."""
    _refuse_compiled(opinion)
    _fill_opinion(opinion, content=content, raised_by=raised_by, answered_on_spot=answered_on_spot)
    opinion.save()
    # Open merge proposals were found for the old text: propose afresh for the new one.
    proposals_forget(opinion=opinion)
    proposals_for(opinions=[opinion])
    return opinion


@transaction.atomic
def opinion_delete(*, opinion: Opinion) -> None:
    """An opinion recorded by mistake (twice, at the wrong meeting); its history keeps the deleted text."""
    _refuse_compiled(opinion)
    opinion.delete()


@dataclass
class ImportRow:
    line: int
    content: str
    raised_by: str
    answered_on_spot: bool


@transaction.atomic
def opinions_import(*, meeting: VoterMeeting, rows: list[ImportRow]) -> list[Opinion]:
    """A batch of imported rows, then the duplicates proposed for the whole batch in one comparison."""
    opinions = [
        _opinion_save(
            meeting=meeting, content=r.content, raised_by=r.raised_by, answered_on_spot=r.answered_on_spot
        )
        for r in rows
    ]
    proposals_for(opinions=opinions)
    return opinions
