"""Generated documents: progress, download, digital signatures in turn, a leader's own certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination import services, signing
from coordination.forms import CredentialForm
from coordination.models import GeneratedReport, SigningCredential
from coordination.permissions import access_for, get_report_for_user


def _report_context(request, report) -> dict:
    """The document's state: rendering progress, then who has signed, who is awaited, whether the viewer signs
    next."""
    parties = services.signing_state(report) if report.status == GeneratedReport.Status.DONE else []
    following = next(
        (
            p
            for p in parties
            if not p["signed"] and not (p["signature"] and p["signature"].status != "failed")
        ),
        None,
    )
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
    """A leader of the party whose turn it is signs the document (in the background; the page shows
    progress)."""
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
    """The document; ``?version=signed`` the digitally signed version (the unsigned draft stays
    downloadable)."""
    report = get_report_for_user(request.user, pk)
    if report.status != GeneratedReport.Status.DONE or not report.file:
        raise Http404
    if request.GET.get("version") == "signed":
        if not report.signed_file:
            raise Http404
        return FileResponse(
            report.signed_file.open("rb"),
            as_attachment=True,
            filename=report.signed_filename,
            content_type=report.content_type or "application/pdf",
        )
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename or report.file.name.rsplit("/", 1)[-1],
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
            services.credential_store(
                data=form.cleaned_data["certificate"].read(),
                passphrase=form.cleaned_data["passphrase"],
                user=request.user,
                image=form.cleaned_data.get("image"),
                by=request.user,
            )
        except signing.SigningError as exc:
            form.add_error("certificate", str(exc))
        else:
            messages.success(
                request, _("Đã lưu chứng thư số. Khóa bí mật được mã hóa và không hiển thị lại.")
            )
            return redirect("my_signature")
    credential = SigningCredential.objects.filter(user=request.user, active=True).first()
    status = 400 if form.errors else 200
    return render(request, "coordination/my_signature.html",
                  {"form": form, "credential": credential, "title": _("Chữ ký số của tôi")}, status=status)
