"""Reminders and escalation: the daily sweep that reminds of follow-ups due and escalates overdue ones, and a
leader's own reminder of one overdue follow-up ("đôn đốc")."""

import logging
from dataclasses import dataclass, fields
from datetime import date, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from coordination.dashboard_cache import followups_changed
from coordination.mail import MailBatch, RenderedMail, render_mail, slot
from coordination.models import (
    Body,
    BodyKind,
    FollowUp,
    FollowUpNudge,
    Membership,
    OutboxMessage,
    Person,
    Role,
)
from coordination.urlcache import path_of

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


@dataclass(frozen=True, slots=True)
class _Due:
    """What the sweep reads of one follow-up owed a reminder (not the model: only these columns, no text
    that the mail does not print)."""

    pk: int
    title: str
    due_on: date
    reminder_step: str
    lead_body_id: int
    responsible_id: int | None
    expected_result: str
    source: str
    subject_type_id: int | None
    subject_id: int | None


_DUE_FIELDS = [field.name for field in fields(_Due) if field.name != "pk"]


class _ReminderMails:
    """The reminder of each follow-up of a sweep, its templates rendered once per due date (which decides the
    days left and the step) and per field present (coordination.mail.MailBatch), its link formatted from one
    ``reverse()``; a source's label is read once per source."""

    def __init__(self):
        self.batch = MailBatch("coordination_reminder")
        self.detail_path = path_of("followups:detail")
        self.site_url = settings.SITE_URL
        self.labels: dict[str, str] = {}

    def source_label(self, source: str) -> str:
        if (label := self.labels.get(source)) is None:
            label = self.labels[source] = str(FollowUp(source=source).source_label)
        return label

    def __call__(self, due: _Due, *, lead_body: str, person, today: date, overdue: bool) -> RenderedMail:
        shape = (due.due_on, person is not None, bool(due.expected_result), bool(due.source))
        stand_in = SimpleNamespace(  # every field of the follow-up the templates read
            title=slot("title"),
            lead_body=SimpleNamespace(name=slot("lead_body")),
            responsible=slot("responsible") if person is not None else None,
            due_on=due.due_on,
            expected_result=slot("expected_result") if due.expected_result else "",
            source=slot("source") if due.source else "",
            source_label=slot("source"),
        )
        context = {
            "followup": stand_in,
            "days_left": (due.due_on - today).days,
            "overdue": overdue,
            "days_overdue": (today - due.due_on).days,
            "url": slot("url"),
        }
        values = {
            "title": due.title,
            "lead_body": lead_body,
            "responsible": str(person) if person is not None else "",
            "expected_result": due.expected_result,
            "source": self.source_label(due.source) if due.source else "",
            "url": self.site_url + self.detail_path(due.pk),
        }
        return self.batch.render(shape=shape, context=context, values=values)


def _restricted_subjects(addressed: list[tuple[_Due, list]]) -> dict[int, set[int]]:
    """For each follow-up whose subject an app restricts, the ids of its recipients who may see it
    (``can_view_subject``), in one query per user and kind of subject instead of one per pair. A follow-up of
    any other subject is left out: every recipient sees it."""
    from coordination.permissions import restricted_subject_type_ids
    from coordination.providers import SUBJECT_VISIBILITY

    restricted_types = restricted_subject_type_ids()
    by_user_and_model: dict[tuple[int, type], tuple[object, list[_Due]]] = {}
    seen_by: dict[int, set[int]] = {}
    for due, users in addressed:
        if due.subject_type_id in restricted_types:
            seen_by[due.pk] = set()
            model = ContentType.objects.get_for_id(due.subject_type_id).model_class()
            for user in users:
                by_user_and_model.setdefault((user.pk, model), (user, []))[1].append(due)
    for (user_id, model), (user, dues) in by_user_and_model.items():
        ids = {d.subject_id for d in dues}
        visible = set(SUBJECT_VISIBILITY[model](user).filter(pk__in=ids).values_list("pk", flat=True))
        for due in dues:
            if due.subject_id in visible:
                seen_by[due.pk].add(user_id)
    return seen_by


# follow-ups per transaction: their mails queued and their steps marked together, the mails sent after it
SWEEP_CHUNK = 2000


