"""Helpers the voters' pages share: today, the bodies a user edits, refusing a form, section links."""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import Body
from coordination.permissions import Need, access_for

TODAY = timezone.localdate


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


def _section_links():
    return [
        (reverse("voters:petition_list"), _("Kiến nghị cử tri")),
        (reverse("voters:reception_list"), _("Tiếp công dân")),
        (reverse("voters:letter_list"), _("Đơn thư")),
    ]
