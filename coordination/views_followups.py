"""Follow-ups, coordination plans, the leaders' dashboard, digests preferences, the calendar feed and
the implementation report. Each view authorizes through coordination/permissions.py and calls a service."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
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
    PlanForm,
    PlanTaskForm,
    PreferenceForm,
    ReviewConferenceForm,
    TaskExtendForm,
    TaskReassignForm,
    apply_service_error,
)
from coordination.listing import Column, RegisterView
from coordination.models import NotificationPreference, OutboxMessage, PlanTask
from coordination.permissions import (
    Need,
    access_for,
    get_followup_for_user,
    get_plan_for_user,
    get_plan_task_for_user,
    plan_units_for_user,
    visible_followups,
    visible_plans,
    visible_units,
)
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
    task = PlanTask.objects.filter(followup=followup).select_related("plan").first()
    context = {
        "followup": followup, "title": followup.title, "can_change": followup.can.change, "task": task,
        "cooperating": followup.cooperating_bodies.all(),
        "messages_sent": OutboxMessage.objects.filter(followup=followup).select_related("recipient").order_by("created_at")[:50],
        "complete_form": FollowUpCompleteForm(), "workflow_url": followup.workflow_url(),
    }
    if task is not None:
        context["changes"] = task.changes.select_related("from_person", "to_person", "approved_by", "by")
        if access_for(request.user).can_edit_for_body(task.lead_body_id):
            context["reassign_form"] = TaskReassignForm(unit_id=task.plan.unit_id)
            context["extend_form"] = TaskExtendForm(unit_id=task.plan.unit_id)
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
    task = PlanTask.objects.filter(followup=followup).first()
    if task is not None:
        services.plan_task_complete(task=task, outcome=form.cleaned_data["outcome"], evidence=form.cleaned_data["evidence"], by=request.user)
    else:
        services.followup_complete(followup=followup, outcome=form.cleaned_data["outcome"], evidence=form.cleaned_data["evidence"])
    messages.success(request, gettext("Đã ghi nhận hoàn thành: %(t)s") % {"t": followup.title})
    return redirect(followup.get_absolute_url())


@login_required
def followup_evidence(request, pk: int):
    followup = get_followup_for_user(request.user, pk)
    if not followup.evidence:
        raise Http404
    return FileResponse(followup.evidence.open("rb"), as_attachment=True, filename=followup.evidence.name.rsplit("/", 1)[-1])


def _task_form_view(request, pk: int, form_class, action):
    task = get_plan_task_for_user(request.user, pk, need=Need.CHANGE)
    form = form_class(request.POST, unit_id=task.plan.unit_id)
    if form.is_valid():
        try:
            action(task, form.cleaned_data)
        except services.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Đã cập nhật nhiệm vụ."))
            return redirect(task.get_absolute_url())
    return render(request, "coordination/task_form.html", {"task": task, "form": form, "title": task.title}, status=400)


@login_required
@require_POST
def task_reassign(request, pk: int):
    return _task_form_view(request, pk, TaskReassignForm, lambda task, data: services.plan_task_reassign(
        task=task, to_person=data["to_person"], reason=data["reason"], by=request.user))


@login_required
@require_POST
def task_extend(request, pk: int):
    return _task_form_view(request, pk, TaskExtendForm, lambda task, data: services.plan_task_extend(
        task=task, due_on=data["due_on"], reason=data["reason"], approved_by=data["approved_by"], by=request.user))


class PlanListView(RegisterView):
    title = _("Kế hoạch phối hợp")
    template_name = "coordination/plan_list.html"
    search_field = None
    columns = [
        Column(_("Tên kế hoạch"), "title"),
        Column(_("Năm"), "year"),
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Quy chế thực hiện"), "regulation_title"),
        Column(_("Ngày ký"), "signed_on"),
    ]

    def base_queryset(self):
        return visible_plans(self.request.user).order_by("-year", "unit__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = plan_units_for_user(self.request.user).exists()
        return context


plan_list = PlanListView.as_view()


@login_required
def plan_create(request):
    """A unit's plan for a year: staff and leaders of one of the unit's main bodies."""
    if not plan_units_for_user(request.user).exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(**form.cleaned_data)
        except services.PlanError as exc:
            form.add_error("year", str(exc))
        except ValidationError as exc:  # the plan's own rules (a signature after today)
            apply_service_error(form, exc)
        else:
            messages.success(request, gettext("Đã lập kế hoạch: %(t)s. Đã thêm %(n)s nhiệm vụ của các sự kiện đã lên lịch trong năm.")
                             % {"t": plan.title, "n": plan.tasks.count()})
            return redirect(plan.get_absolute_url())
    return render(request, "coordination/plan_form.html", {"form": form, "title": gettext("Lập kế hoạch phối hợp")},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def plan_generate(request, pk: int):
    """"Tạo nhiệm vụ định kỳ từ quy chế": staff and leaders of the plan's parties; pressing again adds nothing."""
    plan = get_plan_for_user(request.user, pk, need=Need.CHANGE)
    created = services.plan_generate_recurring(plan=plan)
    if plan.regulation_id is None:
        messages.error(request, gettext("Chưa tạo được nhiệm vụ: %(u)s chưa có quy chế phối hợp có hiệu lực trong năm %(y)s.")
                       % {"u": plan.unit, "y": plan.year})
    elif created:
        messages.success(request, gettext("Đã tạo %(n)s nhiệm vụ định kỳ từ quy chế.") % {"n": created})
    else:
        messages.info(request, gettext("Không có nhiệm vụ định kỳ mới: các nhiệm vụ từ quy chế đã có trong kế hoạch."))
    return redirect(plan.get_absolute_url())


