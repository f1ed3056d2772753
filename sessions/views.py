from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView
from coordination.models import Body, BodyKind, Term
from coordination.permissions import Need, access_for
from coordination.services import followups_of, report_request
from sessions import forms, services
from sessions.filters import (
    MeetingFilter,
    MissionFilter,
    QuestionFilter,
    RatingFilter,
    RecommendationFilter,
    ResolutionFilter,
    SessionFilter,
    SubmissionFilter,
)
from sessions.models import AgendaItem, Recommendation, Session, SubmissionDocument, SupervisionMission
from sessions.permissions import (
    can_answer_question,
    can_answer_recommendation,
    can_change_submission,
    can_manage_council,
    can_review_submission,
    can_verify_recommendations,
    get_meeting_for_user,
    get_mission_for_user,
    get_question_for_user,
    get_recommendation_for_user,
    get_resolution_for_user,
    get_session_for_user,
    get_submission_for_user,
    visible_meetings,
    visible_missions,
    visible_questions,
    visible_ratings,
    visible_resolutions,
    visible_sessions,
    visible_submissions,
)


def _form_page(request, form, *, title: str, back: str, intro: str = "", multipart: bool = False):
    return render(
        request, "sessions/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "multipart": multipart},
        status=400 if form.is_bound else 200,
    )


def _managed_councils(user) -> list[Body]:
    councils = Body.objects.filter(kind=BodyKind.COUNCIL, active_to__isnull=True).select_related("unit").order_by("unit__name", "name")
    if access_for(user).is_superuser:
        return list(councils)
    mine = councils.filter(unit_id__in=access_for(user).unit_ids())
    return [c for c in mine if can_manage_council(user, c.unit_id)]


def for_managed_council(view):
    """A create page works for one council: the only one the user manages, or the one they pick
    (``?council=``) when they manage several; nobody else gets in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        councils = _managed_councils(request.user)
        if not councils:
            raise PermissionDenied
        if len(councils) == 1:
            return view(request, councils[0], *args, **kwargs)
        chooser = forms.CouncilChoiceForm(request.GET if "council" in request.GET else None, councils=councils)
        if chooser.is_valid():
            return view(request, chooser.cleaned_data["council"], *args, **kwargs)
        return render(request, "sessions/form.html", {
            "form": chooser, "title": _("Chọn Hội đồng nhân dân"), "method": "get", "back": request.path,
            "intro": _("Anh/chị quản lý công việc của nhiều Hội đồng nhân dân: hãy chọn Hội đồng cần làm việc."),
        }, status=400 if chooser.is_bound else 200)

    return login_required(wrapper)


# --- Sessions ----------------------------------------------------------------------------------


class CouncilRegisterView(RegisterView):
    """A register whose page offers "add" to the staff who manage a council (sessions, meetings, missions)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = bool(_managed_councils(self.request.user))
        return context


