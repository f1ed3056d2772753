from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination import services, signing
from coordination.filters import BodyFilter, UnitFilter
from coordination.forms import CredentialForm
from coordination.listing import Column, RegisterView
from coordination.models import AdministrativeUnit, FollowUp, GeneratedReport, Membership, SigningCredential
from coordination.permissions import (
    access_for,
    get_body_for_user,
    get_report_for_user,
    restrict_to_visible_subjects,
    visible_bodies,
)


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
    mine = restrict_to_visible_subjects(FollowUp.objects.open(), request.user).filter(responsible__user=request.user).select_related("lead_body").order_by("due_on")[:15]
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


def _report_context(request, report) -> dict:
    """The document's state: rendering progress, then who has signed, who is awaited, whether the viewer signs next."""
    parties = services.signing_state(report) if report.status == GeneratedReport.Status.DONE else []
    following = next((p for p in parties if not p["signed"] and not (p["signature"] and p["signature"].status != "failed")), None)
    busy = any(p["signature"] and p["signature"].status in ("queued", "running") for p in parties)
    return {"report": report, "title": report.title, "parties": parties, "signing_busy": busy,
            "can_sign": bool(following and access_for(request.user).is_leader_of(following["body_id"])),
            "next_party": following}


@login_required
def report_detail(request, pk: int):
    """The page of a background document: its progress (htmx polls ``report_status``), its download, and its
    digital signatures: who has signed, who is awaited, and the button for the leader whose turn it is."""
    report = get_report_for_user(request.user, pk)
    return render(request, "coordination/report_detail.html", _report_context(request, report))


@login_required
def report_status(request, pk: int):
    report = get_report_for_user(request.user, pk)
    return render(request, "coordination/_report_status.html", _report_context(request, report))


@login_required
@require_POST
def report_sign(request, pk: int):
    """A leader of the party whose turn it is signs the document (in the background; the page shows progress)."""
    report = get_report_for_user(request.user, pk)
    try:
        services.document_sign_request(report=report, by=request.user)
    except services.SignatureRefused as refusal:
        if not access_for(request.user).leader_body_ids and not access_for(request.user).is_superuser:
            raise PermissionDenied(str(refusal)) from None
        messages.error(request, str(refusal))
        return redirect(report.get_absolute_url())
    messages.success(request, _("Đang ký số tài liệu…"))
    return redirect(report.get_absolute_url())


@login_required
def report_download(request, pk: int):
    """The document; ``?version=signed`` the digitally signed version (the unsigned draft stays downloadable)."""
    report = get_report_for_user(request.user, pk)
    if report.status != GeneratedReport.Status.DONE or not report.file:
        raise Http404
    if request.GET.get("version") == "signed":
        if not report.signed_file:
            raise Http404
        return FileResponse(report.signed_file.open("rb"), as_attachment=True, filename=report.signed_filename,
                            content_type=report.content_type or "application/pdf")
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename or report.file.name.rsplit("/", 1)[-1],
        content_type=report.content_type or "application/octet-stream",
    )


@login_required
def my_signature(request):
    """A leader keeps their own certificate (PKCS#12; the key is stored encrypted and never shown again) and
    signature image; a document they sign shows that image with their body's seal over it."""
    access = access_for(request.user)
    if not access.leader_body_ids:
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan ký số văn bản."))
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_store(data=form.cleaned_data["certificate"].read(), passphrase=form.cleaned_data["passphrase"],
                                      user=request.user, image=form.cleaned_data.get("image"), by=request.user)
        except signing.SigningError as exc:
            form.add_error("certificate", str(exc))
        else:
            messages.success(request, _("Đã lưu chứng thư số. Khóa bí mật được mã hóa và không hiển thị lại."))
            return redirect("my_signature")
    credential = SigningCredential.objects.filter(user=request.user, active=True).first()
    status = 400 if form.errors else 200
    return render(request, "coordination/my_signature.html",
                  {"form": form, "credential": credential, "title": _("Chữ ký số của tôi")}, status=status)


def favicon(request):
    # Resolved per request: with the manifest storage of production the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/logo.svg"))
