"""Compiling a round's opinions: duplicates proposed as opinions are typed or imported, and what the compiler
decides on many of them at once (accept, reject, make petitions, merge into a petition)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from voters.models import MergeProposal, Opinion, Petition, PetitionStatus, VoterContactRound
from voters.queries import similar_in_batch

from .petitions import petition_create_from_opinion

# At most this many proposals per opinion (its closest opinions and petitions together).
PROPOSALS_PER_OPINION = 3
# A petition that has its answer is not merged into any more (as ``petition_merge`` refuses).
MERGEABLE_STATUSES = (PetitionStatus.COMPILING, PetitionStatus.FORWARDED)


def proposals_for(*, opinions: list[Opinion]) -> int:
    """Propose, for ``opinions`` of one round (those just typed, imported in one batch, or corrected), the
    closest pending opinions of the round's meetings and the round's petitions; returns how many are new.

    One comparison per given opinion against the round's pending opinions and petitions, never the round
    against itself. A pair already decided (rejected) is kept as it is and never proposed again.
    """
    opinions = [o for o in opinions if o.petition_id is None]
    if not opinions:
        return 0
    round_id = opinions[0].meeting.round_id
    texts = {o.pk: o.search_text for o in opinions}
    pending = Opinion.objects.filter(meeting__round_id=round_id, petition__isnull=True)
    petitions = Petition.objects.filter(round_id=round_id).exclude(status=PetitionStatus.MERGED)
    limit = PROPOSALS_PER_OPINION
    like_opinions = similar_in_batch(
        texts=texts, candidates=pending.only("id", "search_text"), limit=limit, skip_self=True
    )
    like_petitions = similar_in_batch(
        texts=texts, candidates=petitions.only("id", "search_text"), limit=limit
    )
    rows, seen = [], set()
    for opinion in opinions:
        found = [(("petition", p.pk), s) for p, s in like_petitions[opinion.pk]]
        found += [(("opinion", o.pk), s) for o, s in like_opinions[opinion.pk]]
        found.sort(key=lambda pair: -pair[1])
        for (kind, pk), score in found[:PROPOSALS_PER_OPINION]:
            if kind == "petition":
                key = (opinion.pk, "petition", pk)
                proposal = MergeProposal(opinion_id=opinion.pk, petition_id=pk, score=round(score, 3))
            else:  # a pair of opinions is stored once, the newer one proposed to join the older one
                newer, older = max(opinion.pk, pk), min(opinion.pk, pk)
                key = (newer, "opinion", older)
                proposal = MergeProposal(opinion_id=newer, similar_opinion_id=older, score=round(score, 3))
            if key not in seen:
                seen.add(key)
                rows.append(proposal)
    if not rows:
        return 0
    involved = Q(opinion_id__in={r.opinion_id for r in rows})
    before = MergeProposal.objects.filter(involved).count()
    MergeProposal.objects.bulk_create(rows, ignore_conflicts=True)
    return MergeProposal.objects.filter(involved).count() - before


def proposals_refresh(*, round_: VoterContactRound) -> int:
    """Propose afresh for every opinion of the round not compiled yet ("Tìm lại"), a batch at a time."""
    pending = Opinion.objects.filter(meeting__round=round_, petition__isnull=True).select_related("meeting")
    created, batch = 0, []
    for opinion in pending.order_by("id").iterator(chunk_size=settings.IMPORT_BATCH_ROWS):
        batch.append(opinion)
        if len(batch) == settings.IMPORT_BATCH_ROWS:
            created += proposals_for(opinions=batch)
            batch = []
    return created + proposals_for(opinions=batch)


def proposals_forget(*, opinion: Opinion) -> None:
    """The open proposals found for an opinion's old text, both ways (its text was corrected)."""
    MergeProposal.objects.filter(
        Q(opinion=opinion) | Q(similar_opinion=opinion), status=MergeProposal.Status.PROPOSED
    ).delete()


@dataclass
class CompileOutcome:
    """What one decision did, for the message that confirms it."""

    opinions: int = 0  # opinions compiled into a petition
    petitions: set[int] = field(default_factory=set)  # the petitions they joined or founded
    created: list[int] = field(default_factory=list)  # numbers of the petitions made
    rejected: int = 0
    skipped: int = 0  # proposals made moot by another one chosen at the same time
    target: int | None = None  # the number of the petition chosen in the picker



def opinions_pending(round_: VoterContactRound) -> int:
    """How many of the round's opinions are still to compile."""
    return Opinion.objects.filter(meeting__round=round_, petition__isnull=True).count()


def _lock_opinion(pk: int) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=pk)


def _join(opinion: Opinion, petition: Petition, outcome: CompileOutcome, *, accepted: int | None = None
          ) -> None:
    opinion.petition = petition
    opinion.save(update_fields=["petition"])
    # The other proposals for the same opinion are moot once it joined a petition.
    MergeProposal.objects.filter(opinion=opinion, status=MergeProposal.Status.PROPOSED).exclude(
        pk=accepted
    ).delete()
    outcome.opinions += 1
    outcome.petitions.add(petition.pk)


def _decided(proposal: MergeProposal, status: str, by) -> None:
    proposal.status, proposal.decided_by, proposal.decided_at = status, by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])


