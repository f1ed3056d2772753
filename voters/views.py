from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView
from coordination.models import Body, BodyKind
from coordination.permissions import Need, access_for
from coordination.services import followups_of, report_request
from coordination.spreadsheets import XLSX_CONTENT_TYPE, xlsx_response
from sessions.models import Session
from voters import forms, services
from voters.filters import LetterFilter, PetitionFilter, ReceptionFilter, RoundFilter, VisitFilter
from voters.imports import opinions_import_queue, parse_opinions, reads_in_background, template_bytes
from voters.models import (
    DenouncerIdentity,
    DenouncerIdentityUserObjectPermission,
    LetterKind,
    MergeProposal,
    Opinion,
    Petition,
    PetitionStatus,
    ReceptionVisit,
)
from voters.permissions import (
    can_compile,
    can_view_identity,
    get_letter_for_user,
    get_meeting_for_user,
    get_petition_for_user,
    get_reception_for_user,
    get_round_for_user,
    visible_letters,
    visible_petitions,
    visible_receptions,
    visible_rounds,
    visible_visits,
)
from voters.queries import mention_places, results_summary, search_in_order
from voters.reports import results_chart, results_scope

TODAY = timezone.localdate
MERGEABLE = (PetitionStatus.COMPILING, PetitionStatus.FORWARDED)
# Past a thousand matches an officer narrows the search; reading 10,000 cost a search ~150 ms at 1M petitions.
COUNT_CAP = 1_000


def _editor_body_ids(user) -> set[int]:
    access = access_for(user)
    if access.is_superuser:
        return set(Body.objects.values_list("pk", flat=True))
    return access.editor_body_ids


def _posting_needs(request) -> Need:
    """A page that reads on GET and records on POST: what the door must let through."""
    return Need.CHANGE if request.method == "POST" else Need.VIEW


