"""Complaint and denunciation letters, their time limits, and the denouncer's protected identity."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from coordination.deadline_rules import due_date_for
from coordination.models import Body, Membership, Role
from coordination.services import followup_complete, followup_open, followup_reschedule
from coordination.statutory_rules import DeadlineCode
from coordination.text import to_nfc
from voters.models import (
    DenouncerIdentity,
    DenouncerIdentityUserObjectPermission,
    IdentityAccessLog,
    Letter,
    LetterKind,
    LetterStatus,
)
from voters.redaction import redact

from ._common import _current_followup

logger = logging.getLogger(__name__)

MAX_DENUNCIATION_EXTENSIONS = 2


# The letter's texts everyone may read: the denouncer's identity is taken out of them before any save.
REDACTED_FIELDS = ("content", "classification", "result")


def _identity_secrets(letter: Letter) -> list[str]:
    identity = DenouncerIdentity.objects.filter(letter_id=letter.pk).first() if letter.pk else None
    return identity.identifying_strings() if identity else []


def letter_save(*, letter: Letter) -> Letter:
    """Save a letter edited outside these services (the admin): redacted first, so that neither the row
    nor the version its history keeps holds the denouncer's identity."""
    secrets = _identity_secrets(letter)
    for name in REDACTED_FIELDS:
        setattr(letter, name, redact(getattr(letter, name), secrets))
    letter.save()
    return letter


# Which time limit resolving a complaint has: (second complaint?, complex case?) -> rule.
COMPLAINT_RESOLUTION = {
    (False, False): DeadlineCode.COMPLAINT_RESOLVE,
    (False, True): DeadlineCode.COMPLAINT_RESOLVE_COMPLEX,
    (True, False): DeadlineCode.COMPLAINT_SECOND_RESOLVE,
    (True, True): DeadlineCode.COMPLAINT_SECOND_RESOLVE_COMPLEX,
}


def _first_step(letter: Letter) -> tuple[str, str]:
    return {
        LetterKind.COMPLAINT: (DeadlineCode.COMPLAINT_ACCEPT, _("Thụ lý đơn khiếu nại")),
        LetterKind.DENUNCIATION: (DeadlineCode.DENUNCIATION_CLASSIFY,
                                  _("Phân loại, xử lý ban đầu đơn tố cáo")),
        LetterKind.RECOMMENDATION: (DeadlineCode.CITIZEN_REPLY, _("Xử lý, trả lời đơn kiến nghị")),
        LetterKind.REPORT: (DeadlineCode.CITIZEN_REPLY, _("Xử lý, trả lời đơn phản ánh")),
    }[letter.kind]


def _step(letter: Letter, code: str, title: str, anchor: date) -> None:
    due_on = due_date_for(unit=letter.handling_body.unit, code=code, anchor_date=anchor)
    letter.due_on = due_on
    letter.save(update_fields=["due_on"])
    followup_open(subject=letter, title=f"{title} — {letter}", lead_body=letter.handling_body, due_on=due_on,
                  source=code)


@transaction.atomic
def letter_register(
    *,
    handling_body: Body,
    number: str,
    received_on: date,
    channel: str,
    kind: str,
    content: str,
    classification: str = "",
    is_complex: bool = False,
    is_second_complaint: bool = False,
    identity: dict | None = None,
    handler=None,
) -> Letter:
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("Đơn thư phải có loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản "
                                         "ánh.")})
    if Letter.objects.filter(handling_body=handling_body, number=number.strip()).exists():
        raise ValidationError({"number": _("Số đơn «%(number)s» đã có trong sổ của cơ quan này.") % {
            "number": number}})
    secret = None
    if kind == LetterKind.DENUNCIATION and identity and identity.get("full_name", "").strip():
        secret = DenouncerIdentity(**{k: to_nfc(v).strip() for k, v in identity.items()})
    # The identity lives apart from the letter: it is taken out of the texts everyone reads before the
    # first save, since the letter's history keeps every version, the first one included.
    secrets = secret.identifying_strings() if secret else []
    letter = Letter(
        handling_body=handling_body,
        number=number.strip(),
        received_on=received_on,
        channel=channel,
        kind=kind,
        content=redact(to_nfc(content).strip(), secrets),
        classification=redact(to_nfc(classification).strip(), secrets),
        is_complex=is_complex,
        is_second_complaint=is_second_complaint,
        handler=handler,
    )
    letter.clean()  # received today or before
    letter.save()
    if secret is not None:
        secret.letter = letter
        secret.save()
        if handler is not None:
            identity_grant(identity=secret, user=handler, by=handler, reason=_("Vào sổ và xử lý đơn"))
    code, title = _first_step(letter)
    _step(letter, code, title, received_on)
    logger.info("Registered letter %s (%s) for body %s", letter.pk, kind, handling_body.pk)
    return letter


