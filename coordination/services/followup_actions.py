"""What a leader does from a follow-up's page besides the reminder: a comment, a re-assignment, an
extension. Each is recorded (the comment as a row, the others in the follow-up's history with their reason)
and the comment and the re-assignment are mailed to those who owe it."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.dates import refuse_before
from coordination.history import person_name
from coordination.mail import render_mail
from coordination.models import Body, FollowUp, FollowUpComment, OutboxMessage, Person
from coordination.models.followups import check_change_reason_length, check_comment_length
from coordination.queries import people_of_unit

from ._recipients import owers
from .followups import followup_reschedule
from .outbox import outbox_enqueue_many


def _by_name(user) -> str:
    return person_name(user)


def _mail_to(users, *, kind: str, key: str, followup: FollowUp, mail) -> int:
    return outbox_enqueue_many(messages=[
        {
            "key": f"{kind}:{user.pk}:{key}",
            "kind": kind,
            "recipient": user,
            "to_email": user.email,
            "followup": followup,
            **mail.as_outbox_fields(),
        }
        for user in users
    ])


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Lý do: bắt buộc phải ghi lý do.")})
    try:
        check_change_reason_length(reason)
    except ValidationError as exc:
        raise ValidationError({"reason": exc.messages}) from None
    return reason


@transaction.atomic
def followup_comment(*, followup: FollowUp, by, text: str) -> FollowUpComment:
    """Record ``by``'s comment on ``followup`` and mail it to whoever owes it (not to its author). The
    outbox key is the comment's, so sending it again never mails twice."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Ý kiến: vui lòng ghi nội dung.")})
    try:
        check_comment_length(text)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from None
    comment = FollowUpComment.objects.create(followup=followup, by=by, text=text)
    context = {
        "followup": followup, "comment": comment, "by_name": _by_name(by),
        "url": settings.SITE_URL + followup.get_absolute_url(),
    }
    mail = render_mail("coordination_comment", context)
    recipients = [user for user in owers(followup) if user.pk != by.pk]
    _mail_to(recipients, kind=OutboxMessage.Kind.COMMENT, key=f"{comment.pk}", followup=followup, mail=mail)
    return comment


@transaction.atomic
def followup_reassign(
    *, followup: FollowUp, lead_body: Body, responsible: Person | None, reason: str, by=None
) -> FollowUp:
    """Give ``followup`` to another lead body and/or responsible person of its own unit, for ``reason``
    (kept in its history). The people who owe it now and did not before are mailed, once per change."""
    reason = _reason(reason)
    if lead_body.unit_id != followup.unit_id:
        raise ValidationError({"lead_body": _("Cơ quan chủ trì: chỉ chọn cơ quan của đơn vị này.")})
    if responsible is not None and not people_of_unit(followup.unit_id).filter(pk=responsible.pk).exists():
        raise ValidationError({"responsible": _("Người chịu trách nhiệm: chỉ chọn người của đơn vị này.")})
    if lead_body.pk != followup.lead_body_id and followup.workflow_url() is not None:
        raise ValidationError({"lead_body": _(
            "Cơ quan chủ trì: việc này được xử lý tại trang của nó, chỉ giao lại người chịu trách nhiệm."
        )})
    responsible_id = responsible.pk if responsible else None
    if lead_body.pk == followup.lead_body_id and responsible_id == followup.responsible_id:
        raise ValidationError(
            _("Giao lại: hãy chọn cơ quan chủ trì hoặc người chịu trách nhiệm khác với hiện tại.")
        )
    # Lock the follow-up's row only: PostgreSQL cannot lock the nullable side of the join to its responsible.
    locked = FollowUp.objects.select_for_update(of=("self",)).select_related("lead_body", "responsible")
    followup = locked.get(pk=followup.pk)
    before = {user.pk for user in owers(followup)}
    followup.lead_body, followup.responsible = lead_body, responsible
    followup._change_reason = reason
    if by is not None:
        followup._history_user = by  # also when no request is being served (the demo, a plan's service)
    followup.save(update_fields=["lead_body", "responsible", "updated_at"])
    change = followup.history.order_by("-history_id").values_list("history_id", flat=True).first()
    context = {
        "followup": followup, "reason": reason, "by_name": _by_name(by),
        "url": settings.SITE_URL + followup.get_absolute_url(),
    }
    mail = render_mail("coordination_reassigned", context)
    newcomers = [user for user in owers(followup) if user.pk not in before and user != by]
    _mail_to(
        newcomers, kind=OutboxMessage.Kind.REASSIGNED, key=f"{followup.pk}:{change}", followup=followup,
        mail=mail,
    )
    return followup


def followup_extend(
    *, followup: FollowUp, due_on: date, reason: str, today: date | None = None
) -> FollowUp:
    """Extend an open follow-up's deadline to ``due_on`` for ``reason`` (kept in its history): never to a day
    before today, nor before its current deadline. The register then shows it as extended."""
    reason = _reason(reason)
    today = today or timezone.localdate()
    if followup.status != FollowUp.Status.OPEN:
        raise ValidationError(_("Chỉ gia hạn việc đang thực hiện."))
    label = str(_("Thời hạn mới"))
    refuse_before(due_on, today, field="due_on", label=label, bound_label=str(_("ngày hôm nay")))
    refuse_before(
        due_on, followup.due_on, field="due_on", label=label, bound_label=str(_("thời hạn hiện tại"))
    )
    if due_on == followup.due_on:
        raise ValidationError({"due_on": _(
            "Thời hạn mới: trùng thời hạn hiện tại (%(day)s), hãy chọn một ngày sau."
        ) % {"day": f"{due_on:%d/%m/%Y}"}})
    return followup_reschedule(followup=followup, due_on=due_on, reason=reason, extended=True)
