"""The front page (what the user and their bodies owe, overdue first) and the favicon."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import FollowUp, Membership
from coordination.permissions import access_for, restrict_to_visible_subjects


@login_required
def home(request):
    """What the user belongs to and what they and their bodies owe, overdue first."""
    access = access_for(request.user)
    memberships = Membership.objects.filter(user=request.user).select_related("body", "body__unit")
    owed = (
        restrict_to_visible_subjects(FollowUp.objects.open(), request.user)
        .filter(lead_body_id__in=access.body_ids())
        .select_related("lead_body", "responsible")
        .order_by("due_on", "id")[:15]
    )
    mine = (
        restrict_to_visible_subjects(FollowUp.objects.open(), request.user)
        .filter(responsible__user=request.user)
        .select_related("lead_body")
        .order_by("due_on")[:15]
    )
    return render(
        request,
        "coordination/home.html",
        {
            "memberships": memberships,
            "owed": owed,
            "mine": mine,
            "today": timezone.localdate(),
            "title": _("Trang chủ"),
        },
    )


def favicon(request):
    # Resolved per request: with the manifest storage of production the hashed name exists only after
    # collectstatic.
    return HttpResponsePermanentRedirect(static("img/logo.svg"))
