"""Pages of the Standing Committee's meetings: register, creation, dates, conclusions, questions, items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.forms import apply_service_error
from coordination.listing import Column
from coordination.models import Body
from coordination.permissions import Need
from coordination.services import followups_of
from sessions import forms, services
from sessions.filters import MeetingFilter
from sessions.permissions import get_meeting_for_user, visible_meetings

from ._common import CouncilRegisterView, _form_page, for_managed_council
from .questioning import _with_can_answer


class MeetingListView(CouncilRegisterView):
    title = gettext_lazy("Phiên họp Thường trực HĐND")
    template_name = "sessions/meeting_list.html"
    filterset_class = MeetingFilter
    columns = [
        Column(gettext_lazy("Cuộc họp"), "title"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Ngày họp"), "day"),
        Column(gettext_lazy("Tình trạng"), lambda m: str(_("Đã họp") if m.is_held else _("Dự kiến"))),
        Column(
            gettext_lazy("Chuẩn bị cho"),
            lambda m: f"Kỳ họp thứ {m.for_session.number}" if m.for_session else "",
        ),
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
            form.add_error(
                None,
                _("%(c)s chưa có Thường trực HĐND đang hoạt động; quản trị viên cần khai báo trước.")
                % {"c": council.name},
            )
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
    return render(
        request,
        "sessions/meeting_detail.html",
        {
            "meeting": meeting,
            "title": str(meeting),
            "items": meeting.agenda_items.select_related("presenting_body", "to_session"),
            "attending": meeting.attending_bodies.all(),
            "questions": _with_can_answer(
                request.user, meeting.questions.select_related("deputy__person", "questioned_body")
            ),
            "tasks": followups_of(meeting).select_related("lead_body"),
            "notice_due": services.explanation_notice_due(meeting=meeting)
            if meeting.kind == meeting.Kind.EXPLANATION
            else None,
            "can_manage": meeting.can.change,
        },
    )


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
    form = forms.ConclusionForm(
        request.POST or None, unit_id=meeting.standing.unit_id, initial={"conclusions": meeting.conclusions}
    )
    if request.method == "POST" and form.is_valid():
        services.meeting_conclude(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận kết luận."))
        return redirect(meeting)
    return _form_page(
        request, form, title=_("Kết luận: %(m)s") % {"m": meeting.title}, back=meeting.get_absolute_url()
    )


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
    return _form_page(
        request, form, title=_("Ghi nhận chất vấn tại phiên họp"), back=meeting.get_absolute_url()
    )


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
