"""Workflows of the coordination plans: tasks with the "5 rõ" (each opens its FollowUp through
coordination's services), their generation from a regulation's obligations and from the events of
sessions and voters (``plans/providers.py`` listens to ``coordination.providers.event_scheduled``),
re-assignment, extension, completion, and review conferences."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext

from coordination.models import (
    CHANGE_REASON_MAX_CHARS,
    Body,
    CoordinationArea,
    DeadlineRule,
    FollowUp,
    Person,
)
from coordination.providers import collect_plan_events
from coordination.queries import implementation_data
from coordination.services import followup_complete, followup_open, followup_reassign, followup_reschedule
from coordination.text import to_nfc
from coordination.workdays import WorkCalendar, periodic_due_dates
from plans.models import CoordinationPlan, PlanTask, PlanTaskChange, ReviewConference
from regulations.queries import confirmed_obligations, regulation_in_force


class PlanError(ValueError):
    """A plan change refused with a message for the user (Vietnamese, names the field)."""


def plan_task_create(
    *, plan: CoordinationPlan, title: str, lead_body: Body, due_on: date, responsible: Person | None = None,
    cooperating_bodies=(), expected_result: str = "", accountability: str = "", schedule: str = "",
    area: CoordinationArea | None = None, source: str = "", origin_key: str = "",
    conference: ReviewConference | None = None, by=None,
) -> PlanTask:
    """Add a "5 rõ" task and open its follow-up; with an ``origin_key`` a second call returns the first
    task."""
    if origin_key:
        existing = PlanTask.objects.filter(plan=plan, origin_key=origin_key).first()
        if existing is not None:
            return existing
    with transaction.atomic():
        task = PlanTask.objects.create(
            plan=plan,
            title=title[:500],
            lead_body=lead_body,
            due_on=due_on,
            responsible=responsible,
            expected_result=expected_result,
            accountability=accountability[:500],
            schedule=schedule[:300],
            area=area,
            source=source[:500],
            origin_key=origin_key,
            conference=conference,
        )
        if cooperating_bodies:
            task.cooperating_bodies.set(cooperating_bodies)
        task.followup = followup_open(
            subject=task,
            title=title,
            lead_body=lead_body,
            due_on=due_on,
            responsible=responsible,
            cooperating_bodies=list(cooperating_bodies),
            expected_result=expected_result,
            source=source,
            area=area,
        )
        task.save(update_fields=["followup"])
        PlanTaskChange.objects.create(
            task=task, kind=PlanTaskChange.Kind.ASSIGNED, to_person=responsible, new_due_on=due_on, by=by
        )
    return task


@transaction.atomic
def plan_task_reassign(*, task: PlanTask, to_person: Person, reason: str, by=None) -> PlanTask:
    if not reason.strip():
        raise PlanError(gettext("Lý do giao lại: bắt buộc phải ghi lý do."))
    PlanTaskChange.objects.create(
        task=task,
        kind=PlanTaskChange.Kind.REASSIGNED,
        from_person=task.responsible,
        to_person=to_person,
        reason=reason,
        by=by,
    )
    task.responsible = to_person
    task.save(update_fields=["responsible"])
    if task.followup_id and task.followup.responsible_id != to_person.pk:
        # through coordination's service: the follow-up's history records it, the new person is mailed
        followup_reassign(
            followup=task.followup, lead_body=task.followup.lead_body, responsible=to_person,
            reason=reason.strip()[:CHANGE_REASON_MAX_CHARS], by=by,
        )
    return task


@transaction.atomic
def plan_task_extend(
    *, task: PlanTask, due_on: date, reason: str, approved_by: Person | None, by=None
) -> PlanTask:
    if not reason.strip():
        raise PlanError(gettext("Lý do gia hạn: bắt buộc phải ghi lý do."))
    if approved_by is None:
        raise PlanError(gettext("Người phê duyệt gia hạn: bắt buộc phải chọn."))
    if due_on <= task.due_on:
        raise PlanError(gettext("Thời hạn mới: phải sau thời hạn hiện tại (%(due_on)s).") % {
            "due_on": f"{task.due_on:%d/%m/%Y}"})
    PlanTaskChange.objects.create(
        task=task,
        kind=PlanTaskChange.Kind.EXTENDED,
        old_due_on=task.due_on,
        new_due_on=due_on,
        reason=reason,
        approved_by=approved_by,
        by=by,
    )
    task.due_on = due_on
    task.save(update_fields=["due_on"])
    if task.followup_id:
        followup_reschedule(followup=task.followup, due_on=due_on, reason=reason, extended=True)
    return task


@transaction.atomic
def plan_task_complete(*, task: PlanTask, outcome: str, evidence=None, by=None) -> PlanTask:
    followup_complete(followup=task.followup, outcome=outcome, evidence=evidence)
    PlanTaskChange.objects.create(task=task, kind=PlanTaskChange.Kind.COMPLETED, reason=outcome, by=by)
    return task


def _obligation_task_fields(obligation) -> dict:
    return {
        "title": obligation.action,
        "lead_body": obligation.lead_body,
        "cooperating_bodies": list(obligation.cooperating_bodies.all()),
        "area": obligation.area,
        "source": obligation.citation,
        "accountability": f"{obligation.lead_body} chủ trì",
        "schedule": obligation.describe(),
    }


def plan_generate_recurring(*, plan: CoordinationPlan) -> int:
    """The year's tasks from the periodic confirmed obligations of the plan's regulation (when the plan names
    none, the one in force that year, which the plan then records). Returns how many were new. Idempotent."""
    regulation = (
        plan.regulation
        or regulation_in_force(unit=plan.unit, on=date(plan.year, 1, 1))
        or regulation_in_force(unit=plan.unit, on=date(plan.year, 12, 31))
    )
    if regulation is None:
        return 0
    if plan.regulation_id != regulation.pk:
        plan.regulation, plan.regulation_title = regulation, str(regulation)[:300]
        plan.save(update_fields=["regulation", "regulation_title"])
    cal, created = WorkCalendar(), 0
    for obligation in confirmed_obligations(regulation=regulation):
        if obligation.rule_kind == obligation.Kind.RELATIVE or obligation.lead_body is None:
            continue
        for due in periodic_due_dates(obligation, date(plan.year, 1, 1), date(plan.year, 12, 31), cal=cal):
            key = f"obligation:{obligation.pk}:{due.isoformat()}"
            if not PlanTask.objects.filter(plan=plan, origin_key=key).exists():
                plan_task_create(plan=plan, due_on=due, origin_key=key, **_obligation_task_fields(obligation))
                created += 1
    return created


def plan_tasks_for_event(
    *, plan: CoordinationPlan, anchor: str, anchor_date: date, subject: models.Model
) -> list[PlanTask]:
    """Tasks with real dates for an event (a session opening, a round's end…) from the relative obligations.

    Runs when sessions or voters announce an event (``coordination.providers.event_scheduled``, heard in
    plans/providers.py); calling it again for the same event returns the same tasks, and a moved event date
    moves their deadlines.
    """
    regulation = regulation_in_force(unit=plan.unit, on=anchor_date)
    if regulation is None:
        return []
    content_type = ContentType.objects.get_for_model(subject)
    tasks = []
    for obligation in confirmed_obligations(regulation=regulation).filter(
        rule_kind=DeadlineRule.Kind.RELATIVE, anchor=anchor
    ):
        if obligation.lead_body is None:
            continue
        due = obligation.due_date(anchor_date, remote=plan.unit.is_remote)
        key = f"event:{content_type.pk}:{subject.pk}:{obligation.pk}"
        task = plan_task_create(plan=plan, due_on=due, origin_key=key, **_obligation_task_fields(obligation))
        if task.due_on != due and task.followup_id and task.followup.status == FollowUp.Status.OPEN:
            task.due_on = due
            task.save(update_fields=["due_on"])
            followup_reschedule(followup=task.followup, due_on=due)
        tasks.append(task)
    return tasks


def plan_tasks_for_scheduled_events(*, plan: CoordinationPlan) -> int:
    """The tasks of the events of the plan's unit already scheduled in its year (each app's ``plan_events``
    provider says which), for a plan created after them. Returns how many tasks are new. Idempotent."""
    before = plan.tasks.count()
    for event in collect_plan_events(unit=plan.unit, year=plan.year):
        plan_tasks_for_event(
            plan=plan, anchor=event.anchor, anchor_date=event.anchor_date, subject=event.subject
        )
    return plan.tasks.count() - before


@transaction.atomic
def plan_create(
    *, unit, year: int, title: str, regulation, parties, signed_on: date | None = None,
) -> CoordinationPlan:
    """A unit's plan for a year, with the tasks of its events already scheduled that year (see above)."""
    plan = CoordinationPlan(
        unit=unit, year=year, title=to_nfc(title).strip()[:300], regulation=regulation,
        regulation_title=str(regulation)[:300] if regulation else "", signed_on=signed_on,
    )
    plan.clean()  # signed today or before
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # a concurrent request created the unit's plan for the year first
        raise PlanError(
            gettext("Năm: %(unit)s đã có kế hoạch phối hợp năm %(year)s.") % {"unit": unit, "year": year}
        ) from None
    plan.parties.set(parties)
    plan_tasks_for_scheduled_events(plan=plan)
    return plan