class SessionListView(CouncilRegisterView):
    title = gettext_lazy("Kỳ họp Hội đồng nhân dân")
    template_name = "sessions/session_list.html"
    filterset_class = SessionFilter
    columns = [
        Column(gettext_lazy("Kỳ họp"), lambda s: f"Kỳ họp thứ {s.number}"),
        Column(gettext_lazy("Nhiệm kỳ"), lambda s: str(s.term)),
        Column(gettext_lazy("Hội đồng nhân dân"), "council.name"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Khai mạc"), "opening_date"),
        Column(gettext_lazy("Bế mạc"), "closing_date"),
        Column(gettext_lazy("Địa điểm"), "place"),
        Column(gettext_lazy("Trạng thái"), "get_status_display"),
    ]

    def base_queryset(self):
        return visible_sessions(self.request.user).order_by("-planned_open")


session_list = SessionListView.as_view()


@for_managed_council
def session_create(request, council: Body):
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = Term.objects.filter(unit_id=council.unit_id).order_by("-start_year").first()
        if term is None:
            form.add_error(None, _("Đơn vị chưa có nhiệm kỳ HĐND; quản trị viên cần khai báo nhiệm kỳ trước."))
        else:  # a repeated, skipped or out-of-order number is Session.clean()'s, which the service calls
            try:
                session = services.session_schedule(term=term, council=council, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Đã lên lịch kỳ họp thứ %(n)s.") % {"n": session.number})
                return redirect(session)
    return _form_page(request, form, title=_("Lên lịch kỳ họp — %(c)s") % {"c": council.name},
                      back=reverse("council_sessions:session_list"))


@login_required
def session_detail(request, pk: int):
    session = get_session_for_user(request.user, pk)
    submissions = list(session.submissions.select_related("presenting_body", "reviewing_committee").prefetch_related("documents"))
    for submission in submissions:
        submission.can_record = can_change_submission(request.user, submission)
        submission.can_review = not submission.reviewed_on and can_review_submission(request.user, submission)
    ratings = list(session.ratings.select_related("position__person", "position__body"))
    next_status = services.session_next_status(session)
    thresholds = services.rating_thresholds()
    for rating in ratings:
        rating.result = rating.outcome(thresholds)
    context = {
        "session": session,
        "title": str(session),
        "agenda": session.agenda_items.select_related("presenting_body", "reviewing_committee"),
        "incoming": AgendaItem.objects.filter(to_session=session).select_related("meeting", "presenting_body"),
        "submissions": submissions,
        "late_count": sum(1 for s in submissions if s.is_late),
        "resolutions": session.resolutions.prefetch_related("replaces", "replaced_by"),
        "questions": _with_can_answer(request.user, session.questions.select_related(
            "deputy__person", "questioned_body", "questioned_person").prefetch_related("commitments")),
        "ratings": ratings,
        "meetings": session.preparatory_meetings.all(),
        "can_manage": session.can.change,
        "next_status": next_status and Session.Status(next_status),
        "today": timezone.localdate(),
    }
    return render(request, "sessions/session_detail.html", context)


@login_required
def session_move(request, pk: int):
    """Two steps: the new dates and a reason, then a page that lists every deadline that will change
    (old → new) and a confirm button; nothing changes before the confirmation."""
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SessionMoveForm(
        request.POST or None, initial={"planned_open": session.planned_open, "planned_close": session.planned_close}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" not in request.POST:
                changes = services.session_move_changes(
                    session=session, planned_open=form.cleaned_data["planned_open"],
                    planned_close=form.cleaned_data["planned_close"])
                return render(request, "sessions/session_move_confirm.html",
                              {"session": session, "form": form, "changes": changes, "title": _("Dời lịch %(s)s") % {"s": session}})
            queued = services.session_move(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("Đã dời kỳ họp; các thời hạn liên quan đã được tính lại, %(n)s thư thông báo đã xếp gửi.") % {"n": queued}
            )
            return redirect(session)
    return _form_page(request, form, title=_("Dời lịch %(s)s") % {"s": session}, back=session.get_absolute_url(),
                      intro=_("Mọi thời hạn còn phải thực hiện tính theo ngày khai mạc (tờ trình, báo cáo thẩm tra, cam kết) "
                              "sẽ được tính lại và báo cho cơ quan liên quan; việc đã làm giữ nguyên thời hạn đã dùng để đánh giá. "
                              "Trang sau cho xem từng thời hạn thay đổi trước khi xác nhận."))


@login_required
@require_POST
def session_status(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    status = request.POST.get("status")
    if status not in Session.Status.values:
        messages.error(request, _("Trạng thái không hợp lệ."))
        return redirect(session)
    try:
        services.session_set_status(session=session, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kỳ họp chuyển sang trạng thái: %(s)s.") % {"s": session.get_status_display()})
    return redirect(session)


@login_required
@require_POST
def session_dossier(request, pk: int):
    session = get_session_for_user(request.user, pk)
    report = report_request(
        kind="session_dossier", title=_("Hồ sơ %(s)s") % {"s": session}, params={"session_id": session.pk}, by=request.user
    )
    return redirect(report.get_absolute_url())


@login_required
def agenda_item_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.AgendaItemForm(
        request.POST or None, unit_id=session.council.unit_id, with_to_session=False,
        initial={"order": session.agenda_items.count() + 1},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.session = session
        form.save()
        return redirect(session)
    return _form_page(request, form, title=_("Thêm nội dung chương trình"), back=session.get_absolute_url())


# --- Submissions -------------------------------------------------------------------------------


@login_required
def submission_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SubmissionForm(request.POST or None, unit_id=session.council.unit_id)
    if request.method == "POST" and form.is_valid():
        submission = services.submission_create(session=session, **form.cleaned_data)
        messages.success(request, _("Đã thêm tờ trình; hạn gửi %(d)s.") % {"d": f"{submission.due_on:%d/%m/%Y}"})
        return redirect(session)
    return _form_page(request, form, title=_("Thêm tờ trình trình kỳ họp"), back=session.get_absolute_url())


@login_required
def submission_record(request, pk: int):
    submission = get_submission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SubmissionRecordForm(request.POST or None, request.FILES or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_record(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if submission.is_late:
                messages.warning(request, _("Đã ghi nhận tờ trình, trễ %(n)s ngày so với hạn.") % {"n": submission.days_late})
            else:
                messages.success(request, _("Đã ghi nhận tờ trình đúng hạn."))
            return redirect(submission.session)
    return _form_page(request, form, title=_("Ghi nhận gửi tờ trình: %(t)s") % {"t": submission.title},
                      back=submission.session.get_absolute_url(), multipart=True,
                      intro=_("Hạn gửi: %(d)s") % {"d": f"{submission.due_on:%d/%m/%Y}"})


@login_required
def submission_review_record(request, pk: int):
    submission = get_submission_for_user(request.user, pk, need=Need.REVIEW)
    form = forms.SubmissionReviewForm(request.POST or None, request.FILES or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_review_record(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if submission.review_days_late:
                messages.warning(request, _("Đã ghi nhận báo cáo thẩm tra, trễ %(n)s ngày so với hạn.") % {
                    "n": submission.review_days_late})
            else:
                messages.success(request, _("Đã ghi nhận báo cáo thẩm tra đúng hạn."))
            return redirect(submission.session)
    return _form_page(request, form, title=_("Ghi nhận báo cáo thẩm tra: %(t)s") % {"t": submission.title},
                      back=submission.session.get_absolute_url(), multipart=True,
                      intro=_("%(c)s — hạn gửi báo cáo thẩm tra: %(d)s") % {
                          "c": submission.reviewing_committee, "d": f"{submission.review_due_on:%d/%m/%Y}"})


@login_required
def submission_document_add(request, pk: int):
    submission = get_submission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SubmissionDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.submission_document_add(submission=submission, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã tải lên tài liệu."))
        return redirect(submission.session)
    return _form_page(request, form, title=_("Thêm tài liệu: %(t)s") % {"t": submission.title},
                      back=submission.session.get_absolute_url(), multipart=True)


@login_required
def submission_document_file(request, pk: int):
    document = get_object_or_404(SubmissionDocument, pk=pk)
    get_submission_for_user(request.user, document.submission_id)  # whoever may see the submission may read its documents
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


class SubmissionListView(RegisterView):
    title = gettext_lazy("Tờ trình trình kỳ họp")
    template_name = "sessions/submission_list.html"
    filterset_class = SubmissionFilter
    columns = [
        Column(gettext_lazy("Tờ trình"), "title"),
        Column(gettext_lazy("Kỳ họp"), lambda s: f"Kỳ họp thứ {s.session.number}"),
        Column(gettext_lazy("Cơ quan trình"), "presenting_body.name"),
        Column(gettext_lazy("Hạn gửi"), "due_on"),
        Column(gettext_lazy("Ngày gửi"), "submitted_on"),
        Column(gettext_lazy("Tình trạng"), "timeliness"),
        Column(gettext_lazy("Hạn thẩm tra"), "review_due_on"),
        Column(gettext_lazy("Thẩm tra"), "review_timeliness"),
    ]

    def base_queryset(self):
        return visible_submissions(self.request.user).order_by("-session__planned_open", "due_on", "id")


submission_list = SubmissionListView.as_view()


# --- Resolutions -------------------------------------------------------------------------------


class ResolutionListView(RegisterView):
    title = gettext_lazy("Nghị quyết HĐND")
    template_name = "sessions/resolution_list.html"
    filterset_class = ResolutionFilter
    columns = [
        Column(gettext_lazy("Số, ký hiệu"), "number"),
        Column(gettext_lazy("Trích yếu"), "title"),
        Column(gettext_lazy("Ngày thông qua"), "adopted_on"),
        Column(gettext_lazy("Hiệu lực"), "effective_on"),
        Column(gettext_lazy("Lĩnh vực"), "field"),
        Column(gettext_lazy("Thay thế"), lambda r: ", ".join(x.number for x in r.replaces.all())),
    ]

    def base_queryset(self):
        return visible_resolutions(self.request.user).prefetch_related("replaces").order_by("-adopted_on", "number")


resolution_list = ResolutionListView.as_view()


@login_required
def resolution_detail(request, pk: int):
    resolution = get_resolution_for_user(request.user, pk)
    return render(request, "sessions/resolution_detail.html", {
        "resolution": resolution, "title": str(resolution),
        "replaces": resolution.replaces.all(), "replaced_by": resolution.replaced_by.all(),
    })


@login_required
def resolution_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.ResolutionForm(request.POST or None, request.FILES or None, council=session.council,
                                initial={"adopted_on": session.closing_date})
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_record(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận %(r)s.") % {"r": resolution})
            return redirect(session)
    return _form_page(request, form, title=_("Ghi nhận nghị quyết được thông qua"), back=session.get_absolute_url(), multipart=True)


@login_required
def resolution_file(request, pk: int):
    resolution = get_resolution_for_user(request.user, pk)
    if not resolution.file:
        raise Http404
    return FileResponse(resolution.file.open("rb"), as_attachment=True, filename=resolution.file.name.rsplit("/", 1)[-1])


# --- Questioning and confidence -----------------------------------------------------------------


def _with_can_answer(user, questions) -> list:
    """The questions with ``can_answer`` set, so the page offers "record the answer" only to who may."""
    questions = list(questions)
    for question in questions:
        question.can_answer = not question.answered_on and can_answer_question(user, question)
    return questions


@login_required
def question_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.QuestionForm(request.POST or None, unit_id=session.council.unit_id, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận chất vấn."))
            return redirect(session)
    return _form_page(request, form, title=_("Ghi nhận chất vấn"), back=session.get_absolute_url())


@login_required
def question_answer(request, pk: int):
    question = get_question_for_user(request.user, pk, need=Need.ANSWER)
    back = question.session.get_absolute_url() if question.session else question.meeting.get_absolute_url()
    form = forms.AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.question_answer(question=question, answer=data["answer"], answered_on=data["answered_on"],
                                         deputy_satisfied=data["deputy_satisfied"])
                if data["commitment"]:
                    services.commitment_add(question=question, text=data["commitment"], due_on=data["commitment_due_on"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận trả lời chất vấn."))
            return redirect(back)
    return _form_page(request, form, title=_("Trả lời chất vấn"), back=back, intro=question.text)


class QuestionListView(RegisterView):
    """Every question the user may see; a deputy without a membership sees their own."""

    title = gettext_lazy("Chất vấn và trả lời chất vấn")
    template_name = "sessions/question_list.html"
    filterset_class = QuestionFilter
    columns = [
        Column(gettext_lazy("Nội dung chất vấn"), "text"),
        Column(gettext_lazy("Đại biểu"), "deputy.person.full_name"),
        Column(gettext_lazy("Cơ quan bị chất vấn"), "questioned_body.name"),
        Column(gettext_lazy("Ngày nhận"), "received_on"),
        Column(gettext_lazy("Hạn trả lời bằng văn bản"), "answer_due_on"),
        Column(gettext_lazy("Ngày trả lời"), "answered_on"),
        Column(gettext_lazy("Đại biểu đồng ý"), "deputy_satisfied"),
    ]

    def base_queryset(self):
        return visible_questions(self.request.user).order_by("-received_on", "id")


question_list = QuestionListView.as_view()


@login_required
def rating_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.RatingForm(request.POST or None, unit_id=session.council.unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_record(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận kết quả lấy phiếu tín nhiệm."))
            return redirect(session)
    return _form_page(request, form, title=_("Ghi nhận kết quả lấy phiếu tín nhiệm"), back=session.get_absolute_url())


class RatingListView(RegisterView):
    title = gettext_lazy("Kết quả lấy phiếu, bỏ phiếu tín nhiệm")
    template_name = "sessions/rating_list.html"
    filterset_class = RatingFilter
    search_field = "position__person__search_text"

    @cached_property
    def thresholds(self):
        return services.rating_thresholds()

    @property
    def columns(self):
        # The outcome reads the thresholds (rule data) once per page, not once per row.
        return [
            Column(gettext_lazy("Người được lấy phiếu"), "position.person.full_name"),
            Column(gettext_lazy("Chức vụ"), lambda r: f"{r.position.title}, {r.position.body}"),
            Column(gettext_lazy("Kỳ họp"), lambda r: f"Kỳ họp thứ {r.session.number}"),
            Column(gettext_lazy("Hình thức"), "get_kind_display"),
            Column(gettext_lazy("Tổng số đại biểu"), "total_members"),
            Column(gettext_lazy("Phiếu phát ra"), "ballots_issued"),
            Column(gettext_lazy("Phiếu hợp lệ"), "valid_ballots"),
            Column(gettext_lazy("Tín nhiệm cao"), "high"),
            Column(gettext_lazy("Tín nhiệm"), "confidence"),
            Column(gettext_lazy("Tín nhiệm thấp / không tín nhiệm"), "low"),
            Column(gettext_lazy("Kết quả"), lambda r: r.outcome(self.thresholds)),
        ]

    def base_queryset(self):
        return visible_ratings(self.request.user).order_by("-session__planned_open", "position__person__full_name", "id")


rating_list = RatingListView.as_view()


# --- Standing Committee meetings -----------------------------------------------------------------


class MeetingListView(CouncilRegisterView):
    title = gettext_lazy("Phiên họp Thường trực HĐND")
    template_name = "sessions/meeting_list.html"
    filterset_class = MeetingFilter
    columns = [
        Column(gettext_lazy("Cuộc họp"), "title"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Ngày họp"), "day"),
        Column(gettext_lazy("Tình trạng"), lambda m: str(_("Đã họp") if m.is_held else _("Dự kiến"))),
        Column(gettext_lazy("Chuẩn bị cho"), lambda m: f"Kỳ họp thứ {m.for_session.number}" if m.for_session else ""),
        Column(gettext_lazy("Địa điểm"), "place"),
    ]

    def base_queryset(self):
        return visible_meetings(self.request.user).order_by(Coalesce("held_on", "planned_on").desc(), "id")


meeting_list = MeetingListView.as_view()


@for_managed_council
def meeting_create(request, council: Body):
    form = forms.MeetingForm(request.POST or None, unit_id=council.unit_id)
    if request.method == "POST" and form.is_valid():
        standing = services.council_standing(council=council)
        if standing is None:
            form.add_error(None, _("%(c)s chưa có Thường trực HĐND đang hoạt động; quản trị viên cần khai báo trước.")
                           % {"c": council.name})
        else:
            with transaction.atomic():
                form.instance.standing = standing
                meeting = form.save()
                services.meeting_track(meeting=meeting)
            return redirect(meeting)
    return _form_page(request, form, title=_("Thêm phiên họp Thường trực HĐND — %(c)s") % {"c": council.name},
                      back=reverse("council_sessions:meeting_list"))


@login_required
def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "sessions/meeting_detail.html", {
        "meeting": meeting, "title": str(meeting),
        "items": meeting.agenda_items.select_related("presenting_body", "to_session"),
        "attending": meeting.attending_bodies.all(),
        "questions": _with_can_answer(request.user, meeting.questions.select_related("deputy__person", "questioned_body")),
        "tasks": followups_of(meeting).select_related("lead_body"),
        "notice_due": services.explanation_notice_due(meeting=meeting) if meeting.kind == meeting.Kind.EXPLANATION else None,
        "can_manage": meeting.can.change,
    })


@login_required
def meeting_dates(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MeetingDatesForm(request.POST or None, initial={
        "planned_on": meeting.planned_on, "held_on": meeting.held_on, "notified_on": meeting.notified_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_set_dates(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã cập nhật ngày họp, ngày gửi thông báo."))
            return redirect(meeting)
    return _form_page(request, form, title=_("Ngày họp, ngày thông báo: %(m)s") % {"m": meeting.title},
                      back=meeting.get_absolute_url())


@login_required
def meeting_conclude(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.ConclusionForm(request.POST or None, unit_id=meeting.standing.unit_id, initial={"conclusions": meeting.conclusions})
    if request.method == "POST" and form.is_valid():
        services.meeting_conclude(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận kết luận."))
        return redirect(meeting)
    return _form_page(request, form, title=_("Kết luận: %(m)s") % {"m": meeting.title}, back=meeting.get_absolute_url())


@login_required
def meeting_question_create(request, pk: int):
    """Questioning at a Standing Committee meeting (between sessions, often in an explanation session)."""
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.QuestionForm(request.POST or None, unit_id=meeting.standing.unit_id,
                              initial={"received_on": min(meeting.day, timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận chất vấn."))
            return redirect(meeting)
    return _form_page(request, form, title=_("Ghi nhận chất vấn tại phiên họp"), back=meeting.get_absolute_url())


@login_required
def meeting_item_create(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.AgendaItemForm(request.POST or None, unit_id=meeting.standing.unit_id, with_to_session=True,
                                initial={"order": meeting.agenda_items.count() + 1})
    if request.method == "POST" and form.is_valid():
        form.instance.meeting = meeting
        form.save()
        return redirect(meeting)
    return _form_page(request, form, title=_("Thêm nội dung phiên họp"), back=meeting.get_absolute_url())


# --- Supervision -------------------------------------------------------------------------------


class MissionListView(CouncilRegisterView):
    title = gettext_lazy("Giám sát, khảo sát")
    template_name = "sessions/mission_list.html"
    filterset_class = MissionFilter
    columns = [
        Column(gettext_lazy("Nội dung"), "subject"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Chủ trì"), "lead_body.name"),
        Column(gettext_lazy("Quyết định"), "decision_number"),
        Column(gettext_lazy("Ngày quyết định"), "decision_date"),
        Column(gettext_lazy("Làm việc từ"), "visit_start"),
        Column(gettext_lazy("Kiến nghị đã thực hiện"), lambda m: f"{m.done_count}/{m.rec_count}"),
    ]

    def base_queryset(self):
        return visible_missions(self.request.user).annotate(
            rec_count=Count("recommendations", distinct=True),
            done_count=Count("recommendations", filter=Q(recommendations__status=Recommendation.Status.DONE), distinct=True),
        ).order_by("-decision_date", "id")


mission_list = MissionListView.as_view()


@for_managed_council
def mission_create(request, council: Body):
    form = forms.MissionForm(request.POST or None, unit_id=council.unit_id, initial={"kind": request.GET.get("kind", "supervision")})
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_create(**form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã thành lập đoàn; các thời hạn thông báo, chương trình, báo cáo đã được tính."))
            return redirect(mission)
    return _form_page(request, form, title=_("Thành lập đoàn giám sát, khảo sát — %(c)s") % {"c": council.name},
                      back=reverse("council_sessions:mission_list"))


@login_required
def mission_detail(request, pk: int):
    mission = get_mission_for_user(request.user, pk)
    recommendations = list(mission.recommendations.select_related("addressee", "answered_by", "verified_by"))
    verifies = can_verify_recommendations(request.user, mission.lead_body.unit_id)
    for rec in recommendations:
        rec.can_answer = rec.status != Recommendation.Status.DONE and can_answer_recommendation(request.user, rec)
        rec.can_verify = rec.status == Recommendation.Status.ANSWERED and verifies
    steps = services.mission_step_due(mission=mission)
    return render(request, "sessions/mission_detail.html", {
        "mission": mission, "title": str(mission),
        "recommendations": recommendations,
        "progress": services.mission_progress(recommendations),
        "steps": [(name, label, steps.get(name), getattr(mission, field)) for name, label, field in [
            ("notify", _("Thông báo cho cơ quan chịu giám sát"), "notified_on"),
            ("programme", _("Gửi chương trình làm việc"), "programme_sent_on"),
            ("report", _("Báo cáo kết quả giám sát"), "reported_on"),
        ]],
        "supervised": mission.supervised_bodies.all(),
        "joint": mission.joint_bodies.all(),
        "team": mission.team_members.all(),
        "rechecks": mission.rechecks.select_related("mission", "addressee"),
        # The link back: re-supervisions that re-check this mission's recommendations.
        "rechecked_by": SupervisionMission.objects.filter(rechecks__mission=mission).distinct(),
        "can_manage": mission.can.change,
        "step_form": forms.MissionStepForm(initial={"on": timezone.localdate()}),
    })


@login_required
@require_POST
def mission_step(request, pk: int):
    mission = get_mission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MissionStepForm(request.POST)
    if form.is_valid():
        try:
            services.mission_record_step(mission=mission, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _("Chưa ghi nhận được: %(e)s") % {"e": " ".join(error.messages)})
        else:
            messages.success(request, _("Đã ghi nhận bước thực hiện."))
    else:
        messages.error(request, _("Chưa ghi nhận được: %(e)s") % {"e": "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())})
    return redirect(mission)


@login_required
def mission_team(request, pk: int):
    mission = get_mission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MissionTeamForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        services.mission_set_team(mission=mission, users=form.cleaned_data["team_members"])
        messages.success(request, _("Đã cập nhật thành viên đoàn."))
        return redirect(mission)
    return _form_page(request, form, title=_("Thành viên đoàn: %(s)s") % {"s": mission.subject}, back=mission.get_absolute_url())


@login_required
def recommendation_create(request, pk: int):
    mission = get_mission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.RecommendationForm(request.POST or None, unit_id=mission.lead_body.unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_add(mission=mission, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã thêm kiến nghị."))
            return redirect(mission)
    return _form_page(request, form, title=_("Thêm kiến nghị sau giám sát"), back=mission.get_absolute_url())


@login_required
def recommendation_answer(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk, need=Need.ANSWER)
    form = forms.RecommendationAnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_answer(recommendation=recommendation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận báo cáo kết quả thực hiện kiến nghị."))
            return redirect(recommendation.mission)
    return _form_page(request, form, title=_("Báo cáo kết quả thực hiện kiến nghị"), back=recommendation.mission.get_absolute_url(),
                      intro=recommendation.content)


@login_required
def recommendation_verify(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk, need=Need.VERIFY)
    form = forms.RecommendationVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_verify(recommendation=recommendation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã xác minh kiến nghị."))
            return redirect(recommendation.mission)
    return _form_page(request, form, title=_("Xác minh kết quả thực hiện kiến nghị"), back=recommendation.mission.get_absolute_url(),
                      intro=f"{recommendation.content}\n\n{_('Trả lời')}: {recommendation.answer}")


class RecommendationListView(RegisterView):
    title = gettext_lazy("Theo dõi kiến nghị sau giám sát")
    template_name = "sessions/recommendation_list.html"
    filterset_class = RecommendationFilter
    columns = [
        Column(gettext_lazy("Kiến nghị"), "content"),
        Column(gettext_lazy("Đoàn giám sát"), "mission.subject"),
        Column(gettext_lazy("Cơ quan thực hiện"), "addressee.name"),
        Column(gettext_lazy("Thời hạn"), "due_on"),
        Column(gettext_lazy("Ngày trả lời"), "answered_on"),
        Column(gettext_lazy("Trạng thái"), "get_status_display"),
    ]

    def base_queryset(self):
        return Recommendation.objects.filter(mission__in=visible_missions(self.request.user)).select_related(
            "mission", "addressee"
        ).order_by("due_on", "id")


recommendation_list = RecommendationListView.as_view()

