"""Workflows of the voters app. Every deadline goes through coordination follow-ups (rule 4) and every
due date through ``due_date_for`` (rule 5). Callers have already authorized the user.
"""

import logging
from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from coordination.deadline_rules import due_date_for, legal_basis_of
from coordination.models import Body, BodyKind, DeadlineAnchor, FollowUp, Membership, Role, StatutoryRule
from coordination.providers import event_scheduled
from coordination.services import (
    followup_cancel,
    followup_complete,
    followup_open,
    followup_reopen,
    followup_reschedule,
    followups_of,
)
from coordination.statutory_rules import DeadlineCode
from coordination.text import to_nfc
from coordination.workdays import WorkCalendar, periodic_due_dates
from sessions.models import Session
from voters.models import (
    OWED_STATUSES,
    Competence,
    DenouncerIdentity,
    DenouncerIdentityUserObjectPermission,
    IdentityAccessLog,
    Letter,
    LetterKind,
    LetterStatus,
    MergeProposal,
    Opinion,
    Petition,
    PetitionField,
    PetitionStatus,
    ReceptionDay,
    ReceptionVisit,
    ReplyKind,
    ResultCategory,
    VoterContactRound,
    VoterMeeting,
)
from voters.queries import similar_petitions
from voters.redaction import redact

logger = logging.getLogger(__name__)

MAX_DENUNCIATION_EXTENSIONS = 2


def _with_dates(row, **dates):
    """A copy of ``row`` with new dates, to check before anything changes (the page shows the row as it was)."""
    draft = copy(row)
    for name, value in dates.items():
        setattr(draft, name, value)
    return draft


def _current_followup(subject) -> FollowUp | None:
    return followups_of(subject).filter(status=FollowUp.Status.OPEN).order_by("-id").first()


# --- Rounds, meetings, opinions ---------------------------------------------------------------


