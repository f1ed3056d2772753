"""Pages of citizen reception: reception days, visits, the schedule and replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView
from coordination.permissions import Need
from voters import forms, services
from voters.filters import ReceptionFilter, VisitFilter
from voters.models import ReceptionVisit
from voters.permissions import get_reception_for_user, visible_receptions, visible_visits

from ._common import TODAY, _editor_body_ids, _posting_needs, _refuse, _section_links


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
        return (
            visible_receptions(self.request.user).annotate(visit_count=Count("visits")).order_by("-day", "id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [(reverse("voters:reception_create"), _("Thêm lịch tiếp công dân")),
                              (reverse("voters:reception_schedule"), _("Lập lịch tiếp cả năm")),
                              (reverse("voters:visit_list"), _("Sổ lượt tiếp công dân"))] + _section_links()
        return context


reception_list = ReceptionListView.as_view()


class VisitListView(RegisterView):
    """Every visit across reception days: who came, about what, and whether the reply they are owed was
    given."""

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
    form = forms.ReceptionScheduleForm(
        request.POST or None,
        body_ids=body_ids,
        initial={"year": TODAY().year, "frequency": forms.ReceptionScheduleForm.MONTHLY},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        del data["frequency"]  # day_of_month or weekday, whichever is set, says it
        created, existing = services.reception_days_generate(**data)
        messages.success(
            request,
            _("Đã lập lịch năm %(year)s: %(n)s buổi tiếp mới, %(k)s buổi đã có từ trước.")
            % {"year": data["year"], "n": created, "k": existing},
        )
        return redirect(
            f"{reverse('voters:reception_list')}?day_from={data['year']}-01-01&day_to={data['year']}-12-31"
        )
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
    return render(
        request,
        "voters/reception_detail.html",
        {
            "reception": reception,
            "visits": visits,
            "editable": editable,
            # Visits are logged once the reception has taken place (a refused attempt still shows why).
            "form": form if editable and (reception.day <= TODAY() or form.errors) else None,
            "reply_form": forms.ReplyForm(initial={"replied_on": TODAY()}),
            "title": str(reception),
            "today": TODAY(),
        },
        status=status,
    )


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
