"""Pages that compile a round's opinions into petitions and decide merge proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination.listing import count_children, section_page
from coordination.permissions import Need
from voters import services
from voters.models import MergeProposal, Opinion, PetitionStatus
from voters.permissions import get_round_for_user


@login_required
def compile_round(request, pk: int):
    """Opinions not yet compiled, each with the petitions the system thinks it duplicates."""
    round_ = get_round_for_user(request.user, pk, need=Need.CHANGE)
    if request.method == "POST":
        if request.POST.get("action") == "finish":
            services.round_mark_compiled(round_=round_)
            messages.success(request, _("Đã hoàn tất tổng hợp đợt tiếp xúc."))
        else:
            created = services.proposals_refresh(round_=round_)
            messages.success(request, _("Đã tìm trùng lặp: %(n)s đề xuất mới.") % {"n": created})
        return redirect("voters:compile", pk=round_.pk)
    proposals = MergeProposal.objects.filter(status=MergeProposal.Status.PROPOSED).select_related("petition")
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
    return render(
        request,
        "voters/compile.html",
        {
            "round": round_,
            "pending": pending,
            "petitions": petitions,
            "title": _("Tổng hợp, phân loại ý kiến cử tri"),
        },
    )


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = get_object_or_404(MergeProposal.objects.select_related("petition"), pk=pk)
    round_ = get_round_for_user(request.user, proposal.petition.round_id, need=Need.CHANGE)
    try:
        services.proposal_decide(proposal=proposal, accept=request.POST.get("accept") == "1", by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("voters:compile", pk=round_.pk)


@login_required
@require_POST
def petition_from_opinion(request, pk: int):
    opinion = get_object_or_404(Opinion.objects.select_related("meeting"), pk=pk)
    round_ = get_round_for_user(request.user, opinion.meeting.round_id, need=Need.CHANGE)
    try:
        petition = services.petition_create_from_opinion(opinion=opinion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã tạo kiến nghị số %(n)s.") % {"n": petition.number})
    return redirect("voters:compile", pk=round_.pk)
