"""Follow-ups: the only code that creates, closes, re-dates or reopens one (rule 4)."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from coordination.dashboard_cache import followups_changed
from coordination.models import Body, CoordinationArea, FollowUp, Person


def followup_open(
    *,
    subject: models.Model | None,
    title: str,
    lead_body: Body,
    due_on: date,
    responsible: Person | None = None,
    cooperating_bodies: list[Body] | tuple[Body, ...] = (),
    expected_result: str = "",
    source: str = "",
    area: CoordinationArea | None = None,
) -> FollowUp:
    followup = FollowUp.objects.create(
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        title=title[:500],
        unit_id=lead_body.unit_id,
        lead_body=lead_body,
        responsible=responsible,
        due_on=due_on,
        expected_result=expected_result,
        source=source[:500],
        area=area,
    )
    if cooperating_bodies:
        followup.cooperating_bodies.set(cooperating_bodies)
    return followup


def followups_of(subject: models.Model):
    return FollowUp.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    )


@transaction.atomic
def followup_complete(*, followup: FollowUp, outcome: str, evidence=None, completed_at=None) -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.status != FollowUp.Status.OPEN:
        return followup  # completing twice is harmless: the first completion stands
    followup.status = FollowUp.Status.DONE
    followup.completed_at = completed_at or timezone.now()
    followup.clean()  # a completion is a fact: not on a day after today
    followup.outcome = outcome
    update_fields = ["status", "completed_at", "outcome", "updated_at"]
    if evidence is not None:
        followup.evidence = evidence
        update_fields.append("evidence")
    followup.save(update_fields=update_fields)
    return followup


@transaction.atomic
def followup_reopen(*, followup: FollowUp, due_on: date | None = None, reason: str = "") -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    followup.status = FollowUp.Status.OPEN
    followup.completed_at = None
    if due_on is not None:
        followup.due_on = due_on
    if reason:
        followup.outcome = f"{followup.outcome}\n{reason}".strip()
    followup.save(update_fields=["status", "completed_at", "due_on", "outcome", "updated_at"])
    return followup


def followup_reschedule(
    *, followup: FollowUp, due_on: date, reason: str = "", extended: bool = False
) -> FollowUp:
    """Re-date an open follow-up; ``reason`` is what its history shows for the change. ``extended``: the
    deadline was extended ("gia hạn", granted by a leader) rather than following a moved event; the
    follow-up then remembers the deadline it had before its first extension (``extended_from``)."""
    if followup.due_on != due_on:
        update_fields = ["due_on", "updated_at"]
        if extended and followup.extended_from is None:
            followup.extended_from = followup.due_on
            update_fields.append("extended_from")
        followup.due_on = due_on
        followup._change_reason = reason[:100] or None  # simple_history keeps 100 characters
        followup.save(update_fields=update_fields)
    return followup


def followups_reschedule(*, changes: list[tuple[FollowUp, date]], reason: str = "") -> list[FollowUp]:
    """``followup_reschedule`` for many open follow-ups at once, in a constant number of queries (a session
    moved re-dates hundreds); each history still records the change and its reason. Returns those re-dated."""
    now = timezone.now()
    moved = []
    for followup, due_on in changes:
        if followup.due_on != due_on:
            followup.due_on, followup.updated_at = due_on, now  # bulk_update does not apply auto_now
            moved.append(followup)
    bulk_update_with_history(
        moved, FollowUp, ["due_on", "updated_at"], batch_size=500, default_change_reason=reason[:100] or None
    )
    followups_changed(unit_ids={f.unit_id for f in moved})  # bulk_update sends no post_save
    return moved


def followup_cancel(*, followup: FollowUp, reason: str) -> FollowUp:
    if followup.status == FollowUp.Status.OPEN:
        followup.status = FollowUp.Status.CANCELLED
        followup.outcome = reason
        followup.save(update_fields=["status", "outcome", "updated_at"])
    return followup