def plan_tasks_for_event_in_unit(
    *, unit, anchor: str, anchor_date: date, subject: models.Model
) -> list[PlanTask]:
    """``plan_tasks_for_event`` on the plan of ``unit`` for the event's year; no plan, no tasks (none is
    created)."""
    plan = CoordinationPlan.objects.filter(unit=unit, year=anchor_date.year).select_related("unit").first()
    if plan is None:
        return []
    return plan_tasks_for_event(plan=plan, anchor=anchor, anchor_date=anchor_date, subject=subject)


def plan_task_moves_for_event(
    *, unit, anchor: str, anchor_date: date, subject: models.Model
) -> list[tuple[PlanTask, date]]:
    """The open tasks of an event in its unit's plan that moving the event to ``anchor_date`` re-dates, each
    with its new due date: what a move shows before it is confirmed (``plan_tasks_for_event`` applies it)."""
    plan = CoordinationPlan.objects.filter(unit=unit, year=anchor_date.year).first()
    regulation = regulation_in_force(unit=unit, on=anchor_date) if plan else None
    if regulation is None:
        return []
    obligations = {
        o.pk: o
        for o in confirmed_obligations(regulation=regulation).filter(
            rule_kind=DeadlineRule.Kind.RELATIVE, anchor=anchor
        )
    }
    prefix = f"event:{ContentType.objects.get_for_model(subject).pk}:{subject.pk}:"
    tasks = PlanTask.objects.filter(plan=plan, origin_key__in=[f"{prefix}{pk}" for pk in obligations],
                                    followup__status=FollowUp.Status.OPEN).select_related("followup__lead_body")
    moves = []
    for task in tasks:
        due = obligations[int(task.origin_key.removeprefix(prefix))].due_date(
            anchor_date, remote=unit.is_remote
        )
        if due != task.due_on:
            moves.append((task, due))
    return moves


def review_conference_record(
    *, plan: CoordinationPlan, kind: str, held_on: date, title: str, conclusions: str, period_start: date,
) -> ReviewConference:
    """Record a review conference with a snapshot of the figures from ``period_start`` to the day it is
    held."""
    conference = ReviewConference(
        plan=plan, kind=kind, held_on=held_on, title=title[:300], conclusions=conclusions
    )
    conference.clean()  # held today or before: the figures are a snapshot of that day
    data = implementation_data(unit_ids={plan.unit_id}, start=period_start, end=held_on, today=held_on)
    snapshot = {
        "period": [period_start.isoformat(), held_on.isoformat()],
        "totals": data["totals"],
        "on_time_rate": data["on_time_rate"],
        "figures": [{"label": f.label, "value": f.value} for f in data["figures"]],
    }
    conference.figures = snapshot
    conference.save()
    return conference