def _close_current(letter: Letter, outcome: str, on: date | None = None) -> None:
    followup = _current_followup(letter)
    if followup:
        completed_at = (
            timezone.make_aware(timezone.datetime.combine(on, timezone.datetime.min.time())) if on else None
        )
        followup_complete(followup=followup, outcome=outcome, completed_at=completed_at)


@transaction.atomic
def letter_accept(*, letter: Letter, on: date) -> Letter:
    """Thụ lý: the resolution deadline starts counting (complaint first/second, complex; denunciation)."""
    if letter.status != LetterStatus.RECEIVED:
        raise ValidationError(_("Chỉ thụ lý được đơn mới tiếp nhận."))
    letter.check_handled_on(on, label=_("ngày thụ lý"))
    _close_current(letter, _("Đã thụ lý"), on)
    letter.status, letter.eligible = LetterStatus.ACCEPTED, True
    letter.save(update_fields=["status", "eligible"])
    if letter.kind == LetterKind.COMPLAINT:
        code = COMPLAINT_RESOLUTION[letter.is_second_complaint, letter.is_complex]
        _step(letter, code, _("Giải quyết khiếu nại"), on)
    elif letter.kind == LetterKind.DENUNCIATION:
        _step(letter, DeadlineCode.DENUNCIATION_RESOLVE, _("Giải quyết tố cáo"), on)
    else:
        _step(letter, DeadlineCode.CITIZEN_REPLY, _("Trả lời kiến nghị, phản ánh"), on)
    return letter


@transaction.atomic
def letter_forward(*, letter: Letter, to_body: Body, on: date) -> Letter:
    if letter.status not in (LetterStatus.RECEIVED, LetterStatus.ACCEPTED):
        raise ValidationError(_("Đơn đã kết thúc xử lý."))
    letter.check_handled_on(on, label=_("ngày chuyển đơn"))
    _close_current(letter, _("Chuyển đến %(body)s") % {"body": to_body}, on)
    limit = letter.due_on
    if letter.kind == LetterKind.DENUNCIATION and letter.status == LetterStatus.RECEIVED:
        # A denunciation outside our competence must leave within its own, shorter time limit.
        limit = due_date_for(unit=letter.handling_body.unit, code=DeadlineCode.DENUNCIATION_FORWARD,
                             anchor_date=letter.received_on)
    letter.closed_on_time = limit is None or on <= limit
    letter.status, letter.forwarded_to, letter.due_on = LetterStatus.FORWARDED, to_body, None
    letter.save(update_fields=["status", "forwarded_to", "due_on", "closed_on_time"])
    return letter


@transaction.atomic
def letter_extend(*, letter: Letter) -> Letter:
    """A denunciation's resolution time may be extended at most twice, by the rule's days each time."""
    if letter.kind != LetterKind.DENUNCIATION or letter.status != LetterStatus.ACCEPTED:
        raise ValidationError(_("Chỉ gia hạn được đơn tố cáo đang giải quyết."))
    if letter.extensions >= MAX_DENUNCIATION_EXTENSIONS:
        raise ValidationError(_("Đơn tố cáo đã được gia hạn tối đa hai lần."))
    followup = _current_followup(letter)
    due_on = due_date_for(unit=letter.handling_body.unit, code=DeadlineCode.DENUNCIATION_EXTENSION,
                          anchor_date=letter.due_on)
    if followup:
        followup_reschedule(followup=followup, due_on=due_on)
    letter.due_on, letter.extensions = due_on, letter.extensions + 1
    letter.save(update_fields=["due_on", "extensions"])
    return letter