@transaction.atomic
def round_create(*, organiser: Body, title: str, timing: str, kind: str, starts_on: date, ends_on: date,
                 cooperating: Body | None = None, council_session: Session | None = None,
                 na_session_number: int | None = None) -> VoterContactRound:
    round_ = VoterContactRound(
        unit=organiser.unit, organiser=organiser, cooperating=cooperating, title=to_nfc(title).strip(), timing=timing,
        kind=kind, starts_on=starts_on, ends_on=ends_on, council_session=council_session,
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
    """New dates for a round: the compilation follow-up and the plan's tasks counted from its end move with it."""
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
def meeting_create(*, round_: VoterContactRound, place_unit, address: str, voters_attending: int = 0,
                   held_on: date | None = None, planned_on: date | None = None, officials_answering: str = "",
                   deputies=()) -> VoterMeeting:
    """A meeting scheduled ahead (``planned_on`` only, in the calendar) or recorded once held (``held_on``)."""
    if planned_on is None and held_on is None:
        raise ValidationError({"planned_on": _("Cần ghi ngày tiếp xúc dự kiến hoặc ngày đã tiếp xúc.")})
    meeting = VoterMeeting(
        round=round_, planned_on=planned_on or held_on, held_on=held_on, place_unit=place_unit,
        address=to_nfc(address).strip(), voters_attending=voters_attending, officials_answering=to_nfc(officials_answering),
    )
    meeting.clean()  # held today or before
    meeting.save()
    if deputies:
        meeting.deputies.set(deputies)
    return meeting


def meeting_record_held(*, meeting: VoterMeeting, held_on: date, voters_attending: int,
                        officials_answering: str | None = None) -> VoterMeeting:
    """A scheduled meeting took place: its day (not after today) and attendance; opinions can be recorded from then on."""
    meeting.held_on, meeting.voters_attending = held_on, voters_attending
    if officials_answering is not None:
        meeting.officials_answering = to_nfc(officials_answering)
    meeting.clean()
    meeting.save(update_fields=["held_on", "voters_attending", "officials_answering"])
    return meeting


def opinion_record(*, meeting: VoterMeeting, content: str, raised_by: str = "", answered_on_spot: bool = False) -> Opinion:
    content = to_nfc(content).strip()
    if not content:
        raise ValidationError({"content": _("Nội dung ý kiến không được để trống.")})
    opinion = Opinion(meeting=meeting, content=content, raised_by=to_nfc(raised_by).strip(), answered_on_spot=answered_on_spot)
    opinion.clean()  # raised at a meeting that took place
    opinion.save()
    return opinion


# --- Compiling: proposals, petitions, merges --------------------------------------------------


def _next_number(round_: VoterContactRound) -> int:
    return (Petition.objects.filter(round=round_).aggregate(m=Max("number"))["m"] or 0) + 1


@transaction.atomic
def petition_create_from_opinion(*, opinion: Opinion, title: str = "") -> Petition:
    opinion = Opinion.objects.select_for_update().select_related("meeting__round").get(pk=opinion.pk)
    if opinion.petition_id:
        raise ValidationError(_("Ý kiến này đã thuộc một kiến nghị tổng hợp."))
    round_ = opinion.meeting.round
    petition = Petition.objects.create(
        unit_id=round_.unit_id, round=round_, number=_next_number(round_),
        title=(to_nfc(title).strip() or opinion.content)[:500], content=opinion.content,
    )
    opinion.petition = petition
    opinion.save(update_fields=["petition"])
    MergeProposal.objects.filter(opinion=opinion, status=MergeProposal.Status.PROPOSED).delete()
    return petition


def proposals_refresh(*, round_: VoterContactRound) -> int:
    """Propose, for every opinion not yet compiled, the most similar petitions of the round.

    Proposals already decided are kept as they are; a rejected pair is never proposed again.
    """
    candidates = Petition.objects.filter(round=round_).exclude(status=PetitionStatus.MERGED)
    created = 0
    for opinion in Opinion.objects.filter(meeting__round=round_, petition__isnull=True):
        for petition, score in similar_petitions(text=opinion.content, candidates=candidates):
            _, was_created = MergeProposal.objects.get_or_create(
                opinion=opinion, petition=petition, defaults={"score": round(score, 3)}
            )
            created += was_created
    return created


@transaction.atomic
def proposal_decide(*, proposal: MergeProposal, accept: bool, by) -> MergeProposal:
    proposal = MergeProposal.objects.select_for_update().select_related("opinion").get(pk=proposal.pk)
    if proposal.status != MergeProposal.Status.PROPOSED:
        return proposal
    if accept:
        if proposal.opinion.petition_id:
            raise ValidationError(_("Ý kiến này đã được gộp vào một kiến nghị khác."))
        proposal.opinion.petition_id = proposal.petition_id
        proposal.opinion.save(update_fields=["petition"])
        # The other proposals for the same opinion are moot once it joined a petition.
        MergeProposal.objects.filter(opinion_id=proposal.opinion_id, status=MergeProposal.Status.PROPOSED).exclude(
            pk=proposal.pk
        ).delete()
    proposal.status = MergeProposal.Status.ACCEPTED if accept else MergeProposal.Status.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


@transaction.atomic
def petition_merge(*, source: Petition, target: Petition) -> Petition:
    """Merge ``source`` into ``target``: every opinion (so every source meeting) moves; source stays as MERGED."""
    if source.pk == target.pk:
        raise ValidationError(_("Không thể gộp một kiến nghị vào chính nó."))
    if source.round_id != target.round_id:
        raise ValidationError(_("Chỉ gộp các kiến nghị trong cùng một đợt tiếp xúc."))
    if PetitionStatus.MERGED in (source.status, target.status):
        raise ValidationError(_("Kiến nghị đã được gộp trước đó."))
    if source.status not in (PetitionStatus.COMPILING, PetitionStatus.FORWARDED):
        raise ValidationError(_("Kiến nghị đã có trả lời thì không gộp được nữa."))
    Opinion.objects.filter(petition=source).update(petition=target)
    MergeProposal.objects.filter(petition=source, status=MergeProposal.Status.PROPOSED).delete()
    source.status = PetitionStatus.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into"])
    followup = _current_followup(source)
    if followup:
        followup_cancel(followup=followup, reason=_("Đã gộp vào kiến nghị số %(number)s") % {
            "number": target.number})
    return target


# The level (AdministrativeLevel.rank) of the bodies that answer each competence: 1 province, 3 commune.
COMPETENCE_RANK = {Competence.CENTRAL: 1, Competence.PROVINCE: 1, Competence.COMMUNE: 3}


def _check_agency(petition: Petition, competence: str, agency: Body) -> None:
    """The agency belongs to the petition's unit, the unit above it or one of its communes, at the level
    of the competence: a province body does not answer a commune's petition, nor the other way round."""
    unit = agency.unit
    if petition.unit_id not in (unit.pk, unit.parent_id) and unit.pk != petition.unit.parent_id:
        raise ValidationError({"agency": _("Cơ quan «%(agency)s» thuộc đơn vị «%(unit)s», không thuộc "
                                           "%(petition_unit)s.") % {
            "agency": agency, "unit": unit, "petition_unit": petition.unit}})
    if unit.level.rank != COMPETENCE_RANK[competence]:
        raise ValidationError({"agency": _(
            "Cơ quan giải quyết: «%(agency)s» là cơ quan %(level)s, không phải cơ quan có thẩm quyền «%(competence)s»."
        ) % {"agency": agency, "level": unit.level.name.lower(), "competence": Competence(competence).label}})
    if competence == Competence.CENTRAL and agency.kind != BodyKind.NA_DELEGATION:
        raise ValidationError({"agency": _("Kiến nghị thuộc thẩm quyền Trung ương được chuyển qua Đoàn đại "
                                           "biểu Quốc hội.")})


@transaction.atomic
def petition_route(*, petition: Petition, field: PetitionField, competence: str, agency: Body, received_on: date,
                   title: str = "") -> Petition:
    if petition.status not in (PetitionStatus.COMPILING, PetitionStatus.FORWARDED):
        raise ValidationError(_("Chỉ chuyển được kiến nghị đang tổng hợp hoặc chưa được trả lời."))
    _with_dates(petition, received_on=received_on).clean()  # not after today
    _check_agency(petition, competence, agency)
    previous = _current_followup(petition)
    if previous:
        followup_cancel(followup=previous, reason=_("Chuyển lại cho %(agency)s") % {"agency": agency})
    due_on = due_date_for(unit=agency.unit, code=DeadlineCode.PETITION_ANSWER, anchor_date=received_on)
    petition.field, petition.competence, petition.agency = field, competence, agency
    petition.received_on, petition.due_on, petition.status = received_on, due_on, PetitionStatus.FORWARDED
    if title:
        petition.title = to_nfc(title).strip()[:500]
    petition.save()
    followup_open(
        subject=petition, title=(_("Trả lời kiến nghị cử tri số %(number)s (%(round)s)") % {
            "number": petition.number, "round": petition.round})[:500],
        lead_body=agency, due_on=due_on, source=legal_basis_of(DeadlineCode.PETITION_ANSWER),
        expected_result=_("Văn bản trả lời kiến nghị cử tri"),
    )
    return petition


@transaction.atomic
def petition_answer(*, petition: Petition, category: str, answer_text: str, answered_on: date,
                    answer_document: str = "", answer_file: File | None = None, roadmap: str = "",
                    new_deadline: date | None = None) -> Petition:
    if petition.status not in OWED_STATUSES:
        raise ValidationError(_("Kiến nghị này không ở trạng thái chờ trả lời."))
    _with_dates(petition, answered_on=answered_on).clean()  # not after today, not before it was forwarded
    if category == ResultCategory.IN_PROGRESS and not (roadmap.strip() and new_deadline):
        raise ValidationError({"new_deadline": _("Kết quả «đang nghiên cứu, giải quyết» cần lộ trình và thời "
                                                 "hạn mới.")})
    if new_deadline and new_deadline <= answered_on:
        raise ValidationError({"new_deadline": _("Thời hạn mới phải sau ngày trả lời.")})
    petition.category, petition.answer_text, petition.answered_on = category, to_nfc(answer_text).strip(), answered_on
    petition.answer_document, petition.roadmap = answer_document.strip(), to_nfc(roadmap).strip()
    # Each answer carries its own file: a re-answer without one does not keep the previous answer's.
    petition.answer_file = answer_file or ""
    petition.new_deadline = new_deadline if category == ResultCategory.IN_PROGRESS else None
    petition.answered_on_time = petition.due_on is None or answered_on <= petition.due_on
    petition.status = PetitionStatus.ANSWERED
    petition.save()
    followup = _current_followup(petition)
    if followup:
        followup_complete(
            followup=followup, outcome=f"{petition.get_category_display()}: {petition.answer_document}".strip(": "),
            completed_at=timezone.make_aware(timezone.datetime.combine(answered_on, timezone.datetime.min.time())),
        )
    return petition


def _reopen(petition: Petition, *, reason: str, today: date) -> Petition:
    due_on = due_date_for(unit=petition.unit, code=DeadlineCode.PETITION_ANSWER, anchor_date=today)
    petition.status, petition.due_on, petition.received_on = PetitionStatus.REOPENED, due_on, today
    petition.save(update_fields=["status", "due_on", "received_on"])
    followup = followups_of(petition).order_by("-id").first()
    if followup:
        followup_reopen(followup=followup, due_on=due_on, reason=reason)
    else:
        followup_open(subject=petition, title=_("Trả lời lại kiến nghị cử tri số %(number)s") % {
            "number": petition.number}, lead_body=petition.agency,
                      due_on=due_on)
    return petition


@transaction.atomic
def petition_verify(*, petition: Petition, satisfactory: bool, note: str) -> Petition:
    """The Standing Committee or a committee judges the answer; an unsatisfactory one reopens the petition."""
    if petition.status != PetitionStatus.ANSWERED:
        raise ValidationError(_("Chỉ đánh giá được kiến nghị đã có trả lời."))
    if not satisfactory and not note.strip():
        raise ValidationError({"note": _("Cần nêu lý do khi đánh giá trả lời chưa đạt.")})
    petition.verdict_note = to_nfc(note).strip()
    if satisfactory:
        petition.status = PetitionStatus.SATISFIED
        petition.save(update_fields=["status", "verdict_note"])
        return petition
    petition.save(update_fields=["verdict_note"])
    return _reopen(petition, reason=_("Trả lời chưa đạt: %(note)s") % {
        "note": petition.verdict_note}, today=timezone.localdate())


def petitions_reopen_overdue(*, today: date | None = None) -> int:
    """Sweep: a petition whose promised new deadline passed without resolution is reopened (idempotent).

    The other two cases need no sweep: a petition not answered by its due date stays owed and is overdue
    through its open follow-up (its due date is kept, so the lateness shows); an answer judged
    unsatisfactory is reopened at once by ``petition_verify``.
    """
    today = today or timezone.localdate()
    count = 0
    overdue = Petition.objects.filter(
        status__in=(PetitionStatus.ANSWERED, PetitionStatus.SATISFIED), category=ResultCategory.IN_PROGRESS,
        new_deadline__lt=today,
    ).select_related("unit", "agency")
    for petition in overdue.iterator(chunk_size=500):
        with transaction.atomic():
            # Claim with a conditional update so that two sweeps never reopen the same petition twice.
            if Petition.objects.filter(pk=petition.pk, status=petition.status).update(status=PetitionStatus.REOPENED):
                _reopen(petition, reason=_("Quá thời hạn giải quyết đã hứa (%(day)s)") % {
                    "day": f"{petition.new_deadline:%d/%m/%Y}"}, today=today)
                count += 1
    return count


@transaction.atomic
def petition_link_recurring(*, petition: Petition, previous: Petition) -> Petition:
    if previous.round.starts_on >= petition.round.starts_on or previous.unit_id != petition.unit_id:
        raise ValidationError({"previous": _("Kiến nghị trước phải thuộc một đợt tiếp xúc trước đó của cùng "
                                             "đơn vị.")})
    petition.recurring_of, petition.is_recurring = previous, True
    petition.save(update_fields=["recurring_of", "is_recurring"])
    return petition


def recurring_candidates(*, petition: Petition, limit: int = 5):
    earlier = Petition.objects.filter(unit_id=petition.unit_id, round__starts_on__lt=petition.round.starts_on).exclude(
        status=PetitionStatus.MERGED
    ).select_related("round")
    return similar_petitions(text=petition.title, candidates=earlier, limit=limit)


# --- Opinion import ---------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    content: str
    raised_by: str
    answered_on_spot: bool


@transaction.atomic
def opinions_import(*, meeting: VoterMeeting, rows: list[ImportRow]) -> list[Opinion]:
    return [opinion_record(meeting=meeting, content=r.content, raised_by=r.raised_by, answered_on_spot=r.answered_on_spot)
            for r in rows]


# --- Citizen reception ------------------------------------------------------------------------


def reception_day_create(*, host_body: Body, receiver: str, kind: str, day: date, place: str) -> ReceptionDay:
    return ReceptionDay.objects.create(host_body=host_body, receiver=to_nfc(receiver).strip(), kind=kind, day=day,
                                       place=to_nfc(place).strip())


@transaction.atomic
def reception_days_generate(*, host_body: Body, receiver: str, kind: str, place: str, year: int,
                            day_of_month: int | None = None, weekday: int | None = None,
                            cal: WorkCalendar | None = None) -> tuple[int, int]:
    """A year's reception days from a rule: monthly on ``day_of_month`` or weekly on ``weekday`` (0 = Monday),
    each moved to the next working day as the calendar service says. Days already in the host's schedule
    are left as they are, so running it twice adds nothing. Returns (created, already there)."""
    if (day_of_month is None) == (weekday is None):
        raise ValidationError(_("Chọn một quy tắc: ngày trong tháng (tiếp hằng tháng) hoặc thứ trong tuần (tiếp hằng tuần)."))
    cal = cal or WorkCalendar()
    first, last = date(year, 1, 1), date(year, 12, 31)
    if day_of_month is not None:
        rule = StatutoryRule(rule_kind=StatutoryRule.Kind.MONTHLY, day_of_month=day_of_month)
        days = set(periodic_due_dates(rule, first, last, cal=cal))
    else:
        monday = first + timedelta(days=(weekday - first.weekday()) % 7)
        nominal = (monday + timedelta(weeks=n) for n in range(53))
        days = {moved for d in nominal if d <= last and (moved := cal.next_working_day(d)) <= last}
    existing = set(ReceptionDay.objects.filter(host_body=host_body, kind=kind, day__in=days).values_list("day", flat=True))
    for day in sorted(days - existing):
        reception_day_create(host_body=host_body, receiver=receiver, kind=kind, day=day, place=place)
    return len(days - existing), len(existing)


@transaction.atomic
def reception_visit_log(*, reception: ReceptionDay, citizens: str, citizen_count: int, content: str,
                        outcome: str = "") -> ReceptionVisit:
    due_on = due_date_for(unit=reception.host_body.unit, code=DeadlineCode.CITIZEN_REPLY,
                          anchor_date=reception.day)
    visit = ReceptionVisit(reception=reception, citizens=to_nfc(citizens).strip(), citizen_count=citizen_count,
                           content=to_nfc(content).strip(), outcome=to_nfc(outcome).strip(), due_on=due_on)
    visit.clean()  # a reception that took place
    visit.save()
    followup_open(subject=visit, title=_("Trả lời công dân sau buổi tiếp ngày %(day)s") % {
        "day": f"{reception.day:%d/%m/%Y}"},
                  lead_body=reception.host_body, due_on=due_on, source=legal_basis_of(DeadlineCode.CITIZEN_REPLY))
    return visit


@transaction.atomic
def reception_visit_reply(*, visit: ReceptionVisit, reply: str, replied_on: date,
                          new_due_on: date | None = None) -> ReceptionVisit:
    """Accepted, refused or forwarded ends what is owed; extended moves its deadline, and a reply is still owed."""
    if reply not in ReplyKind.values:
        raise ValidationError({"reply": _("Hình thức trả lời không hợp lệ.")})
    if visit.reply not in ("", ReplyKind.EXTENDED):
        raise ValidationError({"reply": _("Lượt tiếp này đã được trả lời (%(reply)s).") % {
            "reply": visit.get_reply_display()}})
    if reply == ReplyKind.EXTENDED:
        if new_due_on is None:
            raise ValidationError({"new_due_on": _("Gia hạn cần hạn trả lời mới.")})
        if new_due_on <= max(visit.due_on, replied_on):
            raise ValidationError({"new_due_on": _("Hạn trả lời mới phải sau hạn hiện tại (%(due)s) và sau "
                                                   "ngày trả lời.") % {
                "due": f"{visit.due_on:%d/%m/%Y}"}})
    visit.reply, visit.replied_on = reply, replied_on
    visit.clean()  # not after today, not before the visit
    followup = _current_followup(visit)
    if reply == ReplyKind.EXTENDED:
        visit.due_on = new_due_on
        if followup:
            followup_reschedule(followup=followup, due_on=new_due_on)
    elif followup:
        followup_complete(followup=followup, outcome=visit.get_reply_display(),
                          completed_at=timezone.make_aware(timezone.datetime.combine(replied_on, timezone.datetime.min.time())))
    visit.save(update_fields=["reply", "replied_on", "due_on"])
    return visit


# --- Letters ----------------------------------------------------------------------------------


# The letter's texts everyone may read: the denouncer's identity is taken out of them before any save.
REDACTED_FIELDS = ("content", "classification", "result")


def _identity_secrets(letter: Letter) -> list[str]:
    identity = DenouncerIdentity.objects.filter(letter_id=letter.pk).first() if letter.pk else None
    return identity.identifying_strings() if identity else []


def letter_save(*, letter: Letter) -> Letter:
    """Save a letter edited outside these services (the admin): redacted first, so that neither the row
    nor the version its history keeps holds the denouncer's identity."""
    secrets = _identity_secrets(letter)
    for name in REDACTED_FIELDS:
        setattr(letter, name, redact(getattr(letter, name), secrets))
    letter.save()
    return letter


# Which time limit resolving a complaint has: (second complaint?, complex case?) -> rule.
COMPLAINT_RESOLUTION = {
    (False, False): DeadlineCode.COMPLAINT_RESOLVE,
    (False, True): DeadlineCode.COMPLAINT_RESOLVE_COMPLEX,
    (True, False): DeadlineCode.COMPLAINT_SECOND_RESOLVE,
    (True, True): DeadlineCode.COMPLAINT_SECOND_RESOLVE_COMPLEX,
}


def _first_step(letter: Letter) -> tuple[str, str]:
    return {
        LetterKind.COMPLAINT: (DeadlineCode.COMPLAINT_ACCEPT, _("Thụ lý đơn khiếu nại")),
        LetterKind.DENUNCIATION: (DeadlineCode.DENUNCIATION_CLASSIFY,
                                  _("Phân loại, xử lý ban đầu đơn tố cáo")),
        LetterKind.RECOMMENDATION: (DeadlineCode.CITIZEN_REPLY, _("Xử lý, trả lời đơn kiến nghị")),
        LetterKind.REPORT: (DeadlineCode.CITIZEN_REPLY, _("Xử lý, trả lời đơn phản ánh")),
    }[letter.kind]


def _step(letter: Letter, code: str, title: str, anchor: date) -> None:
    due_on = due_date_for(unit=letter.handling_body.unit, code=code, anchor_date=anchor)
    letter.due_on = due_on
    letter.save(update_fields=["due_on"])
    followup_open(subject=letter, title=f"{title} — {letter}", lead_body=letter.handling_body, due_on=due_on,
                  source=code)


@transaction.atomic
def letter_register(*, handling_body: Body, number: str, received_on: date, channel: str, kind: str, content: str,
                    classification: str = "", is_complex: bool = False, is_second_complaint: bool = False,
                    identity: dict | None = None, handler=None) -> Letter:
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Đơn thư phải có loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản "
                                         "ánh.")})
    if Letter.objects.filter(handling_body=handling_body, number=number.strip()).exists():
        raise ValidationError({"number": _("Số đơn «%(number)s» đã có trong sổ của cơ quan này.") % {
            "number": number}})
    secret = None
    if kind == LetterKind.DENUNCIATION and identity and identity.get("full_name", "").strip():
        secret = DenouncerIdentity(**{k: to_nfc(v).strip() for k, v in identity.items()})
    # The identity lives apart from the letter: it is taken out of the texts everyone reads before the
    # first save, since the letter's history keeps every version, the first one included.
    secrets = secret.identifying_strings() if secret else []
    letter = Letter(
        handling_body=handling_body, number=number.strip(), received_on=received_on, channel=channel, kind=kind,
        content=redact(to_nfc(content).strip(), secrets), classification=redact(to_nfc(classification).strip(), secrets),
        is_complex=is_complex, is_second_complaint=is_second_complaint, handler=handler,
    )
    letter.clean()  # received today or before
    letter.save()
    if secret is not None:
        secret.letter = letter
        secret.save()
        if handler is not None:
            identity_grant(identity=secret, user=handler, by=handler, reason=_("Vào sổ và xử lý đơn"))
    code, title = _first_step(letter)
    _step(letter, code, title, received_on)
    logger.info("Registered letter %s (%s) for body %s", letter.pk, kind, handling_body.pk)
    return letter