def _refuse(request, form) -> None:
    """The form is not shown again: each of its errors becomes a message naming the field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


# --- Rounds and meetings ----------------------------------------------------------------------


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


def _section_links():
    return [(reverse("voters:petition_list"), _("Kiến nghị cử tri")), (reverse("voters:reception_list"), _("Tiếp công dân")),
            (reverse("voters:letter_list"), _("Đơn thư"))]


@login_required
def round_create(request):
    access = access_for(request.user)
    unit_ids = {u for u in access.unit_ids() if can_compile(request.user, u)} if not access.is_superuser else set(
        Body.objects.values_list("unit_id", flat=True))
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
    meetings = round_.meetings.select_related("place_unit").annotate(opinion_count=Count("opinions")).order_by(
        Coalesce("held_on", "planned_on"), "id")
    editable = round_.can.change
    totals = meetings.aggregate(voters=Sum("voters_attending"))
    context = {
        "round": round_, "meetings": meetings, "editable": editable, "title": round_.title,
        "voters_total": totals["voters"] or 0, "followups": followups_of(round_).select_related("lead_body"),
        "meeting_form": forms.MeetingForm(round_=round_, initial={"held_on": TODAY()}) if editable else None,
        "petition_count": round_.petitions.exclude(status=PetitionStatus.MERGED).count(),
    }
    return render(request, "voters/round_detail.html", context)


@login_required
def meeting_create(request, pk: int):
    round_ = get_round_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MeetingForm(request.POST or None, round_=round_)
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
    form = forms.MeetingHeldForm(request.POST or None, initial={
        "held_on": meeting.held_on or min(meeting.planned_on, TODAY()), "voters_attending": meeting.voters_attending,
        "officials_answering": meeting.officials_answering})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_held(meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận hội nghị đã diễn ra. Ghi ý kiến cử tri bên dưới."))
            return redirect(meeting)
    return render(request, "voters/form.html", {"form": form, "title": _("Ghi nhận đã tiếp xúc: %(m)s") % {"m": meeting.address},
                                                "back": meeting.get_absolute_url()}, status=400 if form.is_bound else 200)


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
            return redirect(reverse("voters:meeting_detail", args=[meeting.pk]) + "#ghi-y-kien")
    opinions = meeting.opinions.select_related("petition").order_by("id")
    return render(request, "voters/meeting_detail.html", {
        # Opinions are recorded once the meeting took place (a refused attempt still shows why).
        "meeting": meeting, "opinions": opinions, "form": form if editable and (meeting.is_held or form.errors) else None,
        "editable": editable,
        "deputies": meeting.deputies.select_related("person"), "title": str(meeting),
    })


@login_required
def opinion_import(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.OpinionImportForm(request.POST or None, request.FILES or None)
    parsed = imported = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if reads_in_background(upload):
            # A large file is read off the request and saved in short batches; the page shows its progress.
            report = opinions_import_queue(meeting=meeting, upload=upload, import_valid=form.cleaned_data["import_valid"],
                                           by=request.user)
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


# --- Compiling --------------------------------------------------------------------------------


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
    pending = (
        Opinion.objects.filter(meeting__round=round_, petition__isnull=True)
        .select_related("meeting").prefetch_related(Prefetch("proposals", queryset=proposals, to_attr="open_proposals"))
        .order_by("id")
    )
    petitions = (
        round_.petitions.exclude(status=PetitionStatus.MERGED).annotate(mentions=Count("opinions"))
        .select_related("field", "agency").order_by("number")
    )
    return render(request, "voters/compile.html", {"round": round_, "pending": pending, "petitions": petitions,
                                                   "title": _("Tổng hợp, phân loại ý kiến cử tri")})


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


# --- Petitions --------------------------------------------------------------------------------


class CappedCountPaginator(Paginator):
    """Counts at most COUNT_CAP rows: "how many of a million match 'đất đai'" is not worth a full scan."""

    # A search on PostgreSQL (set by the view): the same rows filtered so that PostgreSQL walks the due-date index.
    in_order = None
    # Set by the view when the register is narrowed to one agency: its petitions are few enough that walking
    # its covering index is cheaper than the trigram index, whose matches elsewhere would all be read and discarded.
    count_in_order = False

    @cached_property
    def found(self) -> list | None:
        """A search's matches as (due date, id), read once without ORDER BY and sorted here as the register
        sorts them (due date, nulls last, then id); None when there are COUNT_CAP or more."""
        matches = self.in_order if self.count_in_order else self.object_list
        rows = list(matches.order_by().values_list("due_on", "pk")[:COUNT_CAP])
        if len(rows) >= COUNT_CAP:
            return None
        return sorted(rows, key=lambda row: (row[0] is None, row[0] or date.min, row[1]))

    @cached_property
    def count(self):
        if self.in_order is not None:
            return COUNT_CAP if self.found is None else len(self.found)
        return min(COUNT_CAP, self.object_list[:COUNT_CAP].count())

    def page(self, number):
        page = super().page(number)
        if self.in_order is None:
            return page
        bottom = (page.number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.found is None:
            # Many matches: the page is near the start of the due-date index, so walk it with an early LIMIT
            # (ids only: an index-only scan of the covering index), then read those rows.
            ids = list(self.in_order.values_list("pk", flat=True)[bottom:top])
        else:
            # Few: the matches were read for the count already.
            ids = [pk for _, pk in self.found[bottom:top]]
        page.object_list = self.object_list.filter(pk__in=ids)  # in the register's order
        return page


class PetitionListView(RegisterView):
    """The inbox: by default what the user's agencies owe, soonest due first."""

    title = _("Kiến nghị cử tri")
    paginator_class = CappedCountPaginator
    template_name = "voters/petition_list.html"
    filterset_class = PetitionFilter
    columns = [
        Column(_("Số"), "number"),
        Column(_("Nội dung kiến nghị"), "title"),
        Column(_("Đợt tiếp xúc"), "round.title"),
        Column(_("Lĩnh vực"), "field.name"),
        Column(_("Cơ quan giải quyết"), "agency.short_name"),
        Column(_("Hạn trả lời"), "due_on"),
        Column(_("Trạng thái"), "get_status_display"),
        Column(_("Kết quả"), "get_category_display"),
        Column(_("Tái diễn"), "is_recurring"),
    ]

    def base_queryset(self):
        return visible_petitions(self.request.user).select_related("round", "field", "agency").order_by(
            "due_on", "id"
        )

    def search(self, queryset, query):
        # The paginator's plan for many matches relies on the register's order (due date, id): keep them together.
        ordered = list(queryset.query.order_by) == ["due_on", "id"]
        self.search_in_order = search_in_order(queryset, query) if connection.vendor == "postgresql" and ordered else None
        return super().search(queryset, query)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.in_order = getattr(self, "search_in_order", None)
        chosen = getattr(self.filterset.form, "cleaned_data", {}) if self.filterset else {}  # unbound: no filter
        paginator.count_in_order = bool(chosen.get("agency"))
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = access_for(self.request.user)
        context["my_agencies"] = Body.objects.filter(pk__in=access.body_ids(),
                                                     kind=BodyKind.AGENCY).order_by("name")
        context["actions"] = [(reverse("voters:round_list"), _("Đợt tiếp xúc")), (reverse("voters:results"), _("Báo cáo kết quả"))]
        context["today"] = TODAY()
        context["count_cap"] = COUNT_CAP
        return context