@transaction.atomic
def letter_close(*, letter: Letter, result: str, on: date, rejected: bool = False) -> Letter:
    if letter.status not in (LetterStatus.RECEIVED, LetterStatus.ACCEPTED):
        raise ValidationError(_("Đơn đã kết thúc xử lý."))
    letter.check_handled_on(on, label=_("ngày kết thúc xử lý đơn"))
    if not result.strip():
        raise ValidationError({"result": _("Cần ghi kết quả giải quyết.")})
    # The result also becomes the follow-up's outcome: both are redacted.
    result = redact(to_nfc(result).strip(), _identity_secrets(letter))
    _close_current(letter, result, on)
    letter.status = LetterStatus.REJECTED if rejected else LetterStatus.RESOLVED
    letter.eligible = False if rejected else letter.eligible
    letter.result = result
    letter.closed_on_time = letter.due_on is None or on <= letter.due_on
    letter.due_on = None
    letter.save(update_fields=["status", "eligible", "result", "due_on", "closed_on_time"])
    return letter


@transaction.atomic
def identity_grant(*, identity: DenouncerIdentity, user, by, reason: str) -> None:
    """Give a handler or a leader access to one identity; the grant itself is logged."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do cấp quyền xem thông tin người tố cáo.")})
    assign_perm("voters.view_denounceridentity", user, identity)
    IdentityAccessLog.objects.create(identity=identity, user=by, action=IdentityAccessLog.Action.GRANT,
                                     reason=(_("Cấp quyền cho %(user)s: %(reason)s") % {
                                         "user": user.get_username(), "reason": reason.strip()})[:300])


def _holds(identity: DenouncerIdentity, user) -> bool:
    return DenouncerIdentityUserObjectPermission.objects.filter(content_object=identity, user=user).exists()


@transaction.atomic
def identity_revoke(*, identity: DenouncerIdentity, user, by, reason: str) -> None:
    """Take back someone's access to one identity; the current handler keeps it until another is assigned."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do thu hồi quyền xem thông tin người tố cáo.")})
    if Letter.objects.filter(pk=identity.letter_id, handler=user).exists():
        raise ValidationError({"user": _("%(user)s đang xử lý đơn: phân công người khác trước khi thu hồi "
                                         "quyền.") % {
            "user": user.get_username()}})
    if not _holds(identity, user):
        raise ValidationError({"user": _("%(user)s không có quyền xem thông tin này.") % {
            "user": user.get_username()}})
    remove_perm("voters.view_denounceridentity", user, identity)
    IdentityAccessLog.objects.create(identity=identity, user=by, action=IdentityAccessLog.Action.REVOKE,
                                     reason=(_("Thu hồi quyền của %(user)s: %(reason)s") % {
                                         "user": user.get_username(), "reason": reason.strip()})[:300])


@transaction.atomic
def letter_assign_handler(*, letter: Letter, handler, by) -> Letter:
    """A leader names who handles the letter: the new handler may read the identity, the previous one no
    longer."""
    if handler == by:
        raise ValidationError({"handler": _("Không tự phân công cho chính mình: chọn một cán bộ khác của cơ "
                                            "quan xử lý đơn.")})
    editors = Membership.objects.filter(body_id=letter.handling_body_id, role__in=(Role.STAFF, Role.LEADER))
    if not handler.is_active or not editors.filter(user=handler).exists():
        raise ValidationError({"handler": _("%(user)s không phải cán bộ của %(body)s.") % {
            "user": handler.get_username(), "body": letter.handling_body}})
    previous = letter.handler
    if previous == handler:
        return letter
    letter.handler = handler
    letter.save(update_fields=["handler"])
    identity = DenouncerIdentity.objects.filter(letter=letter).first()
    if identity is not None:
        if previous is not None and _holds(identity, previous):
            identity_revoke(identity=identity, user=previous, by=by,
                            reason=_("Chuyển xử lý đơn cho %(user)s") % {"user": handler.get_username()})
        identity_grant(identity=identity, user=handler, by=by, reason=_("Phân công xử lý đơn"))
    logger.info("Letter %s assigned to user %s by user %s", letter.pk, handler.pk, by.pk)
    return letter


def identity_reveal(*, identity: DenouncerIdentity, user, reason: str) -> DenouncerIdentity:
    """Record the reading before returning the identity: no row, no reading. Caller checked the grant."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do xem thông tin người tố cáo.")})
    IdentityAccessLog.objects.create(identity=identity, user=user, reason=reason.strip()[:300])
    return identity