def _close_current(letter: Letter, outcome: str, on: date | None = None) -> None:
    followup = _current_followup(letter)
    if followup:
        completed_at = timezone.make_aware(timezone.datetime.combine(on, timezone.datetime.min.time())) if on else None
        followup_complete(followup=followup, outcome=outcome, completed_at=completed_at)


@transaction.atomic
def letter_accept(*, letter: Letter, on: date) -> Letter:
    """Thụ lý: the resolution deadline starts counting (complaint first/second, complex; denunciation)."""
    if letter.status != LetterStatus.RECEIVED:
        raise ValidationError(_("Chỉ thụ lý được đơn mới tiếp nhận."))
    letter.check_handled_on(on, label=_("ngày thụ lý"))
    _close_current(letter, _("Đã thụ lý"), on)
    letter.status, letter.eligible = LetterStatus.ACCEPTED, True
    letter.save(update_fields=["status", "eligible"])
    if letter.kind == LetterKind.COMPLAINT:
        code = COMPLAINT_RESOLUTION[letter.is_second_complaint, letter.is_complex]
        _step(letter, code, _("Giải quyết khiếu nại"), on)
    elif letter.kind == LetterKind.DENUNCIATION:
        _step(letter, DeadlineCode.DENUNCIATION_RESOLVE, _("Giải quyết tố cáo"), on)
    else:
        _step(letter, DeadlineCode.CITIZEN_REPLY, _("Trả lời kiến nghị, phản ánh"), on)
    return letter


