"""A user's notifications: digest preferences (by signed link), the secret calendar feed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from coordination import services
from coordination.forms import PreferenceForm
from coordination.models import NotificationPreference
from coordination.tokens import preferences_token, user_from_preferences_token


def preferences(request, token: str):
    """Digest preferences and unsubscribe, without logging in: the signed token names the user."""
    user = user_from_preferences_token(token)
    if user is None:
        return render(
            request,
            "coordination/preferences_invalid.html",
            {"title": gettext("Liên kết không hợp lệ")},
            status=404,
        )
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    form = PreferenceForm(instance=pref)
    if request.method == "POST":
        if "unsubscribe" in request.POST:
            services.notification_preference_save(
                user=user,
                digest_frequency=NotificationPreference.Frequency.NEVER,
                digest_weekday=pref.digest_weekday,
                digest_hour=pref.digest_hour,
            )
            messages.success(request, gettext("Bạn đã hủy nhận thư tổng hợp."))
            return redirect(request.path)
        form = PreferenceForm(request.POST, instance=NotificationPreference.objects.get(pk=pref.pk))
        if form.is_valid():
            services.notification_preference_save(user=user, **form.cleaned_data)
            messages.success(request, gettext("Đã lưu tùy chọn nhận thư."))
            return redirect(request.path)
    return render(
        request,
        "coordination/preferences.html",
        {"form": form, "pref_user": user, "title": gettext("Tùy chọn nhận thư tổng hợp")},
        status=400 if form.errors else 200,
    )


@login_required
def my_notifications(request):
    """The signed-in user's own settings: digest preferences link and the secret calendar feed URL."""
    pref = NotificationPreference.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("followups:feed", args=[pref.feed_token]))
        if pref and pref.feed_token
        else ""
    )
    return render(
        request,
        "coordination/my_notifications.html",
        {
            "title": gettext("Thông báo và lịch cá nhân"),
            "feed_url": feed_url,
            "preferences_url": preferences_token(user=request.user),
        },
    )


@login_required
@require_POST
def feed_rotate(request):
    services.feed_token_rotate(user=request.user)
    messages.success(request, gettext("Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được."))
    return redirect("followups:notifications")


def feed(request, token: str):
    """The per-user iCalendar feed; the secret token in the URL is the only credential (calendar apps cannot
    log in)."""
    from coordination.calendar_feed import calendar_feed_ics

    pref = (
        NotificationPreference.objects.filter(feed_token=token)
        .exclude(feed_token="")
        .select_related("user")
        .first()
        if len(token) >= 20
        else None
    )
    if pref is None or not pref.user.is_active:
        raise Http404
    today = timezone.localdate()
    return HttpResponse(
        calendar_feed_ics(user=pref.user, start=today - timedelta(days=90), end=today + timedelta(days=365)),
        content_type="text/calendar; charset=utf-8",
    )
