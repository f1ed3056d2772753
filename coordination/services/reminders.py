"""Reminders and escalation: the daily sweep that reminds of follow-ups due and escalates overdue ones, and a
leader's own reminder of one overdue follow-up ("đôn đốc")."""

import logging
from datetime import date, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from coordination.dashboard_cache import followups_changed
from coordination.mail import MailBatch, RenderedMail, path_of, render_mail, slot
from coordination.models import Body, BodyKind, FollowUp, FollowUpNudge, Membership, OutboxMessage, Role

from ._recipients import owers
from .outbox import outbox_enqueue_many

logger = logging.getLogger(__name__)


def reminder_step_for(*, due_on: date, today: date, offsets: list[int]) -> str | None:
    """The reminder a follow-up is owed today: the smallest offset not below the days left, or escalation.

    With offsets 7, 1, 0 an item due in 5 days is at step "d7" (a sweep that missed day 7 still
    sends it), due tomorrow "d1", due today "d0", past due "overdue". The due date is part of the
    step, so an extended deadline earns fresh reminders.
    """
    days_left = (due_on - today).days
    if days_left < 0:
        return f"overdue@{due_on.isoformat()}"
    fitting = [o for o in sorted(offsets) if o >= days_left]
    return f"d{fitting[0]}@{due_on.isoformat()}" if fitting else None


def _settled_steps(*, today: date, offsets: list[int]) -> Q:
    """Rows already at the step their due date earns today, so a sweep between two date changes reads nothing.

    Same rule as ``reminder_step_for``, in SQL: days left in (previous offset, offset] earn "d<offset>@<due
    date>", past due "overdue@<due date>". The current due date is part of each step, so an item escalated and
    then extended, rescheduled or reopened with a new date is not settled and earns its reminders again.
    """
    def step(prefix: str):
        return Concat(Value(prefix), Cast("due_on", CharField()))

    settled, low = Q(due_on__lt=today, reminder_step=step("overdue@")), -1
    for offset in offsets:
        settled |= Q(
            due_on__gt=today + timedelta(days=low),
            due_on__lte=today + timedelta(days=offset),
            reminder_step=step(f"d{offset}@"),
        )
        low = offset
    return settled


def _escalation_chains(*, body_ids: set[int]) -> dict[int, list[int]]:
    """For each body, the bodies whose leaders hear of its overdue items, nearest first: itself, its parents,
    then its unit's Council Standing Committee. One query per level of parents."""
    rows = {
        pk: (parent_id, unit_id)
        for pk, parent_id, unit_id in Body.objects.filter(pk__in=body_ids).values_list(
            "pk", "parent_id", "unit_id"
        )
    }
    missing = {parent for parent, _unit in rows.values() if parent and parent not in rows}
    while missing:
        found = Body.objects.filter(pk__in=missing).values_list("pk", "parent_id", "unit_id")
        rows.update({pk: (parent_id, unit_id) for pk, parent_id, unit_id in found})
        missing = {parent for parent, _unit in rows.values() if parent and parent not in rows} - missing
    standing = dict(
        Body.objects.filter(
            unit_id__in={rows[b][1] for b in body_ids}, kind=BodyKind.COUNCIL_STANDING, active_to__isnull=True
        ).values_list("unit_id", "pk")
    )
    chains = {}
    for body_id in body_ids:
        chain, current = [], body_id
        while current is not None and current not in chain:
            chain.append(current)
            current = rows.get(current, (None, None))[0]
        unit_id = rows[body_id][1]
        chains[body_id] = [*chain, standing[unit_id]] if unit_id in standing else chain
    return chains


class _ReminderMails:
    """The reminder of each follow-up of a sweep, its templates rendered once per due date (which decides the
    days left and the step) and per field present (coordination.mail.MailBatch), its link formatted from one
    ``reverse()``."""

    def __init__(self):
        self.batch = MailBatch("coordination_reminder")
        self.detail_path = path_of("followups:detail")

    def __call__(self, followup: FollowUp, *, today: date, overdue: bool) -> RenderedMail:
        person = followup.responsible
        shape = (followup.due_on, person is not None, bool(followup.expected_result), bool(followup.source))
        stand_in = SimpleNamespace(  # every field of the follow-up the templates read
            title=slot("title"),
            lead_body=SimpleNamespace(name=slot("lead_body")),
            responsible=slot("responsible") if person is not None else None,
            due_on=followup.due_on,
            expected_result=slot("expected_result") if followup.expected_result else "",
            source=slot("source") if followup.source else "",
            source_label=slot("source"),
        )
        context = {
            "followup": stand_in,
            "days_left": (followup.due_on - today).days,
            "overdue": overdue,
            "days_overdue": (today - followup.due_on).days,
            "url": slot("url"),
        }
        values = {
            "title": followup.title,
            "lead_body": followup.lead_body.name,
            "responsible": str(person) if person is not None else "",
            "expected_result": followup.expected_result,
            "source": str(followup.source_label) if followup.source else "",
            "url": settings.SITE_URL + self.detail_path(followup.pk),
        }
        return self.batch.render(shape=shape, context=context, values=values)


