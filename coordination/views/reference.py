"""The reference registers: bodies (with a body's page) and administrative units."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from coordination.filters import BodyFilter, UnitFilter
from coordination.listing import Column, RegisterView
from coordination.models import AdministrativeUnit
from coordination.permissions import get_body_for_user, visible_bodies


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
        return AdministrativeUnit.objects.select_related("level", "parent").order_by(
            "level__rank", "parent__name", "name"
        )


unit_list = UnitListView.as_view()
