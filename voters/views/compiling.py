"""Pages that compile a round's opinions into petitions and decide merge proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from coordination.listing import count_children, search_filter, section_page
from coordination.permissions import Need
from voters import services
from voters.models import MergeProposal, Opinion, PetitionStatus
from voters.permissions import get_round_for_user

# The picker shows this many petitions at a time: the first by number, or those the words or number find.
PICKER_CHOICES = 20


@login_required
def compile_round(request, pk: int):
    """Opinions not yet compiled, each with the petitions the system thinks it duplicates."""
    round_ = get_round_for_user(request.user, pk, need=Need.COMPILE)
    if request.method == "POST":
        if request.POST.get("action") == "finish":
            services.round_mark_compiled(round_=round_)
            messages.success(request, _("Đã hoàn tất tổng hợp đợt tiếp xúc."))
        else:
            created = services.proposals_refresh(round_=round_)
            messages.success(request, _(
                "Đã tìm lại ý kiến trùng lặp: %(n)s đề xuất mới. Các đề xuất hiện bên dưới mỗi ý kiến."
            ) % {"n": created})
        return redirect("voters:compile", pk=round_.pk)
    proposals = MergeProposal.objects.filter(status=MergeProposal.Status.PROPOSED).select_related(
        "petition", "similar_opinion__meeting", "similar_opinion__petition"
    )
    pending = section_page(
        request,
        Opinion.objects.filter(meeting__round=round_, petition__isnull=True)
        .select_related("meeting")
        .prefetch_related(Prefetch("proposals", queryset=proposals, to_attr="open_proposals"))
        .order_by("id"),
    )
    petitions = section_page(
        request,
        round_.petitions.exclude(status=PetitionStatus.MERGED)
        .select_related("field", "agency")
        .order_by("number"),
        param="kien_nghi",
    )
    count_children(list(petitions), Opinion.objects.all(), parent="petition", attr="mentions")
    query = request.GET.get("tim_kien_nghi", "").strip()
    return render(
        request,
        "voters/compile.html",
        {
            "round": round_,
            "pending": pending,
            "petitions": petitions,
            "picker_query": query,
            "picker_choices": list(_picker_matches(round_, query)),
            "open_proposals": MergeProposal.objects.filter(
                opinion__meeting__round=round_, status=MergeProposal.Status.PROPOSED
            ).count(),
            "title": _("Tổng hợp, phân loại ý kiến cử tri"),
        },
    )


def _picker_matches(round_, query: str):
    """The petitions an opinion may join, found by number or by words (without diacritics), by number."""
    choices = services.mergeable_petitions(round_).order_by("number")
    if query.isdigit():
        choices = choices.filter(number=int(query))
    elif query:
        choices = search_filter(choices, query)
    return choices[:PICKER_CHOICES]


@login_required
@require_GET
def petition_picker(request, pk: int):
    """The picker's choices as JSON for its script: ``{"results": [{"id", "number", "title", "label"}]}``."""
    round_ = get_round_for_user(request.user, pk, need=Need.COMPILE)
    rows = _picker_matches(round_, request.GET.get("q", "").strip())
    return JsonResponse({"results": [
        {"id": p.pk, "number": p.number, "title": p.title, "label": _picker_label(p)} for p in rows
    ]})


def _picker_label(petition) -> str:
    return _("Số %(number)s: %(title)s") % {"number": petition.number, "title": petition.title}


def _with_next_step(done: str, round_) -> str:
    """What was done, then what is left: the opinions still to compile, or the step after compiling."""
    pending = services.opinions_pending(round_)
    if pending:
        left = _("Còn %(n)s ý kiến chờ tổng hợp.") % {"n": pending}
    else:
        left = _("Mọi ý kiến đã được tổng hợp: phân loại, chuyển các kiến nghị rồi bấm «Hoàn tất tổng hợp».")
    return " ".join([str(done), str(left)])


@login_required
@require_POST
def compile_selected(request, pk: int):
    """One decision on the opinions and proposals ticked on the compile page, in one transaction."""
    round_ = get_round_for_user(request.user, pk, need=Need.COMPILE)
    action = request.POST.get("action")
    proposal_ids, opinion_ids = request.POST.getlist("proposal"), request.POST.getlist("opinion")
    try:
        if action == "accept":
            outcome = services.proposals_accept(round_=round_, proposal_ids=proposal_ids, by=request.user)
            done = _("Đã gộp %(opinions)s ý kiến vào %(petitions)s kiến nghị.") % {
                "opinions": outcome.opinions, "petitions": len(outcome.petitions)}
        elif action == "reject":
            outcome = services.proposals_reject(round_=round_, proposal_ids=proposal_ids, by=request.user)
            done = _("Đã bỏ qua %(n)s đề xuất: các ý kiến vẫn chờ tổng hợp và không được đề xuất lại.") % {
                "n": outcome.rejected}
        elif action == "create":
            outcome = services.opinions_to_petitions(round_=round_, opinion_ids=opinion_ids)
            done = _("Đã tạo %(n)s kiến nghị mới (số %(numbers)s).") % {
                "n": len(outcome.created), "numbers": ", ".join(str(n) for n in outcome.created)}
        elif action == "merge":
            outcome = services.opinions_merge(
                round_=round_, opinion_ids=opinion_ids, petition_id=request.POST.get("target")
            )
            done = _("Đã gộp %(n)s ý kiến vào kiến nghị số %(number)s.") % {
                "n": outcome.opinions, "number": outcome.target}
        else:
            raise ValidationError(_("Chưa chọn việc cần làm: bấm một trong các nút dưới danh sách."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _with_next_step(done, round_))
    return redirect("voters:compile", pk=round_.pk)


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(MergeProposal.objects.select_related("opinion__meeting"), pk=pk)
    round_ = get_round_for_user(request.user, proposal.opinion.meeting.round_id, need=Need.COMPILE)
    accept = request.POST.get("accept") == "1"
    try:
        decided = services.proposal_decide(proposal=proposal, accept=accept, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if decided.status == MergeProposal.Status.ACCEPTED:
            number = Opinion.objects.filter(pk=decided.opinion_id).values_list("petition__number", flat=True)
            done = _("Đã gộp ý kiến vào kiến nghị số %(number)s.") % {"number": number.get()}
        else:
            done = _("Đã ghi nhận: không trùng; ý kiến vẫn chờ tổng hợp và không được đề xuất lại.")
        messages.success(request, _with_next_step(done, round_))
    return redirect("voters:compile", pk=round_.pk)


@login_required
@require_POST
def petition_from_opinion(request, pk: int):
    opinion = get_object_or_404(Opinion.objects.select_related("meeting"), pk=pk)
    round_ = get_round_for_user(request.user, opinion.meeting.round_id, need=Need.COMPILE)
    try:
        petition = services.petition_create_from_opinion(opinion=opinion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("Đã tạo kiến nghị số %(n)s.") % {"n": petition.number}
        messages.success(request, _with_next_step(done, round_))
    return redirect("voters:compile", pk=round_.pk)
