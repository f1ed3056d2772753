"""What plans hear from the floors below (coordination.providers' hooks): an event scheduled or moved in
sessions or voters gives the year's plan its tasks, a move shows first which tasks it re-dates, and the
follow-up of a plan task shows and records the task's "5 rõ" on coordination's follow-up page."""

from coordination.providers import (
    register_event_listener,
    register_event_move_preview,
    register_followup_changes,
    register_followup_completion,
    register_followup_page,
)
from plans.forms import TaskExtendForm, TaskReassignForm
from plans.models import PlanTask
from plans.permissions import can_change_plan_task
from plans.services import plan_task_complete, plan_task_moves_for_event, plan_tasks_for_event_in_unit

register_event_listener(plan_tasks_for_event_in_unit)
register_event_move_preview(plan_task_moves_for_event)
register_followup_changes(PlanTask)  # its re-assign and extend forms record the task's changes


@register_followup_page(PlanTask)
def task_page(*, followup, user) -> dict:
    task = PlanTask.objects.filter(followup=followup).select_related("plan").first()
    if task is None:
        return {}
    context = {
        "parent": task.plan, "schedule": task.schedule, "accountability": task.accountability, "task": task,
        "subject_template": "plans/_followup_task.html",
        "changes": task.changes.select_related("from_person", "to_person", "approved_by", "by"),
    }
    if can_change_plan_task(user, task):
        context["reassign_form"] = TaskReassignForm(unit_id=task.plan.unit_id)
        context["extend_form"] = TaskExtendForm(unit_id=task.plan.unit_id)
    return context


@register_followup_completion(PlanTask)
def complete_task(*, followup, outcome: str, evidence, by) -> bool:
    task = PlanTask.objects.filter(followup=followup).first()
    if task is None:
        return False
    plan_task_complete(task=task, outcome=outcome, evidence=evidence, by=by)
    return True