petition_list = PetitionListView.as_view()


def _petition_page(request, petition: Petition, status: int = 200, **bound):
    """``petition`` comes from its door, with what the user may do with it (``petition.can``)."""
    compile_ok, answer_ok, verify_ok = petition.can.compile, petition.can.answer, petition.can.verify
    opinions = petition.opinions.select_related("meeting", "meeting__place_unit").order_by("meeting__held_on", "id")
    today = TODAY()
    context = {
        "petition": petition, "opinions": opinions, "places": mention_places(petition), "title": str(petition),
        "followups": followups_of(petition).select_related("lead_body").order_by("id"),
        "history": petition.history.select_related("history_user").order_by("-history_date")[:30],
        "merged_from": petition.merged_from.order_by("number"),
        "recurrences": petition.recurrences.select_related("round"),
        "route_form": bound.get("route_form") or (forms.RouteForm(petition=petition, initial={
            "title": petition.title, "field": petition.field_id, "competence": petition.competence,
            "agency": petition.agency_id, "received_on": petition.received_on or today,
        }) if compile_ok and petition.status in (PetitionStatus.COMPILING, PetitionStatus.FORWARDED) else None),
        "answer_form": bound.get("answer_form") or (forms.AnswerForm(initial={"answered_on": today})
                                                     if answer_ok and petition.status in (PetitionStatus.FORWARDED, PetitionStatus.REOPENED) else None),
        "verify_form": bound.get("verify_form") or (forms.VerifyForm() if verify_ok and petition.status == PetitionStatus.ANSWERED else None),
        "merge_form": bound.get("merge_form") or (forms.MergeForm() if compile_ok and petition.status in MERGEABLE else None),
        "recurring": services.recurring_candidates(petition=petition) if compile_ok and not petition.is_recurring else [],
    }
    return render(request, "voters/petition_detail.html", context, status=status)


@login_required
def petition_detail(request, pk: int):
    return _petition_page(request, get_petition_for_user(request.user, pk))


