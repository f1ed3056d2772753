from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.filters import BodyFilter, UnitFilter
from coordination.listing import Column, RegisterView
from coordination.models import AdministrativeUnit, FollowUp, GeneratedReport, Membership
from coordination.permissions import access_for, get_body_for_user, get_report_for_user, visible_bodies


@login_required
def home(request):
    """What the user belongs to and what they and their bodies owe, overdue first."""
    access = access_for(request.user)
    memberships = Membership.objects.filter(user=request.user).select_related("body", "body__unit")
    owed = (
        FollowUp.objects.open()
        .filter(lead_body_id__in=access.body_ids())
        .select_related("lead_body", "responsible")
        .order_by("due_on", "id")[:15]
    )
    mine = FollowUp.objects.open().filter(responsible__user=request.user).select_related("lead_body").order_by("due_on")[:15]
    return render(
        request,
        "coordination/home.html",
        {"memberships": memberships, "owed": owed, "mine": mine, "today": timezone.localdate(), "title": _("Trang chủ")},
    )


class BodyListView(RegisterView):
    title = _("Các cơ quan")
    filterset_class = BodyFilter
    columns = [
        Column(_("Tên cơ quan"), "name"),
        Column(_("Viết tắt"), "short_name"),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Trực thuộc"), "parent.name"),
        Column(_("Thư điện tử"), "email"),
    ]

    def base_queryset(self):
        return visible_bodies(self.request.user).order_by("unit__name", "kind", "name")


body_list = BodyListView.as_view()


@login_required
def body_detail(request, pk: int):
    body = get_body_for_user(request.user, pk)
    positions = body.positions.select_related("person").order_by("-is_head", "person__full_name")
    members = body.memberships.select_related("user").order_by("role", "user__username")
    children = body.children.order_by("kind", "name")
    return render(
        request,
        "coordination/body_detail.html",
        {"body": body, "positions": positions, "members": members, "children": children, "title": body.name},
    )


class UnitListView(RegisterView):
    """The administrative units register: public reference data, readable by every signed-in user."""

    title = _("Đơn vị hành chính")
    filterset_class = UnitFilter
    columns = [
        Column(_("Mã"), "code"),
        Column(_("Tên"), "name"),
        Column(_("Cấp"), "level.name"),
        Column(_("Trực thuộc"), "parent.name"),
        Column(_("Hiệu lực từ"), "valid_from"),
        Column(_("Hiệu lực đến"), "valid_to"),
    ]

    def base_queryset(self):
        return AdministrativeUnit.objects.select_related("level", "parent").order_by("level__rank", "parent__name", "name")


unit_list = UnitListView.as_view()


@login_required
def report_detail(request, pk: int):
    """The progress page of a background document; htmx polls ``report_status`` until it is done."""
    report = get_report_for_user(request.user, pk)
    return render(request, "coordination/report_detail.html", {"report": report, "title": report.title})


@login_required
def report_status(request, pk: int):
    report = get_report_for_user(request.user, pk)
    return render(request, "coordination/_report_status.html", {"report": report})


@login_required
def report_download(request, pk: int):
    report = get_report_for_user(request.user, pk)
    if report.status != GeneratedReport.Status.DONE or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename or report.file.name.rsplit("/", 1)[-1],
        content_type=report.content_type or "application/octet-stream",
    )


def favicon(request):
    # Resolved per request: with the manifest storage of production the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/logo.svg"))
