"""Pages of the complaint and denunciation letters, and the denouncer's protected identity."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.history import history_page
from coordination.listing import Column, RegisterView
from coordination.permissions import Need
from coordination.services import followups_of
from voters import forms, services
from voters.filters import LetterFilter
from voters.models import DenouncerIdentity, DenouncerIdentityUserObjectPermission, LetterKind
from voters.permissions import can_view_identity, get_letter_for_user, visible_letters
from voters.redaction import redact

from ._common import TODAY, _editor_body_ids, _refuse, _section_links


class LetterListView(RegisterView):
    """The letter register. No column, filter or search field ever touches DenouncerIdentity."""

    title = _("Sổ đơn thư")
    template_name = "voters/register.html"
    filterset_class = LetterFilter
    columns = [
        Column(_("Số đơn"), "number"),
        Column(_("Ngày nhận"), "received_on"),
        Column(_("Loại đơn"), "get_kind_display"),
        Column(_("Nguồn đơn"), "get_channel_display"),
        Column(_("Nội dung tóm tắt"), "content"),
        Column(_("Cơ quan xử lý"), "handling_body.short_name"),
        Column(_("Trạng thái"), "get_status_display"),
        Column(_("Hạn xử lý"), "due_on"),
        Column(_("Chuyển đến"), "forwarded_to.short_name"),
    ]

    def base_queryset(self):
        return visible_letters(self.request.user).order_by("-received_on", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = [(reverse("voters:letter_create"), _("Vào sổ đơn thư"))] + _section_links()
        return context


letter_list = LetterListView.as_view()


@sensitive_post_parameters("denouncer_name", "denouncer_address", "denouncer_contact", "denouncer_other")
@login_required
def letter_create(request):
    body_ids = _editor_body_ids(request.user)
    if not body_ids:
        raise PermissionDenied
    form = forms.LetterForm(request.POST or None, body_ids=body_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = {"full_name": data.pop("denouncer_name"), "address": data.pop("denouncer_address"),
                    "contact": data.pop("denouncer_contact"), "other_details": data.pop("denouncer_other")}
        try:
            # Whoever records a denunciation handles it until a leader assigns someone else.
            letter = services.letter_register(**data, identity=identity, handler=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã vào sổ đơn thư."))
            return redirect(letter)
    return render(request, "voters/form.html", {"form": form, "title": _("Vào sổ đơn thư"),
                                                "back": reverse("voters:letter_list")},
                  status=400 if form.errors else 200)


@sensitive_variables("identity", "revealed")
@login_required
def letter_detail(request, pk: int):
    """GET never shows the identity; a permitted user POSTs a reason, which is logged, and then sees it."""
    letter = get_letter_for_user(request.user, pk)
    identity = DenouncerIdentity.objects.filter(letter=letter).first()
    permitted = identity is not None and can_view_identity(request.user, identity)
    reveal_form = forms.RevealForm(request.POST or None) if permitted else None
    revealed = None
    if request.method == "POST":
        if not permitted:
            raise PermissionDenied
        if reveal_form.is_valid():
            revealed = services.identity_reveal(
                identity=identity, user=request.user, reason=reveal_form.cleaned_data["reason"]
            )
    editable, manages = letter.can.change, letter.can.manage
    return render(
        request,
        "voters/letter_detail.html",
        {
            "letter": letter,
            "identity_exists": identity is not None,
            "permitted": permitted,
            "revealed": revealed,
            "reveal_form": reveal_form,
            "editable": editable,
            "action_form": forms.LetterActionForm(initial={"on": TODAY()}) if editable else None,
            "handler_form": forms.HandlerForm(letter=letter, initial={"handler": letter.handler_id})
            if manages
            else None,
            "grant_form": forms.GrantForm() if manages and identity is not None else None,
            # Who may read the identity (not the identity itself), each with a revoke form for the leader.
            "holders": [
                (row.user, forms.RevokeForm(initial={"user": row.user_id}))
                for row in DenouncerIdentityUserObjectPermission.objects.filter(content_object=identity)
                .select_related("user")
                .order_by("user__username")
            ]
            if manages and identity is not None
            else [],
            "access_log": identity.access_log.select_related("user")[:20] if permitted else [],
            "followups": followups_of(letter).select_related("lead_body").order_by("id"),
            "is_denunciation": letter.kind == LetterKind.DENUNCIATION,
            "title": str(letter),
        },
    )


@sensitive_variables("identity", "secrets")
@login_required
def letter_history(request, pk: int):
    """Every version of the letter, its texts redacted again with today's rules (they were redacted when
    saved, as the letter's page shows them); the identity itself keeps no history (DenouncerIdentity)."""
    letter = get_letter_for_user(request.user, pk)
    identity = DenouncerIdentity.objects.filter(letter=letter).first()
    secrets = identity.identifying_strings() if identity else []
    return history_page(request, letter, back_url=letter.get_absolute_url(),
                        clean=lambda text: redact(text, secrets))