def _petition_action(request, pk: int, need: Need, form_class, form_key: str, perform, done: str):
    petition = get_petition_for_user(request.user, pk, need=need)
    kwargs = {"petition": petition} if form_class is forms.RouteForm else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            perform(petition, form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(petition)
    petition.refresh_from_db()
    return _petition_page(request, petition, status=400, **{form_key: form})


@login_required
@require_POST
def petition_route(request, pk: int):
    return _petition_action(request, pk, Need.COMPILE, forms.RouteForm, "route_form",
                            lambda p, d: services.petition_route(petition=p, **d), _("Đã chuyển kiến nghị đến cơ quan giải quyết."))


@login_required
@require_POST
def petition_answer(request, pk: int):
    return _petition_action(request, pk, Need.ANSWER, forms.AnswerForm, "answer_form",
                            lambda p, d: services.petition_answer(petition=p, **d), _("Đã ghi nhận trả lời."))


@login_required
def petition_answer_file(request, pk: int):
    """The agency's answer document, to whoever may read the petition."""
    petition = get_petition_for_user(request.user, pk)
    if not petition.answer_file:
        raise Http404
    return FileResponse(petition.answer_file.open("rb"), as_attachment=True,
                        filename=petition.answer_file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def petition_verify(request, pk: int):
    return _petition_action(request, pk, Need.VERIFY, forms.VerifyForm, "verify_form",
                            lambda p, d: services.petition_verify(petition=p, **d), _("Đã ghi nhận đánh giá."))


@login_required
@require_POST
def petition_merge(request, pk: int):
    def perform(petition, data):
        target = petition.round.petitions.filter(number=data["target"]).first()
        if target is None:
            raise ValidationError({"target": _("Đợt này không có kiến nghị số %(number)s.") % {
                "number": data["target"]}})
        services.petition_merge(source=petition, target=target)

    return _petition_action(request, pk, Need.COMPILE, forms.MergeForm, "merge_form", perform,
                            _("Đã gộp kiến nghị; mọi điểm tiếp xúc được giữ lại."))


@login_required
@require_POST
def petition_recurring(request, pk: int):
    petition = get_petition_for_user(request.user, pk, need=Need.COMPILE)
    previous_id = request.POST.get("previous", "")
    if not previous_id.isdecimal():  # a forged or careless value gets a message, not a 500
        messages.error(request, _("Kiến nghị tái diễn: hãy chọn một kiến nghị trước đó trong danh sách."))
        return redirect(petition)
    previous = get_object_or_404(visible_petitions(request.user).select_related("round"), pk=int(previous_id))
    try:
        services.petition_link_recurring(petition=petition, previous=previous)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đánh dấu kiến nghị tái diễn (đề xuất chất vấn)."))
    return redirect(petition)


# --- Results report ---------------------------------------------------------------------------


def _results_scope(request):
    return results_scope(request.user, round_id=request.GET.get("round", ""), session_id=request.GET.get("session", ""))


@login_required
def results(request):
    petitions, label, _unit = _results_scope(request)
    summary = results_summary(petitions)
    if request.GET.get("format") == "xlsx":
        rows = [("Tổng số kiến nghị", "", summary.total)]
        rows += [("Lĩnh vực", name, n) for name, n in summary.by_field]
        rows += [("Thẩm quyền", name, n) for name, n in summary.by_competence]
        rows += [("Kết quả", name, n) for name, n in summary.by_category]
        rows += [("Tình trạng xử lý", name, n) for name, n in summary.by_status]
        rows += [("Cơ quan", a["name"], a["total"], a["answered"], a["on_time"], a["rate"]) for a in summary.agencies]
        return xlsx_response("ket-qua-kien-nghi-cu-tri", "Ket qua",
                             ["Nhóm", "Mục", "Số kiến nghị", "Đã trả lời", "Đúng hạn", "Tỷ lệ đúng hạn (%)"], rows)
    rounds = visible_rounds(request.user).order_by("-starts_on")
    sessions = Session.objects.filter(voter_rounds__in=rounds).select_related("council").distinct().order_by("-planned_open")
    peak = max([n for _, n in summary.by_category] + [1])
    return render(request, "voters/results.html", {
        "summary": summary, "label": label, "rounds": rounds, "sessions": sessions, "peak": peak,
        "category_chart": results_chart(summary),
        "title": _("Báo cáo kết quả giải quyết kiến nghị cử tri"), "querystring": request.GET.urlencode(),
    })


@login_required
@require_POST
def results_pdf(request):
    _petitions, label, _unit = _results_scope(request)  # authorizes the round or session, if one is named
    report = report_request(
        kind="voters_results", title=_("Báo cáo kết quả giải quyết kiến nghị cử tri — %(label)s") % {
            "label": label},
        params={"round": request.GET.get("round", ""), "session": request.GET.get("session", ""), "user": request.user.pk},
        by=request.user,
    )
    return redirect(report.get_absolute_url())


# --- Citizen reception ------------------------------------------------------------------------


class ReceptionListView(RegisterView):
    title = _("Lịch và sổ tiếp công dân")
    template_name = "voters/register.html"
    filterset_class = ReceptionFilter
    columns = [
        Column(_("Ngày tiếp"), "day"),
        Column(_("Người tiếp"), "receiver"),
        Column(_("Cơ quan"), "host_body.short_name"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Địa điểm"), "place"),
        Column(_("Số lượt tiếp"), "visit_count", figure=True),
    ]

    def base_queryset(self):
        return visible_receptions(self.request.user).annotate(visit_count=Count("visits")).order_by("-day", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [(reverse("voters:reception_create"), _("Thêm lịch tiếp công dân")),
                              (reverse("voters:reception_schedule"), _("Lập lịch tiếp cả năm")),
                              (reverse("voters:visit_list"), _("Sổ lượt tiếp công dân"))] + _section_links()
        return context


reception_list = ReceptionListView.as_view()


class VisitListView(RegisterView):
    """Every visit across reception days: who came, about what, and whether the reply they are owed was given."""

    title = _("Sổ lượt tiếp công dân")
    template_name = "voters/register.html"
    filterset_class = VisitFilter
    columns = [
        Column(_("Ngày tiếp"), "reception.day"),
        Column(_("Cơ quan tiếp"), "reception.host_body.short_name"),
        Column(_("Người tiếp"), "reception.receiver"),
        Column(_("Công dân"), "citizens"),
        Column(_("Số người"), "citizen_count", figure=True),
        Column(_("Nội dung"), "content"),
        Column(_("Hạn trả lời"), "due_on"),
        Column(_("Trả lời công dân"), "get_reply_display"),
        Column(_("Ngày trả lời"), "replied_on"),
        Column(_("Tình trạng"), "reply_status"),
    ]

    def base_queryset(self):
        return visible_visits(self.request.user).order_by("-reception__day", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = _section_links()
        return context


visit_list = VisitListView.as_view()


@login_required
def reception_schedule(request):
    body_ids = _editor_body_ids(request.user)
    if not body_ids:
        raise PermissionDenied
    form = forms.ReceptionScheduleForm(request.POST or None, body_ids=body_ids,
                                       initial={"year": TODAY().year, "frequency": forms.ReceptionScheduleForm.MONTHLY})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        del data["frequency"]  # day_of_month or weekday, whichever is set, says it
        created, existing = services.reception_days_generate(**data)
        messages.success(request, _("Đã lập lịch năm %(year)s: %(n)s buổi tiếp mới, %(k)s buổi đã có từ trước.") % {
            "year": data["year"], "n": created, "k": existing})
        return redirect(f"{reverse('voters:reception_list')}?day_from={data['year']}-01-01&day_to={data['year']}-12-31")
    return render(request, "voters/form.html", {"form": form, "title": _("Lập lịch tiếp công dân cả năm"),
                                                "back": reverse("voters:reception_list")},
                  status=400 if form.errors else 200)


@login_required
def reception_create(request):
    body_ids = _editor_body_ids(request.user)
    if not body_ids:
        raise PermissionDenied
    form = forms.ReceptionDayForm(request.POST or None, body_ids=body_ids)
    if request.method == "POST" and form.is_valid():
        reception = services.reception_day_create(**form.cleaned_data)
        messages.success(request, _("Đã thêm lịch tiếp công dân."))
        return redirect(reception)
    return render(request, "voters/form.html", {"form": form, "title": _("Thêm lịch tiếp công dân"),
                                                "back": reverse("voters:reception_list")})


@login_required
def reception_detail(request, pk: int):
    reception = get_reception_for_user(request.user, pk, need=_posting_needs(request))
    editable = reception.can.change
    form = forms.VisitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reception_visit_log(reception=reception, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã ghi lượt tiếp công dân."))
                return redirect(reception)
        status = 400
    visits = reception.visits.order_by("id")
    return render(request, "voters/reception_detail.html", {
        "reception": reception, "visits": visits, "editable": editable,
        # Visits are logged once the reception has taken place (a refused attempt still shows why).
        "form": form if editable and (reception.day <= TODAY() or form.errors) else None,
        "reply_form": forms.ReplyForm(initial={"replied_on": TODAY()}), "title": str(reception), "today": TODAY(),
    }, status=status)


@login_required
@require_POST
def visit_reply(request, pk: int):
    visit = get_object_or_404(ReceptionVisit, pk=pk)
    reception = get_reception_for_user(request.user, visit.reception_id, need=Need.CHANGE)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reception_visit_reply(visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận trả lời công dân."))
    _refuse(request, form)
    return redirect(reception)


# --- Letters ----------------------------------------------------------------------------------


class LetterListView(RegisterView):
    """The letter register. No column, filter or search field ever touches DenouncerIdentity."""

    title = _("Sổ đơn thư")
    template_name = "voters/register.html"
    filterset_class = LetterFilter
    columns = [
        Column(_("Số đơn"), "number"),
        Column(_("Ngày nhận"), "received_on"),
        Column(_("Loại đơn"), "get_kind_display"),
        Column(_("Nguồn đơn"), "get_channel_display"),
        Column(_("Nội dung tóm tắt"), "content"),
        Column(_("Cơ quan xử lý"), "handling_body.short_name"),
        Column(_("Trạng thái"), "get_status_display"),
        Column(_("Hạn xử lý"), "due_on"),
        Column(_("Chuyển đến"), "forwarded_to.short_name"),
    ]

    def base_queryset(self):
        return visible_letters(self.request.user).order_by("-received_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [(reverse("voters:letter_create"), _("Vào sổ đơn thư"))] + _section_links()
        return context


letter_list = LetterListView.as_view()


@sensitive_post_parameters("denouncer_name", "denouncer_address", "denouncer_contact", "denouncer_other")
@login_required
def letter_create(request):
    body_ids = _editor_body_ids(request.user)
    if not body_ids:
        raise PermissionDenied
    form = forms.LetterForm(request.POST or None, body_ids=body_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = {"full_name": data.pop("denouncer_name"), "address": data.pop("denouncer_address"),
                    "contact": data.pop("denouncer_contact"), "other_details": data.pop("denouncer_other")}
        try:
            # Whoever records a denunciation handles it until a leader assigns someone else.
            letter = services.letter_register(**data, identity=identity, handler=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã vào sổ đơn thư."))
            return redirect(letter)
    return render(request, "voters/form.html", {"form": form, "title": _("Vào sổ đơn thư"),
                                                "back": reverse("voters:letter_list")},
                  status=400 if form.errors else 200)


@sensitive_variables("identity", "revealed")
@login_required
def letter_detail(request, pk: int):
    """GET never shows the identity; a permitted user POSTs a reason, which is logged, and then sees it."""
    letter = get_letter_for_user(request.user, pk)
    identity = DenouncerIdentity.objects.filter(letter=letter).first()
    permitted = identity is not None and can_view_identity(request.user, identity)
    reveal_form = forms.RevealForm(request.POST or None) if permitted else None
    revealed = None
    if request.method == "POST":
        if not permitted:
            raise PermissionDenied
        if reveal_form.is_valid():
            revealed = services.identity_reveal(identity=identity, user=request.user, reason=reveal_form.cleaned_data["reason"])
    editable, manages = letter.can.change, letter.can.manage
    return render(request, "voters/letter_detail.html", {
        "letter": letter, "identity_exists": identity is not None, "permitted": permitted, "revealed": revealed,
        "reveal_form": reveal_form, "editable": editable,
        "action_form": forms.LetterActionForm(initial={"on": TODAY()}) if editable else None,
        "handler_form": forms.HandlerForm(letter=letter, initial={"handler": letter.handler_id}) if manages else None,
        "grant_form": forms.GrantForm() if manages and identity is not None else None,
        # Who may read the identity (not the identity itself), each with a revoke form for the leader.
        "holders": [(row.user, forms.RevokeForm(initial={"user": row.user_id})) for row in
                    DenouncerIdentityUserObjectPermission.objects.filter(content_object=identity).select_related("user")
                    .order_by("user__username")] if manages and identity is not None else [],
        "access_log": identity.access_log.select_related("user")[:20] if permitted else [],
        "followups": followups_of(letter).select_related("lead_body").order_by("id"),
        "is_denunciation": letter.kind == LetterKind.DENUNCIATION, "title": str(letter),
    })


@login_required
@require_POST
def letter_action(request, pk: int):
    letter = get_letter_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.LetterActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thao tác không hợp lệ: %(e)s") % {"e": "; ".join(form.errors.get("action", []))})
        return redirect(letter)
    data = form.cleaned_data
    on = data["on"] or TODAY()
    try:
        match data["action"]:
            case "accept":
                services.letter_accept(letter=letter, on=on)
            case "forward":
                if data["to_body"] is None:
                    raise ValidationError(_("Chọn cơ quan nhận đơn chuyển."))
                services.letter_forward(letter=letter, to_body=data["to_body"], on=on)
            case "extend":
                services.letter_extend(letter=letter)
            case "resolve" | "reject":
                services.letter_close(letter=letter, result=data["result"], on=on, rejected=data["action"] == "reject")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật đơn thư."))
    return redirect(letter)


def _apply_to_letter(request, letter, form, action, success: str):
    """Run a leader's form against the service; a refusal comes back as messages on the letter page."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(letter)
    _refuse(request, form)
    return redirect(letter)


@login_required
@require_POST
def letter_handler(request, pk: int):
    """Assign or change the handler: the new one may read the identity, the previous one no longer."""
    letter = get_letter_for_user(request.user, pk, need=Need.MANAGE)
    return _apply_to_letter(
        request, letter, forms.HandlerForm(request.POST, letter=letter),
        lambda handler: services.letter_assign_handler(letter=letter, handler=handler, by=request.user),
        _("Đã phân công người xử lý đơn."),
    )


@login_required
@require_POST
def letter_revoke(request, pk: int):
    letter = get_letter_for_user(request.user, pk, need=Need.MANAGE)
    identity = get_object_or_404(DenouncerIdentity, letter=letter)
    return _apply_to_letter(
        request, letter, forms.RevokeForm(request.POST),
        lambda user, reason: services.identity_revoke(identity=identity, user=user, by=request.user, reason=reason),
        _("Đã thu hồi quyền xem thông tin người tố cáo."),
    )


@login_required
@require_POST
def letter_grant(request, pk: int):
    """A leader authorises another officer of the handling body to read the identity."""
    letter = get_letter_for_user(request.user, pk, need=Need.MANAGE)
    identity = get_object_or_404(DenouncerIdentity, letter=letter)
    form = forms.GrantForm(request.POST)
    user = None
    if form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True,
                                               memberships__body_id=letter.handling_body_id).first()
    if user is None or user == request.user:
        messages.error(request, _("Người được cấp quyền phải là cán bộ khác của cơ quan xử lý đơn, và phải ghi lý do."))
        return redirect(letter)
    services.identity_grant(identity=identity, user=user, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Đã cấp quyền xem thông tin người tố cáo cho %(u)s.") % {"u": user.get_username()})
    return redirect(letter)


@login_required
def letter_copy(request, pk: int):
    """The copy forwarded for verification: the letter without anything that identifies the denouncer."""
    letter = get_letter_for_user(request.user, pk)
    return render(request, "voters/letter_copy.html", {"letter": letter, "title": _("Phiếu chuyển đơn"), "today": TODAY()})
