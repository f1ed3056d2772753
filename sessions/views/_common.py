"""Helpers the Council's pages share: the form page, the councils a user manages, the council registers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from coordination.listing import RegisterView
from coordination.models import Body, BodyKind
from coordination.permissions import EDITOR_ROLES, access_for
from sessions import forms
from sessions.permissions import can_manage_council


def _form_page(request, form, *, title: str, back: str, intro: str = "", multipart: bool = False):
    return render(
        request, "sessions/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "multipart": multipart},
        status=400 if form.is_bound else 200,
    )


def _managed_councils(user) -> list[Body]:
    councils = (
        Body.objects.filter(kind=BodyKind.COUNCIL, active_to__isnull=True)
        .select_related("unit")
        .order_by("unit__name", "name")
    )
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
        chooser = forms.CouncilChoiceForm(
            request.GET if "council" in request.GET else None, councils=councils
        )
        if chooser.is_valid():
            return view(request, chooser.cleaned_data["council"], *args, **kwargs)
        return render(
            request,
            "sessions/form.html",
            {
                "form": chooser,
                "title": _("Chọn Hội đồng nhân dân"),
                "method": "get",
                "back": request.path,
                "intro": _(
                    "Anh/chị quản lý công việc của nhiều Hội đồng nhân dân: hãy chọn Hội đồng cần làm việc."
                ),
            },
            status=400 if chooser.is_bound else 200,
        )

    return login_required(wrapper)


class CouncilRegisterView(RegisterView):
    """A register whose page offers "add" to the staff who manage a council (sessions, meetings, missions)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = _manages_a_council(self.request.user)
        return context


def _manages_a_council(user) -> bool:
    """Whether ``_managed_councils(user)`` holds any: no query but a superuser's (the units of the Standing
    Committees they edit are ``can_manage_council``'s; which of them have a Council in office comes with the
    memberships, ``access_for``)."""
    access = access_for(user)
    if access.is_superuser:
        return Body.objects.filter(kind=BodyKind.COUNCIL, active_to__isnull=True).exists()
    units = access.unit_ids(*EDITOR_ROLES, kinds=(BodyKind.COUNCIL_STANDING,))
    return bool(units & access.council_unit_ids)
