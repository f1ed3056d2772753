"""Follow-ups, the leaders' dashboard, digests preferences, the calendar feed and
the implementation report. Each view authorizes through coordination/permissions.py and calls a service."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination import services
from coordination.dashboard_cache import dashboard_html
from coordination.filters import FollowUpFilter
from coordination.forms import (
    DashboardForm,
    FollowUpCompleteForm,
    ImplementationReportForm,
    PreferenceForm,
)
from coordination.listing import Column, RegisterView
from coordination.models import NotificationPreference, OutboxMessage
from coordination.permissions import (
    Need,
    get_followup_for_user,
    visible_followups,
    visible_units,
)
from coordination.providers import followup_complete_by_subject, followup_page_context
from coordination.queries import parse_period, period_choices
from coordination.tokens import preferences_token, user_from_preferences_token


def status_label(followup) -> str:
    return gettext("Quá hạn %(n)s ngày") % {"n": followup.days_overdue} if followup.is_overdue else followup.get_status_display()


class FollowUpListView(RegisterView):
    title = _("Việc cần theo dõi")
    template_name = "coordination/followup_list.html"
    filterset_class = FollowUpFilter
    columns = [
        Column(_("Nội dung công việc"), "title"),
        Column(_("Cơ quan chủ trì"), "lead_body.short_name"),
        Column(_("Người chịu trách nhiệm"), "responsible.full_name"),
        Column(_("Thời hạn"), "due_on"),
        Column(_("Tình trạng"), status_label),
        Column(_("Hoàn thành lúc"), "completed_at"),
        Column(_("Căn cứ"), "source"),
    ]

    def base_queryset(self):
        return visible_followups(self.request.user).select_related("lead_body", "responsible").order_by("due_on", "id")


followup_list = FollowUpListView.as_view()


@login_required
def followup_detail(request, pk: int):
    followup = get_followup_for_user(request.user, pk)
    context = {
        "followup": followup, "title": followup.title, "can_change": followup.can.change,
        "cooperating": followup.cooperating_bodies.all(),
        "messages_sent": OutboxMessage.objects.filter(followup=followup).select_related("recipient").order_by("created_at")[:50],
        "complete_form": FollowUpCompleteForm(), "workflow_url": followup.workflow_url(),
        # The subject's app adds its own (a plan task: its plan, schedule, changes, re-assign and extend forms).
        **followup_page_context(followup=followup, user=request.user),
    }
    return render(request, "coordination/followup_detail.html", context)


@login_required
@require_POST
def followup_complete(request, pk: int):
    followup = get_followup_for_user(request.user, pk, need=Need.CHANGE)
    if followup.workflow_url() is not None:
        # Closed by its own app's workflow (answer, verification): completing it here would bypass that.
        messages.error(request, gettext("Không ghi nhận hoàn thành tại đây: việc này hoàn thành khi được xử lý tại trang của nó."))
        return redirect(followup.get_absolute_url())
    form = FollowUpCompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "coordination/followup_complete.html", {"followup": followup, "form": form,
                                                                      "title": followup.title}, status=400)
    outcome, evidence = form.cleaned_data["outcome"], form.cleaned_data["evidence"]
    if not followup_complete_by_subject(followup=followup, outcome=outcome, evidence=evidence, by=request.user):
        services.followup_complete(followup=followup, outcome=outcome, evidence=evidence)
    messages.success(request, gettext("Đã ghi nhận hoàn thành: %(t)s") % {"t": followup.title})
    return redirect(followup.get_absolute_url())


@login_required
def followup_evidence(request, pk: int):
    followup = get_followup_for_user(request.user, pk)
    if not followup.evidence:
        raise Http404
    return FileResponse(followup.evidence.open("rb"), as_attachment=True, filename=followup.evidence.name.rsplit("/", 1)[-1])


def _dashboard_context(request) -> dict:
    today = timezone.localdate()
    units = visible_units(request.user)
    periods = period_choices(today)
    form = DashboardForm(request.GET or None, units=units, periods=periods)
    unit = body = area = None
    period = parse_period(str(today.year))
    if form.is_valid():
        unit, body, area = form.cleaned_data["unit"], form.cleaned_data["body"], form.cleaned_data["area"]
        if form.cleaned_data["period"]:
            period = parse_period(form.cleaned_data["period"])
    unit = unit or units.order_by("level__rank", "name").first()
    if unit is None:
        return {"form": form, "unit": None, "period": period}
    figures_html = dashboard_html(request=request, unit=unit, period=period, today=today, body=body, area=area)
    return {"form": form, "unit": unit, "period": period, "today": today, "figures_html": figures_html}


@login_required
def dashboard(request):
    context = _dashboard_context(request)
    context["title"] = gettext("Bảng điều hành")
    context["cache_seconds"] = settings.DASHBOARD_CACHE_SECONDS
    if context["unit"] is not None:
        context["report_form"] = ImplementationReportForm(
            units=visible_units(request.user), initial={"unit": context["unit"].pk, "period": context["period"].code}
        )
    return render(request, "coordination/dashboard.html", context)


@login_required
@require_POST
def implementation_report_request(request):
    form = ImplementationReportForm(request.POST, units=visible_units(request.user))
    if not form.is_valid():
        return render(request, "coordination/report_request.html", {"form": form, "title": gettext("Báo cáo kết quả thực hiện")}, status=400)
    unit, period, output = form.cleaned_data["unit"], form.cleaned_data["period"], form.cleaned_data["output"]
    report = services.report_request(
        kind=f"implementation_report_{output}",
        title=gettext("Báo cáo kết quả thực hiện quy chế phối hợp %(p)s — %(u)s") % {"p": period.label, "u": unit.name},
        params={"unit_id": unit.pk, "period": period.code}, by=request.user,
    )
    return redirect(report.get_absolute_url())


def preferences(request, token: str):
    """Digest preferences and unsubscribe, without logging in: the signed token names the user."""
    user = user_from_preferences_token(token)
    if user is None:
        return render(request, "coordination/preferences_invalid.html", {"title": gettext("Liên kết không hợp lệ")}, status=404)
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    form = PreferenceForm(instance=pref)
    if request.method == "POST":
        if "unsubscribe" in request.POST:
            services.notification_preference_save(user=user, digest_frequency=NotificationPreference.Frequency.NEVER,
                                                  digest_weekday=pref.digest_weekday, digest_hour=pref.digest_hour)
            messages.success(request, gettext("Bạn đã hủy nhận thư tổng hợp."))
            return redirect(request.path)
        form = PreferenceForm(request.POST, instance=NotificationPreference.objects.get(pk=pref.pk))
        if form.is_valid():
            services.notification_preference_save(user=user, **form.cleaned_data)
            messages.success(request, gettext("Đã lưu tùy chọn nhận thư."))
            return redirect(request.path)
    return render(request, "coordination/preferences.html", {"form": form, "pref_user": user, "title": gettext("Tùy chọn nhận thư tổng hợp")},
                  status=400 if form.errors else 200)


@login_required
def my_notifications(request):
    """The signed-in user's own settings: digest preferences link and the secret calendar feed URL."""
    pref = NotificationPreference.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(reverse("followups:feed", args=[pref.feed_token])) if pref and pref.feed_token else ""
    return render(request, "coordination/my_notifications.html", {
        "title": gettext("Thông báo và lịch cá nhân"), "feed_url": feed_url, "preferences_url": preferences_token(user=request.user),
    })


@login_required
@require_POST
def feed_rotate(request):
    services.feed_token_rotate(user=request.user)
    messages.success(request, gettext("Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được."))
    return redirect("followups:notifications")


def feed(request, token: str):
    """The per-user iCalendar feed; the secret token in the URL is the only credential (calendar apps cannot log in)."""
    from coordination.calendar_feed import calendar_feed_ics

    pref = NotificationPreference.objects.filter(feed_token=token).exclude(feed_token="").select_related("user").first() if len(token) >= 20 else None
    if pref is None or not pref.user.is_active:
        raise Http404
    today = timezone.localdate()
    return HttpResponse(calendar_feed_ics(user=pref.user, start=today - timedelta(days=90), end=today + timedelta(days=365)),
                        content_type="text/calendar; charset=utf-8")