@transaction.atomic
def letter_forward(*, letter: Letter, to_body: Body, on: date) -> Letter:
    if letter.status not in (LetterStatus.RECEIVED, LetterStatus.ACCEPTED):
        raise ValidationError(_("Đơn đã kết thúc xử lý."))
    letter.check_handled_on(on, label=_("ngày chuyển đơn"))
    _close_current(letter, _("Chuyển đến %(body)s") % {"body": to_body}, on)
    limit = letter.due_on
    if letter.kind == LetterKind.DENUNCIATION and letter.status == LetterStatus.RECEIVED:
        # A denunciation outside our competence must leave within its own, shorter time limit.
        limit = due_date_for(unit=letter.handling_body.unit, code=DeadlineCode.DENUNCIATION_FORWARD,
                             anchor_date=letter.received_on)
    letter.closed_on_time = limit is None or on <= limit
    letter.status, letter.forwarded_to, letter.due_on = LetterStatus.FORWARDED, to_body, None
    letter.save(update_fields=["status", "forwarded_to", "due_on", "closed_on_time"])
    return letter


@transaction.atomic
def letter_extend(*, letter: Letter) -> Letter:
    """A denunciation's resolution time may be extended at most twice, by the rule's days each time."""
    if letter.kind != LetterKind.DENUNCIATION or letter.status != LetterStatus.ACCEPTED:
        raise ValidationError(_("Chỉ gia hạn được đơn tố cáo đang giải quyết."))
    if letter.extensions >= MAX_DENUNCIATION_EXTENSIONS:
        raise ValidationError(_("Đơn tố cáo đã được gia hạn tối đa hai lần."))
    followup = _current_followup(letter)
    due_on = due_date_for(unit=letter.handling_body.unit, code=DeadlineCode.DENUNCIATION_EXTENSION,
                          anchor_date=letter.due_on)
    if followup:
        followup_reschedule(followup=followup, due_on=due_on)
    letter.due_on, letter.extensions = due_on, letter.extensions + 1
    letter.save(update_fields=["due_on", "extensions"])
    return letter


