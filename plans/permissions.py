"""The doors of the coordination plans (ARCHITECTURE.md rule 3): members of a plan's unit see it and its
tasks; staff and leaders of its parties generate its tasks, those of a task's lead body or of the Standing
Committee re-assign or extend it."""

from coordination.models import MAIN_BODY_KINDS, AdministrativeUnit, Body, BodyKind
from coordination.permissions import Need, access_for, authorize, visible_object
from plans.models import CoordinationPlan, PlanTask


def visible_plans(user):
    access = access_for(user)
    plans = CoordinationPlan.objects.select_related("unit")
    return plans if access.is_superuser else plans.filter(unit_id__in=access.unit_ids())


def plan_units_for_user(user):
    """Units whose plans the user may create: staff or leader of one of the unit's current main bodies."""
    access = access_for(user)
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    if access.is_superuser:
        return units
    main = Body.objects.filter(
        pk__in=access.editor_body_ids, kind__in=MAIN_BODY_KINDS, active_to__isnull=True
    )
    return units.filter(bodies__in=main).distinct()


def get_plan_for_user(user, pk: int, *, need: Need = Need.VIEW) -> CoordinationPlan:
    """Members of the unit see a plan; CHANGE (generating its tasks) needs staff/leader of one of its parties,
    REVIEW (recording a review conference) staff/leader of any body of its unit."""
    plan = visible_object(visible_plans(user).select_related("regulation"), pk)
    return authorize(plan, need, {
        Need.CHANGE: lambda: can_change_plan(user, plan),
        Need.REVIEW: lambda: access_for(user).can_edit_unit(plan.unit_id),
    })


def can_change_plan(user, plan: CoordinationPlan) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.editor_body_ids & {b.pk for b in plan.parties.all()})


def can_change_plan_task(user, task: PlanTask) -> bool:
    """Staff/leaders of the task's lead body, and staff/leaders of the unit's Council Standing Committee
    (its secretariat follows every task of the plan, as it does every follow-up:
    ``coordination.permissions.can_assign_followup``)."""
    access = access_for(user)
    return access.can_edit_for_body(task.lead_body_id) or access.can_edit_unit(
        task.plan.unit_id, kinds=(BodyKind.COUNCIL_STANDING,)
    )


def get_plan_task_for_user(user, pk: int, *, need: Need = Need.VIEW) -> PlanTask:
    """Members of the plan's unit see a task; CHANGE (re-assign, extend): ``can_change_plan_task`` — staff and
    leaders of its lead body or of the unit's Council Standing Committee."""
    access = access_for(user)
    tasks = PlanTask.objects.select_related("plan", "lead_body", "responsible", "followup")
    if not access.is_superuser:
        tasks = tasks.filter(plan__unit_id__in=access.unit_ids())
    task = visible_object(tasks, pk)
    return authorize(task, need, {Need.CHANGE: lambda: can_change_plan_task(user, task)})
