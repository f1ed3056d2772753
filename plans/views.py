"""The pages of the coordination plans: the register, a plan with its tasks and review conferences, and the
forms that add, re-assign and extend a task. Each view authorizes through plans/permissions.py and calls a
service."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.history import history_page
from coordination.listing import Column, RegisterView
from coordination.permissions import Need, access_for
from coordination.text import sentence_case
from plans import services
from plans.forms import PlanForm, PlanTaskForm, ReviewConferenceForm, TaskExtendForm, TaskReassignForm
from plans.permissions import (
    get_plan_for_user,
    get_plan_task_for_user,
    plan_units_for_user,
    visible_plans,
)


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
    return render(
        request, "plans/task_form.html", {"task": task, "form": form, "title": task.title}, status=400
    )


@login_required
@require_POST
def task_reassign(request, pk: int):
    return _task_form_view(request, pk, TaskReassignForm, lambda task, data: services.plan_task_reassign(
        task=task, to_person=data["to_person"], reason=data["reason"], by=request.user))


@login_required
@require_POST
def task_extend(request, pk: int):
    return _task_form_view(
        request,
        pk,
        TaskExtendForm,
        lambda task, data: services.plan_task_extend(
            task=task,
            due_on=data["due_on"],
            reason=data["reason"],
            approved_by=data["approved_by"],
            by=request.user,
        ),
    )


class PlanListView(RegisterView):
    title = _("Kế hoạch phối hợp")
    template_name = "plans/plan_list.html"
    search_field = None
    columns = [
        Column(_("Tên kế hoạch"), "title"),
        Column(_("Năm"), "year"),
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Quy chế thực hiện"), lambda p: sentence_case(p.regulation_title)),
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
            messages.success(
                request,
                gettext(
                    "Đã lập kế hoạch: %(t)s. Đã thêm %(n)s nhiệm vụ của các sự kiện đã lên lịch trong năm."
                )
                % {"t": plan.title, "n": plan.tasks.count()},
            )
            return redirect(plan.get_absolute_url())
    return render(request, "plans/plan_form.html", {"form": form, "title": gettext("Lập kế hoạch phối hợp")},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def plan_generate(request, pk: int):
    """ "Tạo nhiệm vụ định kỳ từ quy chế": staff and leaders of the plan's parties; pressing again adds
    nothing."""
    plan = get_plan_for_user(request.user, pk, need=Need.CHANGE)
    created = services.plan_generate_recurring(plan=plan)
    if plan.regulation_id is None:
        messages.error(
            request,
            gettext("Chưa tạo được nhiệm vụ: %(u)s chưa có quy chế phối hợp có hiệu lực trong năm %(y)s.")
            % {"u": plan.unit, "y": plan.year},
        )
    elif created:
        messages.success(request, gettext("Đã tạo %(n)s nhiệm vụ định kỳ từ quy chế.") % {"n": created})
    else:
        messages.info(
            request, gettext("Không có nhiệm vụ định kỳ mới: các nhiệm vụ từ quy chế đã có trong kế hoạch.")
        )
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


@login_required
def plan_history(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    return history_page(request, plan, back_url=plan.get_absolute_url())


def _plan_page(request, plan, task_form, status=200, conference_form=None):
    tasks = plan.tasks.select_related("lead_body", "responsible", "followup").order_by("due_on", "id")
    if conference_form is None and plan.can.review:
        conference_form = ReviewConferenceForm(initial={"period_start": date(plan.year, 1, 1)})
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "title": plan.title,
            "parties": plan.parties.all(),
            "conferences": plan.conferences.prefetch_related("new_tasks"),
            "today": timezone.localdate(),
            "task_form": task_form,
            "conference_form": conference_form,
            "can_generate": plan.can.change,
        },
        status=status,
    )


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