def _task_form(request, plan, data=None) -> PlanTaskForm | None:
    """The add-task form, offered only with the bodies this user may assign work for (None: none)."""
    access = access_for(request.user)
    editable = None if access.is_superuser else access.editor_body_ids
    if editable is not None and not editable:
        return None
    return PlanTaskForm(data, plan=plan, editable_body_ids=editable)


@login_required
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    return _plan_page(request, plan, _task_form(request, plan))


def _plan_page(request, plan, task_form, status=200, conference_form=None):
    tasks = plan.tasks.select_related("lead_body", "responsible", "followup").order_by("due_on", "id")
    if conference_form is None and plan.can.review:
        conference_form = ReviewConferenceForm(initial={"period_start": date(plan.year, 1, 1)})
    return render(request, "coordination/plan_detail.html", {
        "plan": plan, "tasks": tasks, "title": plan.title, "parties": plan.parties.all(),
        "conferences": plan.conferences.prefetch_related("new_tasks"), "today": timezone.localdate(), "task_form": task_form,
        "conference_form": conference_form, "can_generate": plan.can.change,
    }, status=status)


@login_required
@require_POST
def conference_create(request, pk: int):
    """Record a giao ban / sơ kết / tổng kết: staff and leaders of the plan's unit."""
    plan = get_plan_for_user(request.user, pk, need=Need.REVIEW)
    form = ReviewConferenceForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, plan, _task_form(request, plan), status=400, conference_form=form)
    try:
        conference = services.review_conference_record(plan=plan, **form.cleaned_data)
    except ValidationError as exc:  # ReviewConference.clean(): not held after today
        apply_service_error(form, exc)
        return _plan_page(request, plan, _task_form(request, plan), status=400, conference_form=form)
    messages.success(request, gettext("Đã ghi nhận hội nghị: %(t)s") % {"t": conference.title})
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def task_create(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    form = _task_form(request, plan, request.POST)
    if form is None:
        raise PermissionDenied
    if not form.is_valid():
        return _plan_page(request, plan, form, status=400)
    task = services.plan_task_create(plan=plan, by=request.user, **form.cleaned_data)
    messages.success(request, gettext("Đã giao việc: %(t)s") % {"t": task.title})
    return redirect(plan.get_absolute_url())


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
