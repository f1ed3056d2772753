"""Importing a regulation: the upload or paste, its background reading, the preview and the save."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coordination.deadline_rules import law_names
from coordination.models import GeneratedReport
from coordination.permissions import get_report_for_user
from regulations import services
from regulations.forms import (
    ImportForm,
)
from regulations.imports import KIND as IMPORT_KIND
from regulations.imports import import_outcome, regulation_import_queue, same_text
from regulations.models import Regulation
from regulations.permissions import (
    units_for_import,
)

STATUS_BADGES = {
    Regulation.Status.DRAFT: "warn",
    Regulation.Status.NEGOTIATING: "warn",
    Regulation.Status.IN_FORCE: "ok",
    Regulation.Status.SUPERSEDED: "info",
    Regulation.Status.EXPIRED: "info",
    Regulation.Status.REPEALED: "bad",
}


def _import_units(user):
    units = units_for_import(user)
    if not units.exists():
        raise PermissionDenied
    return units


def _queue_import(request, form):
    """Store what the officer sent and go to its job's page (the job already reading it, on a second
    click)."""
    upload = form.cleaned_data["file"]
    job = regulation_import_queue(
        unit=form.cleaned_data["unit"],
        number=form.cleaned_data["number"],
        by=request.user,
        content=upload.read() if upload else form.cleaned_data["text"].encode(),
        filename=upload.name if upload else "",
    )
    return redirect("regulations:import_preview", pk=job.pk)


@login_required
def regulation_import(request):
    units = _import_units(request.user)
    # Most officers belong to one unit: it is chosen for them.
    initial = {"unit": units.first()} if len(units[:2]) == 1 else {}
    form = ImportForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        return _queue_import(request, form)
    form.fields.pop("warnings_read")
    return render(request, "regulations/regulation_import.html", {"form": form, "title": _("Nhập quy chế")})


@login_required
def regulation_import_preview(request, pk: int):
    """An import's job: its progress while the text is read (htmx polls this page for the progress alone and
    reloads it once the job has finished), then the preview. "Lưu quy chế" saves the outline the job read; a
    changed text or a new file is read again first, so that nothing is saved that was not previewed."""
    units = _import_units(request.user)
    job = get_report_for_user(request.user, pk)
    if job.kind != IMPORT_KIND:
        raise Http404
    finished = job.status == GeneratedReport.Status.DONE
    if request.headers.get("HX-Request"):
        if finished:
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "regulations/_import_progress.html", {"job": job})
    if not finished:
        return render(
            request, "regulations/regulation_import_progress.html", {"job": job, "title": _("Nhập quy chế")}
        )
    outcome = import_outcome(job)
    preview, save_error = outcome.get("parsed"), ""
    initial = {"unit": job.params["unit_id"], "number": job.params["number"], "text": outcome["text"]}
    form = ImportForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = form.cleaned_data["file"] or not same_text(form.cleaned_data["text"], outcome["text"])
        if request.POST.get("action") != "save" or changed or preview is None:
            return _queue_import(request, form)
        try:
            regulation = services.regulation_import(
                parsed=preview, unit=form.cleaned_data["unit"], by=request.user,
                number=form.cleaned_data["number"], warnings_read=form.cleaned_data["warnings_read"],
                term=form.cleaned_data["unit"].terms.order_by("-start_year").first(),
            )
        except services.RegulationError as exc:
            save_error = str(exc)
            form = ImportForm(
                initial={**initial, "unit": form.cleaned_data["unit"], "number": form.cleaned_data["number"]},
                units=units,
            )
        else:
            messages.success(
                request,
                _("Đã nhập quy chế %(number)s: %(articles)s điều, %(obligations)s nghĩa vụ chờ xác nhận. "
                  "Chữ ký của mỗi bên do lãnh đạo bên đó ghi nhận.")
                % {"number": regulation.number, "articles": regulation.articles.count(),
                   "obligations": regulation.obligations.count()},
            )
            return redirect(regulation)
    if preview is None or not preview.warnings:
        form.fields.pop("warnings_read", None)
    read_error = _("Nội dung quy chế: %(error)s") % {"error": outcome["error"]} if "error" in outcome else ""
    names = law_names() if preview else {}
    proposals = [(o, names.get(o.deadline_code, "")) for o in preview.obligations] if preview else []
    return render(request, "regulations/regulation_import.html",
                  {"form": form, "preview": preview, "proposals": proposals, "save_error": save_error,
                   "read_error": read_error, "title": _("Nhập quy chế")})