@login_required
@require_POST
def letter_action(request, pk: int):
    letter = get_letter_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.LetterActionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Thao tác không hợp lệ: %(e)s") % {"e": "; ".join(form.errors.get("action", []))}
        )
        return redirect(letter)
    data = form.cleaned_data
    on = data["on"] or TODAY()
    try:
        match data["action"]:
            case "accept":
                services.letter_accept(letter=letter, on=on)
            case "forward":
                if data["to_body"] is None:
                    raise ValidationError(_("Chọn cơ quan nhận đơn chuyển."))
                services.letter_forward(letter=letter, to_body=data["to_body"], on=on)
            case "extend":
                services.letter_extend(letter=letter)
            case "resolve" | "reject":
                services.letter_close(
                    letter=letter, result=data["result"], on=on, rejected=data["action"] == "reject"
                )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật đơn thư."))
    return redirect(letter)


def _apply_to_letter(request, letter, form, action, success: str):
    """Run a leader's form against the service; a refusal comes back as messages on the letter page."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(letter)
    _refuse(request, form)
    return redirect(letter)


@login_required
@require_POST
def letter_handler(request, pk: int):
    """Assign or change the handler: the new one may read the identity, the previous one no longer."""
    letter = get_letter_for_user(request.user, pk, need=Need.MANAGE)
    return _apply_to_letter(
        request, letter, forms.HandlerForm(request.POST, letter=letter),
        lambda handler: services.letter_assign_handler(letter=letter, handler=handler, by=request.user),
        _("Đã phân công người xử lý đơn."),
    )


@login_required
@require_POST
def letter_revoke(request, pk: int):
    letter = get_letter_for_user(request.user, pk, need=Need.MANAGE)
    identity = get_object_or_404(DenouncerIdentity, letter=letter)
    return _apply_to_letter(
        request,
        letter,
        forms.RevokeForm(request.POST),
        lambda user, reason: services.identity_revoke(
            identity=identity, user=user, by=request.user, reason=reason
        ),
        _("Đã thu hồi quyền xem thông tin người tố cáo."),
    )


@login_required
@require_POST
def letter_grant(request, pk: int):
    """A leader authorises another officer of the handling body to read the identity."""
    letter = get_letter_for_user(request.user, pk, need=Need.MANAGE)
    identity = get_object_or_404(DenouncerIdentity, letter=letter)
    form = forms.GrantForm(request.POST)
    user = None
    if form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True,
                                               memberships__body_id=letter.handling_body_id).first()
    if user is None or user == request.user:
        messages.error(
            request, _("Người được cấp quyền phải là cán bộ khác của cơ quan xử lý đơn, và phải ghi lý do.")
        )
        return redirect(letter)
    services.identity_grant(identity=identity, user=user, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(
        request, _("Đã cấp quyền xem thông tin người tố cáo cho %(u)s.") % {"u": user.get_username()}
    )
    return redirect(letter)


@login_required
def letter_copy(request, pk: int):
    """The copy forwarded for verification: the letter without anything that identifies the denouncer."""
    letter = get_letter_for_user(request.user, pk)
    return render(
        request,
        "voters/letter_copy.html",
        {"letter": letter, "title": _("Phiếu chuyển đơn"), "today": TODAY()},
    )