def reminders_sweep(*, today: date | None = None) -> int:
    """Remind the responsible person and the lead body's staff; escalate overdue items to its leaders.

    Idempotent: every message has the key (recipient, kind, follow-up, step). Returns messages queued.
    """
    from coordination.permissions import can_view_subject

    today = today or timezone.localdate()
    offsets = sorted(set(settings.REMINDER_OFFSETS_DAYS))
    horizon = today + timedelta(days=max(offsets, default=0))
    candidates = list(
        FollowUp.objects.open()
        .filter(due_on__lte=horizon)
        .exclude(_settled_steps(today=today, offsets=offsets))
        .select_related("lead_body", "responsible__user", "unit")
        .order_by("due_on", "id")
    )
    pending = []
    for followup in candidates:
        step = reminder_step_for(due_on=followup.due_on, today=today, offsets=offsets)
        if step and step != followup.reminder_step:
            pending.append((followup, step))
    if not pending:
        return 0
    body_ids = {f.lead_body_id for f, _ in pending}
    overdue_body_ids = {f.lead_body_id for f, step in pending if step.startswith("overdue")}
    escalate_via = _escalation_chains(body_ids=overdue_body_ids)
    staff, leaders = {}, {}
    members = Membership.objects.filter(
        body_id__in=body_ids | {b for chain in escalate_via.values() for b in chain}, user__is_active=True
    ).exclude(user__email="").select_related("user")
    for m in members:
        target = leaders if m.role == Role.LEADER else staff if m.role == Role.STAFF else None
        if target is not None:
            target.setdefault(m.body_id, []).append(m.user)
    messages, unreached = [], set()
    reminder_mail = _ReminderMails()
    for followup, step in pending:
        overdue = step.startswith("overdue")
        kind = OutboxMessage.Kind.ESCALATION if overdue else OutboxMessage.Kind.REMINDER
        if overdue:
            # The lead body's leaders; a body without one (a Ban, an agency) escalates to its parent's,
            # then to the unit's Council Standing Committee, the body that oversees the coordination.
            recipients = next((leaders[b] for b in escalate_via[followup.lead_body_id] if leaders.get(b)), [])
            if not recipients:
                unreached.add(followup.pk)
                continue
        else:
            recipients = list(staff.get(followup.lead_body_id, []))
        person = followup.responsible
        if (
            not overdue
            and person is not None
            and person.user is not None
            and person.user.is_active
            and person.user.email
        ):
            recipients.append(person.user)
        mail = reminder_mail(followup, today=today, overdue=overdue)
        for user in {u.pk: u for u in recipients}.values():
            if not can_view_subject(user, followup):
                continue  # a letter of a body they are not in: not even its number reaches them
            messages.append(
                {
                    "key": f"{kind}:{user.pk}:{followup.pk}:{step}",
                    "kind": kind,
                    "recipient": user,
                    "to_email": user.email,
                    **mail.as_outbox_fields(),
                    "followup": followup,
                }
            )
    with transaction.atomic():
        queued = outbox_enqueue_many(messages=messages)
        # Marking after enqueueing: a crash in between only makes the next sweep hit the same keys.
        by_step: dict[str, list[int]] = {}
        for followup, step in pending:
            if followup.pk not in unreached:  # not escalated: the next sweep tries again, once someone leads
                by_step.setdefault(step, []).append(followup.pk)
        for step, ids in by_step.items():
            FollowUp.objects.filter(pk__in=ids).update(reminder_step=step)
    if unreached:
        logger.warning(
            "%s overdue follow-ups not escalated: no leader with an email in their bodies or the Standing "
            "Committee",
            len(unreached),
        )
    return queued


# --- A leader's reminder ("đôn đốc") -----------------------------------------------------------------


def followup_nudge(
    *, followup: FollowUp, by, message: str = "", today: date | None = None
) -> tuple[FollowUpNudge, bool]:
    """Record a leader's reminder of ``followup`` and mail it to whoever owes it. Once a day: a second
    reminder the same day (a double click, another leader) is the first one, and sends nothing (False)."""
    today = today or timezone.localdate()
    nudge = FollowUpNudge(followup=followup, by=by, on=today, message=message.strip())
    nudge.full_clean(exclude=["followup", "by"], validate_constraints=False)
    with transaction.atomic():  # the reminder and its mails, or neither
        try:
            with transaction.atomic():
                nudge.save()
        except IntegrityError:  # already reminded today
            return FollowUpNudge.objects.get(followup=followup, on=today), False
        followups_changed(unit_ids={followup.unit_id})  # the dashboard's overdue list shows it
        context = {
            "followup": followup,
            "nudge": nudge,
            "by_name": by.get_full_name() or by.get_username(),
            "days_overdue": (today - followup.due_on).days,
            "url": settings.SITE_URL + followup.get_absolute_url(),
        }
        mail = render_mail("coordination_nudge", context)
        outbox_enqueue_many(messages=[
            {
                "key": f"{OutboxMessage.Kind.NUDGE}:{user.pk}:{followup.pk}:{today.isoformat()}",
                "kind": OutboxMessage.Kind.NUDGE,
                "recipient": user,
                "to_email": user.email,
                "followup": followup,
                **mail.as_outbox_fields(),
            }
            for user in owers(followup)
        ])
    return nudge, True