def reminders_sweep(*, today: date | None = None) -> int:
    """Remind the responsible person and the lead body's staff; escalate overdue items to its leaders.

    Idempotent: every message has the key (recipient, kind, follow-up, step). Returns messages queued.
    The follow-ups owed are taken ``SWEEP_CHUNK`` at a time, each chunk in its own transaction (its messages
    inserted, then its steps marked): a sweep cut off between two chunks leaves the ones before it done and
    the ones after it owed, and the next sweep sends those, each once.
    """
    today = today or timezone.localdate()
    offsets = sorted(set(settings.REMINDER_OFFSETS_DAYS))
    horizon = today + timedelta(days=max(offsets, default=0))
    candidates = (
        FollowUp.objects.open()
        .filter(due_on__lte=horizon)
        .exclude(_settled_steps(today=today, offsets=offsets))
        .order_by("due_on", "id")
        .values_list("pk", *_DUE_FIELDS)
    )
    pending = []
    for row in candidates:
        due = _Due(*row)
        step = reminder_step_for(due_on=due.due_on, today=today, offsets=offsets)
        if step and step != due.reminder_step:
            pending.append((due, step))
    if not pending:
        return 0
    body_ids = {d.lead_body_id for d, _ in pending}
    overdue_body_ids = {d.lead_body_id for d, step in pending if step.startswith("overdue")}
    escalate_via = _escalation_chains(body_ids=overdue_body_ids)
    body_names = dict(Body.objects.filter(pk__in=body_ids).values_list("pk", "name"))
    persons = Person.objects.select_related("user").in_bulk({d.responsible_id for d, _ in pending} - {None})
    staff, leaders = {}, {}
    members = Membership.objects.filter(
        body_id__in=body_ids | {b for chain in escalate_via.values() for b in chain}, user__is_active=True
    ).exclude(user__email="").select_related("user")
    for m in members:
        target = leaders if m.role == Role.LEADER else staff if m.role == Role.STAFF else None
        if target is not None:
            target.setdefault(m.body_id, []).append(m.user)
    reminder_mail = _ReminderMails()
    queued, unreached = 0, 0
    for start in range(0, len(pending), SWEEP_CHUNK):
        chunk = pending[start:start + SWEEP_CHUNK]
        addressed, marks = [], []
        for due, step in chunk:
            overdue = step.startswith("overdue")
            if overdue:
                # The lead body's leaders; a body without one (a Ban, an agency) escalates to its parent's,
                # then to the unit's Council Standing Committee, the body that oversees the coordination.
                recipients = next((leaders[b] for b in escalate_via[due.lead_body_id] if leaders.get(b)), [])
                if not recipients:
                    unreached += 1  # not marked: the next sweep tries again, once someone leads
                    continue
            else:
                recipients = list(staff.get(due.lead_body_id, []))
            person = persons.get(due.responsible_id)
            user = person.user if person is not None else None
            if not overdue and user is not None and user.is_active and user.email:
                recipients.append(user)
            addressed.append((due, step, overdue, person, list({u.pk: u for u in recipients}.values())))
            marks.append((due.pk, step))
        restricted = _restricted_subjects([(due, users) for due, _s, _o, _p, users in addressed])
        messages = []
        for due, step, overdue, person, users in addressed:
            kind = OutboxMessage.Kind.ESCALATION if overdue else OutboxMessage.Kind.REMINDER
            if due.pk in restricted:
                # a letter of a body they are not in: not even its number reaches them
                users = [u for u in users if u.pk in restricted[due.pk]]
                if not users:
                    continue
            mail = reminder_mail(
                due, lead_body=body_names[due.lead_body_id], person=person, today=today, overdue=overdue
            ).as_outbox_fields()
            messages += [
                {
                    "key": f"{kind}:{user.pk}:{due.pk}:{step}",
                    "kind": kind,
                    "recipient_id": user.pk,
                    "to_email": user.email,
                    "followup_id": due.pk,
                    **mail,
                }
                for user in users
            ]
        with transaction.atomic():
            queued += outbox_enqueue_many(messages=messages, handed_out=True)
            # Marking after enqueueing: a crash in between only makes the next sweep hit the same keys.
            _mark_steps(marks)
    if unreached:
        logger.warning(
            "%s overdue follow-ups not escalated: no leader with an email in their bodies or the Standing "
            "Committee",
            unreached,
        )
    return queued


def _mark_steps(marks: list[tuple[int, str]]) -> None:
    """Each follow-up at the step it was reminded of, in one UPDATE."""
    if not marks:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {FollowUp._meta.db_table} AS f SET reminder_step = m.step "
                "FROM unnest(%s::bigint[], %s::varchar[]) AS m(id, step) WHERE f.id = m.id",
                [[pk for pk, _ in marks], [step for _, step in marks]],
            )
        return
    by_step: dict[str, list[int]] = {}
    for pk, step in marks:
        by_step.setdefault(step, []).append(pk)
    for step, ids in by_step.items():
        FollowUp.objects.filter(pk__in=ids).update(reminder_step=step)


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
