"""Pages of the contact rounds and their meetings: register, creation, detail, held; the opinions typed there
(corrected or deleted until compiled) and imported."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView, count_children, section_page
from coordination.models import Body
from coordination.permissions import Need, access_for
from coordination.services import followups_of
from coordination.spreadsheets import XLSX_CONTENT_TYPE
from voters import forms, services
from voters.filters import RoundFilter
from voters.imports import opinions_import_queue, parse_opinions, reads_in_background, template_bytes
from voters.models import Opinion
from voters.permissions import (
    can_compile,
    get_meeting_for_user,
    get_opinion_for_user,
    get_round_for_user,
    visible_rounds,
)
from voters.queries import opinion_changes, round_petition_count

from ._common import TODAY, _posting_needs, _section_links


class RoundListView(RegisterView):
    title = _("Đợt tiếp xúc cử tri")
    template_name = "voters/register.html"
    filterset_class = RoundFilter
    columns = [
        Column(_("Tên đợt"), "title"),
        Column(_("Trước/sau kỳ họp"), "get_timing_display"),
        Column(_("Kỳ họp"), "session_display"),
        Column(_("Hình thức"), "get_kind_display"),
        Column(_("Từ ngày"), "starts_on"),
        Column(_("Đến ngày"), "ends_on"),
        Column(_("Chủ trì"), "organiser.short_name"),
        Column(_("Số điểm tiếp xúc"), "meeting_count", figure=True),
        Column(_("Số cử tri"), "voter_count", figure=True),
    ]

    def base_queryset(self):
        return visible_rounds(self.request.user).annotate(
            meeting_count=Count("meetings"), voter_count=Sum("meetings__voters_attending")
        ).order_by("-starts_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [(reverse("voters:round_create"), _("Thêm đợt tiếp xúc"))] + _section_links()
        return context


round_list = RoundListView.as_view()


@login_required
def round_create(request):
    access = access_for(request.user)
    unit_ids = (
        {u for u in access.unit_ids() if can_compile(request.user, u)}
        if not access.is_superuser
        else set(Body.objects.values_list("unit_id", flat=True))
    )
    if not unit_ids:
        raise PermissionDenied
    form = forms.RoundForm(request.POST or None, unit_ids=unit_ids)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã tạo đợt tiếp xúc cử tri."))
            return redirect(round_)
    return render(request, "voters/form.html", {"form": form, "title": _("Thêm đợt tiếp xúc cử tri"),
                                                "back": reverse("voters:round_list")})


@login_required
def round_detail(request, pk: int):
    round_ = get_round_for_user(request.user, pk)
    # The meetings counted with their voters (one query), and their page walked in the order of the index
    # meeting_round_day.
    totals = round_.meetings.aggregate(voters=Sum("voters_attending"), meetings=Count("id"))
    meetings = section_page(
        request,
        round_.meetings.select_related("place_unit").order_by(Coalesce("held_on", "planned_on"), "id"),
        count=totals["meetings"],
    )
    count_children(list(meetings), Opinion.objects.all(), parent="meeting", attr="opinion_count")
    editable = round_.can.change
    context = {
        "round": round_, "meetings": meetings, "editable": editable, "title": round_.title,
        "voters_total": totals["voters"] or 0, "followups": followups_of(round_).select_related("lead_body"),
        "petition_count": round_petition_count(round_),
        "can_publish": round_.can.publish,
    }
    return render(request, "voters/round_detail.html", context)


@login_required
def round_publish(request, pk: int):
    """Asks (GET), then publishes or withdraws (POST) the round's results on the public pages: the
    Standing Committee or the Front (the door's PUBLISH)."""
    round_ = get_round_for_user(request.user, pk, need=Need.PUBLISH)
    if request.method == "POST":
        if round_.is_published:
            services.round_results_unpublish(round_=round_, by=request.user)
            messages.success(request, _("Đã thôi công khai kết quả của đợt: người dân không xem được nữa."))
        else:
            round_ = services.round_results_publish(round_=round_, by=request.user)
            messages.success(request, _("Đã công khai kết quả của đợt trên trang công khai."))
        return redirect(round_)
    petition_count = round_petition_count(round_)
    return render(request, "voters/round_publish.html", {
        "round": round_, "petition_count": petition_count,
        "title": _("Thôi công khai kết quả") if round_.is_published else _("Công khai kết quả của đợt"),
    })


@login_required
def meeting_create(request, pk: int):
    round_ = get_round_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MeetingForm(request.POST or None, round_=round_, initial={"held_on": TODAY()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(round_=round_, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm hội nghị tiếp xúc cử tri. Ghi ý kiến cử tri bên dưới."))
            return redirect(meeting)
    return render(request, "voters/form.html", {"form": form, "title": _("Thêm hội nghị tiếp xúc cử tri"),
                                                "back": round_.get_absolute_url()})


@login_required
def meeting_held(request, pk: int):
    """A meeting scheduled ahead took place: its day (not after today) and attendance."""
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MeetingHeldForm(
        request.POST or None,
        initial={
            "held_on": meeting.held_on or min(meeting.planned_on, TODAY()),
            "voters_attending": meeting.voters_attending,
            "officials_answering": meeting.officials_answering,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_held(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận hội nghị đã diễn ra. Ghi ý kiến cử tri bên dưới."))
            return redirect(meeting)
    return render(
        request,
        "voters/form.html",
        {
            "form": form,
            "title": _("Ghi nhận đã tiếp xúc: %(m)s") % {"m": meeting.address},
            "back": meeting.get_absolute_url(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def meeting_detail(request, pk: int):
    """The meeting and its opinions, with the fast form a secretary types into (POST adds one opinion)."""
    meeting = get_meeting_for_user(request.user, pk, need=_posting_needs(request))
    editable = meeting.can.change
    form = forms.OpinionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_record(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi ý kiến. Nhập tiếp ý kiến sau."))
            # No #fragment: a page opened at one does not autofocus, and the box must have the cursor.
            return redirect(meeting)
    opinions = meeting.opinions.select_related("petition").order_by("id")
    return render(
        request,
        "voters/meeting_detail.html",
        {
            # Opinions are recorded once the meeting took place (a refused attempt still shows why).
            "meeting": meeting,
            "opinions": opinions,
            "form": form if editable and (meeting.is_held or form.errors) else None,
            "editable": editable,
            "changes": opinion_changes(meeting),
            "deputies": meeting.deputies.select_related("person"),
            "title": str(meeting),
        },
        status=400 if form.errors else 200,
    )


@login_required
def opinion_edit(request, pk: int):
    """Correct an opinion not yet compiled; saved, the meeting's page takes the next one."""
    opinion = get_opinion_for_user(request.user, pk, need=Need.CHANGE)
    initial = {name: getattr(opinion, name) for name in ("content", "raised_by", "answered_on_spot")}
    form = forms.OpinionForm(request.POST or None, initial=initial)
    try:
        opinion.check_changeable()  # a page opened on an opinion compiled since
        if request.method == "POST" and form.is_valid():
            services.opinion_update(opinion=opinion, **form.cleaned_data)
            messages.success(request, _("Đã sửa ý kiến. Nhập tiếp ý kiến sau."))
            return redirect(opinion.meeting)
    except ValidationError as exc:
        if opinion.is_compiled:
            messages.error(request, " ".join(exc.messages))
            return redirect(opinion.meeting)
        apply_service_error(form, exc)
    return render(request, "voters/opinion_edit.html", {
        "opinion": opinion, "form": form, "title": _("Sửa ý kiến cử tri"),
        "history": opinion.history.select_related("history_user").order_by("-history_id"),
    }, status=400 if form.errors else 200)


@login_required
def opinion_delete(request, pk: int):
    """Asks (GET), then deletes (POST) an opinion not yet compiled; the meeting's history keeps its text."""
    opinion = get_opinion_for_user(request.user, pk, need=Need.CHANGE)
    try:
        opinion.check_changeable()
        if request.method == "POST":
            services.opinion_delete(opinion=opinion)
            messages.success(request, _("Đã xoá ý kiến «%(text)s». Nội dung đã xoá vẫn ghi trong lịch sử của "
                                        "hội nghị.") % {"text": Truncator(opinion.content).chars(80)})
            return redirect(opinion.meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(opinion.meeting)
    context = {"opinion": opinion, "title": _("Xoá ý kiến cử tri")}
    return render(request, "voters/opinion_delete.html", context)


@login_required
def opinion_import(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.OpinionImportForm(request.POST or None, request.FILES or None)
    parsed = imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if reads_in_background(upload):
            # A large file is read off the request and saved in short batches; the page shows its progress.
            report = opinions_import_queue(
                meeting=meeting,
                upload=upload,
                import_valid=form.cleaned_data["import_valid"],
                by=request.user,
            )
            return redirect(report.get_absolute_url())
        parsed = parse_opinions(upload)
        if parsed.rows and (not parsed.errors or form.cleaned_data["import_valid"]):
            try:
                imported = services.opinions_import(meeting=meeting, rows=parsed.rows)
            except ValidationError as exc:  # a meeting not held yet: nothing is imported
                apply_service_error(form, exc)
    return render(request, "voters/opinion_import.html", {
        "meeting": meeting, "form": form, "parsed": parsed, "imported": imported,
        "title": _("Nhập ý kiến cử tri từ Excel"),
    })


@login_required
def opinion_template(request):
    response = HttpResponse(template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-y-kien-cu-tri.xlsx"'
    return response
