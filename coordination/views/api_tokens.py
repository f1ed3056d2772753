"""The "Khóa truy cập API" page: a user makes, renames, rotates and revokes their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination import services
from coordination.forms import ApiTokenForm, ApiTokenRenameForm, apply_service_error
from coordination.permissions import Need, get_api_token_for_user, visible_api_tokens

SECRET_SESSION_KEY = "api_token_secret"  # the new secret, shown on the next page once, then forgotten


def _page(request, form=None, status=200):
    secret = request.session.pop(SECRET_SESSION_KEY, None)
    context = {
        "title": _("Khóa truy cập API"),
        "form": form or ApiTokenForm(),
        "tokens": visible_api_tokens(request.user),
        "secret": secret,
        "today": timezone.localdate(),
        "api_url": request.build_absolute_uri(reverse("api:petition-list")),
        "docs_url": reverse("api:docs"),
    }
    return render(request, "coordination/api_tokens.html", context, status=status)


def _show_secret_once(request, secret: str, name: str):
    request.session[SECRET_SESSION_KEY] = {"value": secret, "name": name}
    return redirect("api_tokens")


@login_required
def api_tokens(request):
    if request.method != "POST":
        return _page(request)
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, gettext("Đã tạo khóa «%(name)s».") % {"name": token.name})
            return _show_secret_once(request, secret, token.name)
    return _page(request, form, status=400)


@login_required
@require_POST
def api_token_rename(request, pk: int):
    token = get_api_token_for_user(request.user, pk, need=Need.CHANGE)
    form = ApiTokenRenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Tên khóa: %(error)s") % {"error": " ".join(form.errors["name"])})
        return redirect("api_tokens")
    services.api_token_rename(token=token, name=form.cleaned_data["name"])
    messages.success(request, gettext("Đã đổi tên khóa thành «%(name)s».") % {"name": token.name})
    return redirect("api_tokens")


@login_required
@require_POST
def api_token_rotate(request, pk: int):
    token = get_api_token_for_user(request.user, pk, need=Need.CHANGE)
    try:
        secret = services.api_token_rotate(token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("api_tokens")
    messages.success(request, gettext("Đã tạo mã mới cho khóa «%(name)s»; mã cũ không còn dùng được.") % {
        "name": token.name})
    return _show_secret_once(request, secret, token.name)


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_api_token_for_user(request.user, pk, need=Need.CHANGE)
    services.api_token_revoke(token=token)
    messages.success(request, gettext("Đã thu hồi khóa «%(name)s».") % {"name": token.name})
    return redirect("api_tokens")
