"""Supervision missions, their steps and team, and their recommendations (answer, verification, progress)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from coordination.deadline_rules import due_date_for
from coordination.models import Body, DeadlineAnchor, FollowUp
from coordination.providers import event_scheduled
from coordination.services import (
    followup_complete,
    followup_open,
    followup_reopen,
    followup_reschedule,
    followups_of,
)
from coordination.statutory_rules import DeadlineCode
from sessions.models import Recommendation, SupervisionMission

from ._common import _at

MISSION_STEPS = {
    # step: (deadline code, anchor attribute, date field recorded when done, follow-up title)
    "notify": (DeadlineCode.SUPERVISION_NOTIFY, "decision_date", "notified_on",
               gettext_lazy("Thông báo kế hoạch giám sát")),
    "programme": (DeadlineCode.SUPERVISION_PROGRAMME, "visit_start", "programme_sent_on",
                  gettext_lazy("Gửi chương trình làm việc")),
    "report": (DeadlineCode.SUPERVISION_REPORT, "visit_end", "reported_on",
               gettext_lazy("Báo cáo kết quả giám sát")),
}


def _step_source(step: str) -> str:
    """The key the step's follow-up is found by; its deadline code reads as the rule's name (source_label)."""
    return f"supervision:{MISSION_STEPS[step][0]}"


@transaction.atomic
def mission_create(
    *, kind: str, lead_body: Body, decision_number: str, decision_date: date, subject: str,
    supervised_bodies, visit_start: date, visit_end: date, joint_bodies=(), team_members=(), rechecks=(),
) -> SupervisionMission:
    mission = SupervisionMission(
        kind=kind, lead_body=lead_body, decision_number=decision_number, decision_date=decision_date,
        subject=subject, visit_start=visit_start, visit_end=visit_end,
    )
    mission.clean()
    mission.save()
    mission.supervised_bodies.set(supervised_bodies)
    mission.joint_bodies.set(joint_bodies)
    mission.rechecks.set(rechecks)
    mission_set_team(mission=mission, users=team_members)
    for step, (code, anchor, _field, title) in MISSION_STEPS.items():
        followup_open(
            subject=mission, title=f"{title}: {subject[:200]}", lead_body=lead_body,
            due_on=due_date_for(unit=lead_body.unit, code=code, anchor_date=getattr(mission, anchor)),
            cooperating_bodies=list(joint_bodies), source=_step_source(step),
        )
    event_scheduled(
        unit=lead_body.unit, anchor=DeadlineAnchor.DECISION, anchor_date=decision_date, subject=mission
    )
    return mission


@transaction.atomic
def mission_set_team(*, mission: SupervisionMission, users) -> None:
    """Team members get a guardian object permission on the mission, so they see it whatever their body."""
    users = list(users)
    for old in mission.team_members.exclude(pk__in=[u.pk for u in users]):
        remove_perm("council_sessions.view_supervisionmission", old, mission)
    mission.team_members.set(users)
    for user in users:
        assign_perm("council_sessions.view_supervisionmission", user, mission)


def mission_step_due(*, mission: SupervisionMission) -> dict[str, FollowUp]:
    steps = {_step_source(step): step for step in MISSION_STEPS}
    return {steps[f.source]: f for f in followups_of(mission).filter(source__in=steps)}


@transaction.atomic
def mission_record_step(
    *, mission: SupervisionMission, step: str, on: date, findings: str = "", conclusions: str = ""
) -> None:
    if step not in MISSION_STEPS:
        raise ValidationError(_("Bước không hợp lệ."))
    _code, _anchor, field, title = MISSION_STEPS[step]
    setattr(mission, field, on)
    mission.clean()
    fields = [field]
    if step == "report":
        mission.findings, mission.conclusions = findings, conclusions
        fields += ["findings", "conclusions"]
    mission.save(update_fields=fields)
    for followup in followups_of(mission).filter(source=_step_source(step), status=FollowUp.Status.OPEN):
        followup_complete(
            followup=followup, outcome=f"{title}: {on:%d/%m/%Y}",
            completed_at=_at(on),
        )


@transaction.atomic
def recommendation_add(
    *, mission: SupervisionMission, addressee: Body, content: str, due_on: date | None = None
) -> Recommendation:
    """Without a deadline in the conclusions, the answer is due ``recommendation_answer`` days after the
    report."""
    if due_on is None:
        anchor = mission.reported_on or mission.visit_end
        due_on = due_date_for(unit=addressee.unit, code=DeadlineCode.RECOMMENDATION_ANSWER,
                              anchor_date=anchor)
    recommendation = Recommendation(mission=mission, addressee=addressee, content=content, due_on=due_on)
    recommendation.clean()
    recommendation.save()
    followup_open(
        subject=recommendation, title=_("Thực hiện kiến nghị sau giám sát: %(content)s") % {
            "content": content[:200]}, lead_body=addressee,
        due_on=due_on, source=_("Kết luận giám sát, QĐ số %(number)s") % {"number": mission.decision_number},
    )
    return recommendation


@transaction.atomic
def recommendation_answer(
    *, recommendation: Recommendation, answer: str, answered_on: date, by
) -> Recommendation:
    # After a "not done" verdict the addressee reports again, by the new deadline the verifier set.
    if recommendation.status == Recommendation.Status.DONE:
        raise ValidationError(_("Kiến nghị đã được xác minh là đã thực hiện, không thể sửa trả lời."))
    recommendation.answer, recommendation.answered_on, recommendation.answered_by = answer, answered_on, by
    recommendation.status = Recommendation.Status.ANSWERED
    recommendation.clean()
    recommendation.save(update_fields=["answer", "answered_on", "answered_by", "status"])
    return recommendation


@transaction.atomic
def recommendation_verify(
    *, recommendation: Recommendation, done: bool, note: str, by, new_due_on: date | None = None
) -> Recommendation:
    """Maker–checker: whoever recorded the answer cannot verify it. "Not done" keeps the
    recommendation owed: its follow-up stays (or is again) open, due on ``new_due_on`` when given."""
    if recommendation.status != Recommendation.Status.ANSWERED:
        raise ValidationError(_("Chỉ xác minh kiến nghị đã có báo cáo kết quả thực hiện."))
    if recommendation.answered_by_id == by.pk:
        raise ValidationError(_("Người ghi nhận trả lời không được tự xác minh kiến nghị này."))
    recommendation.status = Recommendation.Status.DONE if done else Recommendation.Status.NOT_DONE
    recommendation.verified_by, recommendation.verified_on, recommendation.verification_note = (
        by,
        timezone.localdate(),
        note,
    )
    recommendation.clean()  # verified on or after the answer
    fields = ["status", "verified_by", "verified_on", "verification_note"]
    if not done and new_due_on is not None:
        recommendation.due_on = new_due_on
        fields.append("due_on")
    recommendation.save(update_fields=fields)
    for followup in followups_of(recommendation).exclude(status=FollowUp.Status.CANCELLED):
        if done:
            followup_complete(
                followup=followup,
                outcome=recommendation.answer[:2000],
                completed_at=_at(recommendation.answered_on),
            )
        elif followup.status == FollowUp.Status.DONE:
            followup_reopen(followup=followup, due_on=recommendation.due_on, reason=note)
        else:
            followup_reschedule(followup=followup, due_on=recommendation.due_on)
    return recommendation


def mission_progress(recommendations) -> dict[str, int]:
    """Roll a mission's progress up from its recommendations (a list already loaded)."""
    total = len(recommendations)
    counts = {status: 0 for status in Recommendation.Status.values}
    for rec in recommendations:
        counts[rec.status] += 1
    counts["total"] = total
    return counts