@transaction.atomic
def letter_close(*, letter: Letter, result: str, on: date, rejected: bool = False) -> Letter:
    if letter.status not in (LetterStatus.RECEIVED, LetterStatus.ACCEPTED):
        raise ValidationError(_("Đơn đã kết thúc xử lý."))
    letter.check_handled_on(on, label=_("ngày kết thúc xử lý đơn"))
    if not result.strip():
        raise ValidationError({"result": _("Cần ghi kết quả giải quyết.")})
    # The result also becomes the follow-up's outcome: both are redacted.
    result = redact(to_nfc(result).strip(), _identity_secrets(letter))
    _close_current(letter, result, on)
    letter.status = LetterStatus.REJECTED if rejected else LetterStatus.RESOLVED
    letter.eligible = False if rejected else letter.eligible
    letter.result = result
    letter.closed_on_time = letter.due_on is None or on <= letter.due_on
    letter.due_on = None
    letter.save(update_fields=["status", "eligible", "result", "due_on", "closed_on_time"])
    return letter


@transaction.atomic
def identity_grant(*, identity: DenouncerIdentity, user, by, reason: str) -> None:
    """Give a handler or a leader access to one identity; the grant itself is logged."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do cấp quyền xem thông tin người tố cáo.")})
    assign_perm("voters.view_denounceridentity", user, identity)
    IdentityAccessLog.objects.create(identity=identity, user=by, action=IdentityAccessLog.Action.GRANT,
                                     reason=(_("Cấp quyền cho %(user)s: %(reason)s") % {
                                         "user": user.get_username(), "reason": reason.strip()})[:300])


def _holds(identity: DenouncerIdentity, user) -> bool:
    return DenouncerIdentityUserObjectPermission.objects.filter(content_object=identity, user=user).exists()


@transaction.atomic
def identity_revoke(*, identity: DenouncerIdentity, user, by, reason: str) -> None:
    """Take back someone's access to one identity; the current handler keeps it until another is assigned."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do thu hồi quyền xem thông tin người tố cáo.")})
    if Letter.objects.filter(pk=identity.letter_id, handler=user).exists():
        raise ValidationError({"user": _("%(user)s đang xử lý đơn: phân công người khác trước khi thu hồi "
                                         "quyền.") % {
            "user": user.get_username()}})
    if not _holds(identity, user):
        raise ValidationError({"user": _("%(user)s không có quyền xem thông tin này.") % {
            "user": user.get_username()}})
    remove_perm("voters.view_denounceridentity", user, identity)
    IdentityAccessLog.objects.create(identity=identity, user=by, action=IdentityAccessLog.Action.REVOKE,
                                     reason=(_("Thu hồi quyền của %(user)s: %(reason)s") % {
                                         "user": user.get_username(), "reason": reason.strip()})[:300])


