"""Pages of the Council's sessions: register, creation, detail, move, status, dossier, agenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.history import history_page
from coordination.listing import Column
from coordination.models import Body, Term
from coordination.permissions import Need
from coordination.services import report_request
from sessions import forms, services
from sessions.filters import SessionFilter
from sessions.models import AgendaItem, Session
from sessions.permissions import (
    can_change_submission,
    can_review_submission,
    get_session_for_user,
    visible_sessions,
)

from ._common import CouncilRegisterView, _form_page, for_managed_council
from .questioning import _with_can_answer


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
            form.add_error(
                None, _("Đơn vị chưa có nhiệm kỳ HĐND; quản trị viên cần khai báo nhiệm kỳ trước.")
            )
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
def session_history(request, pk: int):
    session = get_session_for_user(request.user, pk)
    return history_page(request, session, back_url=session.get_absolute_url())


@login_required
def session_detail(request, pk: int):
    session = get_session_for_user(request.user, pk)
    submissions = list(
        session.submissions.select_related("presenting_body", "reviewing_committee").prefetch_related(
            "documents"
        )
    )
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
        "incoming": AgendaItem.objects.filter(to_session=session).select_related(
            "meeting", "presenting_body"
        ),
        "submissions": submissions,
        "late_count": sum(1 for s in submissions if s.is_late),
        "resolutions": session.resolutions.prefetch_related("replaces", "replaced_by"),
        "questions": _with_can_answer(
            request.user,
            session.questions.select_related(
                "deputy__person", "questioned_body", "questioned_person"
            ).prefetch_related("commitments"),
        ),
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
        request.POST or None,
        initial={"planned_open": session.planned_open, "planned_close": session.planned_close},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" not in request.POST:
                changes = services.session_move_changes(
                    session=session, planned_open=form.cleaned_data["planned_open"],
                    planned_close=form.cleaned_data["planned_close"])
                return render(
                    request,
                    "sessions/session_move_confirm.html",
                    {
                        "session": session,
                        "form": form,
                        "changes": changes,
                        "title": _("Dời lịch %(s)s") % {"s": session},
                    },
                )
            queued = services.session_move(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã dời kỳ họp; các thời hạn liên quan đã được tính lại, %(n)s thư thông báo đã xếp gửi.")
                % {"n": queued},
            )
            return redirect(session)
    return _form_page(
        request,
        form,
        title=_("Dời lịch %(s)s") % {"s": session},
        back=session.get_absolute_url(),
        intro=_(
            "Mọi thời hạn còn phải thực hiện tính theo ngày khai mạc (tờ trình, báo cáo thẩm tra, cam kết) "
            "sẽ được tính lại và báo cho cơ quan liên quan; việc đã làm giữ nguyên thời hạn đã dùng để đánh "
            "giá. "
            "Trang sau cho xem từng thời hạn thay đổi trước khi xác nhận."
        ),
    )


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
        messages.success(
            request, _("Kỳ họp chuyển sang trạng thái: %(s)s.") % {"s": session.get_status_display()}
        )
    return redirect(session)


@login_required
@require_POST
def session_dossier(request, pk: int):
    session = get_session_for_user(request.user, pk)
    report = report_request(
        kind="session_dossier",
        title=_("Hồ sơ %(s)s") % {"s": session},
        params={"session_id": session.pk},
        by=request.user,
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
