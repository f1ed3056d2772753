"""Compiling petitions (proposals, merges) and their routing, answer, verification and reopening."""

from copy import copy
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.deadline_rules import due_date_for, legal_basis_of
from coordination.models import Body, BodyKind
from coordination.services import (
    followup_cancel,
    followup_complete,
    followup_open,
    followup_reopen,
    followups_of,
)
from coordination.statutory_rules import DeadlineCode
from coordination.text import to_nfc
from voters.models import (
    OWED_STATUSES,
    Competence,
    MergeProposal,
    Opinion,
    Petition,
    PetitionField,
    PetitionStatus,
    ResultCategory,
    VoterContactRound,
)
from voters.queries import similar_petitions

from ._common import _current_followup


def _with_dates(row, **dates):
    """A copy of ``row`` with new dates, to check before anything changes (the page shows the row as it
    was)."""
    draft = copy(row)
    for name, value in dates.items():
        setattr(draft, name, value)
    return draft


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


@transaction.atomic
def petition_merge(*, source: Petition, target: Petition) -> Petition:
    """Merge ``source`` into ``target``: every opinion (so every source meeting) moves; source stays as
    MERGED."""
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
        raise ValidationError(
            {
                "agency": _(
                    "Cơ quan giải quyết: «%(agency)s» là cơ quan %(level)s, không phải cơ quan có thẩm quyền "
                    "«%(competence)s»."
                )
                % {
                    "agency": agency,
                    "level": unit.level.name.lower(),
                    "competence": Competence(competence).label,
                }
            }
        )
    if competence == Competence.CENTRAL and agency.kind != BodyKind.NA_DELEGATION:
        raise ValidationError({"agency": _("Kiến nghị thuộc thẩm quyền Trung ương được chuyển qua Đoàn đại "
                                           "biểu Quốc hội.")})


@transaction.atomic
def petition_route(
    *,
    petition: Petition,
    field: PetitionField,
    competence: str,
    agency: Body,
    received_on: date,
    title: str = "",
) -> Petition:
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
    petition.category, petition.answer_text, petition.answered_on = (
        category,
        to_nfc(answer_text).strip(),
        answered_on,
    )
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
            followup=followup,
            outcome=f"{petition.get_category_display()}: {petition.answer_document}".strip(": "),
            completed_at=timezone.make_aware(
                timezone.datetime.combine(answered_on, timezone.datetime.min.time())
            ),
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
            if Petition.objects.filter(pk=petition.pk, status=petition.status).update(
                status=PetitionStatus.REOPENED
            ):
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
    earlier = (
        Petition.objects.filter(unit_id=petition.unit_id, round__starts_on__lt=petition.round.starts_on)
        .exclude(status=PetitionStatus.MERGED)
        .select_related("round")
    )
    return similar_petitions(text=petition.title, candidates=earlier, limit=limit)