def _accept(proposal: MergeProposal, by, outcome: CompileOutcome) -> None:
    opinion = _lock_opinion(proposal.opinion_id)
    if opinion.petition_id:
        outcome.skipped += 1  # joined a petition through another proposal chosen with this one
        return
    if proposal.petition_id:
        petition = Petition.objects.get(pk=proposal.petition_id)
    else:
        other = _lock_opinion(proposal.similar_opinion_id)
        if other.petition_id:  # compiled since: this one joins the same petition
            petition = Petition.objects.get(pk=other.petition_id)
        else:  # two opinions not compiled yet become one petition
            petition = petition_create_from_opinion(opinion=other)
            outcome.created.append(petition.number)
            outcome.opinions += 1
            outcome.petitions.add(petition.pk)
    if petition.status == PetitionStatus.MERGED:
        petition = petition.merged_into
    _join(opinion, petition, outcome, accepted=proposal.pk)
    _decided(proposal, MergeProposal.Status.ACCEPTED, by)


@transaction.atomic
def proposal_decide(*, proposal: MergeProposal, accept: bool, by) -> MergeProposal:
    proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != MergeProposal.Status.PROPOSED:
        return proposal
    if accept:
        if Opinion.objects.filter(pk=proposal.opinion_id, petition__isnull=False).exists():
            raise ValidationError(_("Ý kiến này đã được gộp vào một kiến nghị khác."))
        _accept(proposal, by, CompileOutcome())
    else:
        _decided(proposal, MergeProposal.Status.REJECTED, by)
    return proposal


def _chosen(ids, queryset, *, nothing: str) -> list:
    """The rows of ``queryset`` with these ids, all of them, or a message and nothing done."""
    if not ids:
        raise ValidationError(nothing)
    try:
        wanted = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        wanted = None
    rows = list(queryset.filter(pk__in=wanted).order_by("id")) if wanted else []
    if wanted is None or len(rows) != len(wanted):
        raise ValidationError(
            _("Có mục đã chọn không thuộc đợt tiếp xúc này hoặc đã được tổng hợp ở trang khác: chưa lưu gì. "
              "Hãy tải lại trang và chọn lại.")
        )
    return rows


def _open_proposals(round_: VoterContactRound):
    return MergeProposal.objects.select_for_update().filter(
        opinion__meeting__round=round_, status=MergeProposal.Status.PROPOSED
    )


def _pending_opinions(round_: VoterContactRound):
    return Opinion.objects.select_for_update().filter(meeting__round=round_, petition__isnull=True)


@transaction.atomic
def proposals_accept(*, round_: VoterContactRound, proposal_ids, by) -> CompileOutcome:
    """Accept the chosen proposals of the round, in one transaction: each opinion joins its petition, or the
    pair of opinions becomes one petition."""
    chosen = _chosen(proposal_ids, _open_proposals(round_), nothing=_(
        "Chưa chọn đề xuất nào: đánh dấu ô «Chọn» của các đề xuất cần chấp nhận rồi bấm lại."))
    outcome = CompileOutcome()
    for proposal in chosen:
        _accept(proposal, by, outcome)
    return outcome


@transaction.atomic
def proposals_reject(*, round_: VoterContactRound, proposal_ids, by) -> CompileOutcome:
    chosen = _chosen(proposal_ids, _open_proposals(round_), nothing=_(
        "Chưa chọn đề xuất nào: đánh dấu ô «Chọn» của các đề xuất cần bỏ qua rồi bấm lại."))
    for proposal in chosen:
        _decided(proposal, MergeProposal.Status.REJECTED, by)
    return CompileOutcome(rejected=len(chosen))


@transaction.atomic
def opinions_to_petitions(*, round_: VoterContactRound, opinion_ids) -> CompileOutcome:
    """A new petition from each chosen opinion of the round not compiled yet."""
    chosen = _chosen(opinion_ids, _pending_opinions(round_), nothing=_(
        "Chưa chọn ý kiến nào: đánh dấu ô «Chọn» của các ý kiến cần tạo kiến nghị rồi bấm lại."))
    outcome = CompileOutcome()
    for opinion in chosen:
        petition = petition_create_from_opinion(opinion=opinion)
        outcome.created.append(petition.number)
        outcome.opinions += 1
        outcome.petitions.add(petition.pk)
    return outcome


def mergeable_petitions(round_: VoterContactRound):
    """The round's petitions an opinion may still join (the picker's choices)."""
    return Petition.objects.filter(round=round_, status__in=MERGEABLE_STATUSES)


@transaction.atomic
def opinions_merge(*, round_: VoterContactRound, opinion_ids, petition_id) -> CompileOutcome:
    """The chosen opinions of the round join one of its petitions, chosen in the picker."""
    try:
        petition = mergeable_petitions(round_).get(pk=int(petition_id))
    except (TypeError, ValueError, Petition.DoesNotExist):
        raise ValidationError(
            _("Kiến nghị để gộp vào: hãy tìm và chọn một kiến nghị của đợt này chưa có trả lời.")
        ) from None
    chosen = _chosen(opinion_ids, _pending_opinions(round_), nothing=_(
        "Chưa chọn ý kiến nào: đánh dấu ô «Chọn» của các ý kiến cần gộp rồi bấm lại."))
    outcome = CompileOutcome()
    for opinion in chosen:
        _join(opinion, petition, outcome)
    outcome.target = petition.number
    return outcome
