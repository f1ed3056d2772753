"""Pages of the Council's resolutions: register, detail, record and file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView
from coordination.permissions import Need
from sessions import forms, services
from sessions.filters import ResolutionFilter
from sessions.permissions import get_resolution_for_user, get_session_for_user, visible_resolutions

from ._common import _form_page


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
        return (
            visible_resolutions(self.request.user)
            .prefetch_related("replaces")
            .order_by("-adopted_on", "number")
        )


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
    return _form_page(
        request,
        form,
        title=_("Ghi nhận nghị quyết được thông qua"),
        back=session.get_absolute_url(),
        multipart=True,
    )


@login_required
def resolution_file(request, pk: int):
    resolution = get_resolution_for_user(request.user, pk)
    if not resolution.file:
        raise Http404
    return FileResponse(
        resolution.file.open("rb"), as_attachment=True, filename=resolution.file.name.rsplit("/", 1)[-1]
    )