@transaction.atomic
def letter_assign_handler(*, letter: Letter, handler, by) -> Letter:
    """A leader names who handles the letter: the new handler may read the identity, the previous one no longer."""
    if handler == by:
        raise ValidationError({"handler": _("Không tự phân công cho chính mình: chọn một cán bộ khác của cơ "
                                            "quan xử lý đơn.")})
    editors = Membership.objects.filter(body_id=letter.handling_body_id, role__in=(Role.STAFF, Role.LEADER))
    if not handler.is_active or not editors.filter(user=handler).exists():
        raise ValidationError({"handler": _("%(user)s không phải cán bộ của %(body)s.") % {
            "user": handler.get_username(), "body": letter.handling_body}})
    previous = letter.handler
    if previous == handler:
        return letter
    letter.handler = handler
    letter.save(update_fields=["handler"])
    identity = DenouncerIdentity.objects.filter(letter=letter).first()
    if identity is not None:
        if previous is not None and _holds(identity, previous):
            identity_revoke(identity=identity, user=previous, by=by,
                            reason=_("Chuyển xử lý đơn cho %(user)s") % {"user": handler.get_username()})
        identity_grant(identity=identity, user=handler, by=by, reason=_("Phân công xử lý đơn"))
    logger.info("Letter %s assigned to user %s by user %s", letter.pk, handler.pk, by.pk)
    return letter


def identity_reveal(*, identity: DenouncerIdentity, user, reason: str) -> DenouncerIdentity:
    """Record the reading before returning the identity: no row, no reading. Caller checked the grant."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do xem thông tin người tố cáo.")})
    IdentityAccessLog.objects.create(identity=identity, user=user, reason=reason.strip()[:300])
    return identity
