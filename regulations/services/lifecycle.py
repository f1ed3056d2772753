"""The lifecycle of a regulation: status transitions, signatures, header edits, confirming obligations."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import AdministrativeUnit
from coordination.text import to_nfc
from regulations.models import Obligation, Party, Regulation, RegulationStatusChange

from .base import HEADER_LOCKED, RegulationError


@dataclass
class TransitionPlan:
    """What a status change would do, in words, and what stands in its way (shown before the person
    confirms)."""

    regulation: Regulation
    to_status: str
    effective_from: date | None = None
    consequences: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    superseding: Regulation | None = None


def _party_set(regulation: Regulation) -> frozenset[int]:
    return frozenset(regulation.parties.values_list("body_id", flat=True))


def _bodies_text(regulation: Regulation) -> str:
    return ", ".join(p.body.short_name or p.body.name for p in regulation.parties.select_related("body"))


def regulation_transition_plan(*, regulation: Regulation, to_status: str, effective_from: date | None = None,
                               manual: bool = True) -> TransitionPlan:
    """The consequences of moving ``regulation`` to ``to_status`` on ``effective_from``, and the problems that
    refuse it.

    In force: every party has signed; the one it supersedes (named in the text or the header) becomes
    superseded the day before; another regulation in force for the same unit, parties and term refuses it.
    """
    plan = TransitionPlan(regulation=regulation, to_status=to_status)
    allowed = (Regulation.MANUAL_TRANSITIONS if manual else Regulation.TRANSITIONS)[regulation.status]
    target_label = Regulation.Status(to_status).label if to_status in Regulation.Status.values else to_status
    if to_status not in allowed:
        if (
            manual
            and to_status == Regulation.Status.SUPERSEDED
            and to_status in Regulation.TRANSITIONS[regulation.status]
        ):
            plan.problems.append(
                _("Quy chế chuyển sang “%(target)s” khi quy chế thay thế nó có hiệu lực (quy chế mới ghi "
                  "“thay thế Quy chế số %(number)s”); không chuyển bằng tay.") % {
                      "target": target_label, "number": regulation.number}
            )
        else:
            plan.problems.append(
                _("Không thể chuyển quy chế từ “%(status)s” sang “%(target)s”.") % {
                    "status": regulation.get_status_display(), "target": target_label}
            )
        return plan
    today = timezone.localdate()
    name = _("Quy chế %(number)s") % {"number": regulation.number}
    if to_status == Regulation.Status.IN_FORCE:
        unsigned = [str(p.body) for p in regulation.parties.select_related("body") if not p.is_signed]
        if unsigned:
            plan.problems.append(_("Chưa thể cho hiệu lực: còn bên chưa ký — %(parties)s.") % {
                "parties": ", ".join(unsigned)})
        day = plan.effective_from = (
            effective_from or regulation.effective_from or regulation.signed_on or today
        )
        if regulation.signed_on and day < regulation.signed_on:
            plan.problems.append(
                _("Ngày có hiệu lực (%(day)s) không thể trước ngày bên cuối cùng ký (%(signed_on)s).") % {
                    "day": f"{day:%d/%m/%Y}", "signed_on": f"{regulation.signed_on:%d/%m/%Y}"}
            )
        plan.consequences.append(_("%(name)s có hiệu lực từ %(day)s.") % {
            "name": name, "day": f"{day:%d/%m/%Y}"})
        if day < today:
            plan.consequences.append(
                _("Ngày có hiệu lực đã qua: các thời hạn từ %(day)s đến nay tính theo %(name)s.") % {
                    "day": f"{day:%d/%m/%Y}", "name": name}
            )
        older = regulation.supersedes
        if older is not None and older.status == Regulation.Status.IN_FORCE:
            plan.superseding = older
            if older.effective_from and day <= older.effective_from:
                plan.problems.append(
                    _("Quy chế %(number)s có hiệu lực từ %(effective_from)s; quy chế thay thế nó phải có "
                      "hiệu lực sau ngày đó.") % {
                          "number": older.number, "effective_from": f"{older.effective_from:%d/%m/%Y}"}
                )
            plan.consequences.append(
                _(
                    "Quy chế %(number)s chuyển sang “%(label)s”, hết hiệu lực từ %(day)s (hiệu lực đến "
                    "%(last_day)s)."
                )
                % {
                    "number": older.number,
                    "label": Regulation.Status.SUPERSEDED.label,
                    "day": f"{day:%d/%m/%Y}",
                    "last_day": f"{day - timedelta(days=1):%d/%m/%Y}",
                }
            )
        if regulation.kind != Regulation.Kind.AMENDMENT:
            parties = _party_set(regulation)
            others = (
                Regulation.objects.filter(unit=regulation.unit_id, status=Regulation.Status.IN_FORCE)
                .exclude(pk=regulation.pk).exclude(kind=Regulation.Kind.AMENDMENT).select_related("term")
            )
            for other in others:
                if other.pk == getattr(plan.superseding, "pk", None):
                    continue
                same_parties = _party_set(other) == parties
                if same_parties and other.term_id == regulation.term_id:
                    term = _(", nhiệm kỳ %(term)s") % {"term": other.term} if other.term else ""
                    plan.problems.append(
                        _(
                            "Quy chế %(number)s đang có hiệu lực cho cùng các bên (%(bodies)s%(term)s). Mỗi "
                            "đơn vị, nhóm bên ký và nhiệm kỳ chỉ có một quy chế có hiệu lực: nếu %(name)s "
                            "thay "
                            "thế nó, hãy ghi “Thay thế quy chế: %(number)s” ở “Sửa thông tin chung” khi còn "
                            "là "
                            "dự thảo; nếu không, hãy chấm dứt hiệu lực Quy chế %(number)s trước."
                        )
                        % {"number": other.number, "bodies": _bodies_text(other), "term": term, "name": name}
                    )
                elif same_parties:
                    plan.consequences.append(
                        _("Quy chế %(number)s (nhiệm kỳ %(term)s) của cùng các bên vẫn có hiệu lực: %(name)s "
                          "không ghi thay thế nó.") % {
                              "number": other.number, "term": other.term or _("không ghi"), "name": name}
                    )
    elif to_status in (Regulation.Status.EXPIRED, Regulation.Status.REPEALED, Regulation.Status.SUPERSEDED):
        day = plan.effective_from = effective_from or today
        if regulation.effective_from and day <= regulation.effective_from:
            plan.problems.append(
                _("%(name)s có hiệu lực từ %(effective_from)s; ngày chấm dứt phải sau ngày đó.") % {
                    "name": name, "effective_from": f"{regulation.effective_from:%d/%m/%Y}"}
            )
        plan.consequences.append(
            _("%(name)s chuyển sang “%(target)s” từ %(day)s (hiệu lực đến %(last_day)s).")
            % {
                "name": name,
                "target": target_label,
                "day": f"{day:%d/%m/%Y}",
                "last_day": f"{day - timedelta(days=1):%d/%m/%Y}",
            }
        )
        if to_status != Regulation.Status.SUPERSEDED:
            plan.consequences.append(
                _(
                    "Các thời hạn của đơn vị từ ngày đó tính theo luật, cho đến khi có quy chế mới có hiệu "
                    "lực."
                )
            )
    elif to_status == Regulation.Status.NEGOTIATING:
        plan.consequences.append(_("%(name)s chuyển sang “%(target)s”: các bên thống nhất nội dung; vẫn sửa "
                                   "được.") % {"name": name, "target": target_label})
    elif to_status == Regulation.Status.DRAFT:
        plan.consequences.append(_("%(name)s trở lại “%(target)s”.") % {"name": name, "target": target_label})
    return plan


@transaction.atomic
def regulation_transition(
    *, regulation: Regulation, to_status: str, by, note: str = "", effective_from: date | None = None,
    manual: bool = True,
) -> Regulation:
    """Move along the legal path (draft ⇄ under negotiation → in force → expired/repealed; superseded when the
    successor takes effect). Refused, with the reasons ``regulation_transition_plan`` gives, when not
    allowed."""
    # Moves in one unit happen one at a time (two drafts put in force at once would both pass the check):
    # lock the unit's row, then the regulation.
    AdministrativeUnit.objects.select_for_update().get(pk=regulation.unit_id)
    regulation = (
        Regulation.objects.select_for_update(of=("self",))
        .select_related("supersedes", "unit")
        .get(pk=regulation.pk)
    )
    plan = regulation_transition_plan(
        regulation=regulation, to_status=to_status, effective_from=effective_from, manual=manual
    )
    if plan.problems:
        raise RegulationError(" ".join(plan.problems))
    if to_status == Regulation.Status.IN_FORCE:
        regulation.effective_from = plan.effective_from
        if plan.superseding is not None:
            regulation_transition(
                regulation=plan.superseding, to_status=Regulation.Status.SUPERSEDED, by=by, manual=False,
                note=_("Được thay thế bởi Quy chế số %(number)s") % {
                    "number": regulation.number}, effective_from=plan.effective_from,
            )
    elif to_status in (Regulation.Status.SUPERSEDED, Regulation.Status.EXPIRED, Regulation.Status.REPEALED):
        # The regulation stops the day before its successor (or the decision) takes effect.
        regulation.effective_to = plan.effective_from - timedelta(days=1)
    RegulationStatusChange.objects.create(
        regulation=regulation, from_status=regulation.status, to_status=to_status, by=by, note=note[:500]
    )
    regulation.status = to_status
    regulation._history_user = by
    regulation.save()
    return regulation


@transaction.atomic
def party_sign(*, party: Party, signer_name: str, signer_title: str, signed_on: date, by) -> Party:
    """Record a party's signature (a leader of that body records it)."""
    if party.regulation.status not in Regulation.EDITABLE_STATUSES:
        raise RegulationError(_("Quy chế đã có hiệu lực hoặc đã hết hiệu lực; không ghi nhận thêm chữ ký."))
    if not signer_name.strip():
        raise RegulationError(_("Hãy nhập họ và tên người ký."))
    party.signer_name = to_nfc(signer_name).strip()
    party.signer_title = to_nfc(signer_title).strip()
    party.signed_on = signed_on
    party.recorded_by = by
    party.clean()  # signed today or before
    party.save()
    regulation = party.regulation
    if regulation.signed_on is None or signed_on > regulation.signed_on:
        regulation.signed_on = signed_on
        regulation.save(update_fields=["signed_on"])
    return party


@transaction.atomic
def regulation_update(*, regulation: Regulation, by, **header) -> Regulation:
    """Change the header of a draft (``Regulation.HEADER_FIELDS``); a signed one changes only by amendment."""
    unknown = header.keys() - set(Regulation.HEADER_FIELDS)
    if unknown:
        raise TypeError(f"regulation_update: unexpected {sorted(unknown)}")
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    if not regulation.is_editable:
        raise RegulationError(HEADER_LOCKED)
    for name, value in header.items():
        setattr(regulation, name, value)
    regulation.clean()  # the same rules as the header form (a signature is not after today)
    regulation._history_user = by
    regulation.save()
    return regulation


def regulation_scan_attach(*, regulation: Regulation, scanned_copy, by) -> Regulation:
    """Keep the signed, stamped copy (the form has checked that it is a PDF within the size limit)."""
    regulation.scanned_copy = scanned_copy
    regulation._history_user = by
    regulation._change_reason = _("Lưu bản ký (PDF)")
    regulation.save(update_fields=["scanned_copy"])
    return regulation


@transaction.atomic
def obligation_update(*, obligation: Obligation, by, confirm: bool = False, **fields) -> Obligation:
    """Edit what an obligation requires (``Obligation.EDITABLE_FIELDS``), and confirm it when asked; all or
    nothing."""
    unknown = fields.keys() - set(Obligation.EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"obligation_update: unexpected {sorted(unknown)}")
    cooperating = fields.pop("cooperating_bodies", None)
    for name, value in fields.items():
        setattr(obligation, name, value)
    obligation._history_user = by
    obligation.save()
    if cooperating is not None:
        obligation.cooperating_bodies.set(cooperating)
    if confirm:
        obligation_confirm(obligation=obligation, by=by)
    return obligation


def obligation_confirm(*, obligation: Obligation, by) -> Obligation:
    if obligation.lead_body_id is None:
        raise RegulationError(_("%(citation)s: hãy chọn cơ quan chủ trì trước khi xác nhận.") % {
            "citation": obligation.citation})
    obligation.status = Obligation.Status.CONFIRMED
    obligation.confirmed_by = by
    obligation.confirmed_at = timezone.now()
    obligation.save()
    return obligation


def obligation_reject(*, obligation: Obligation, by) -> Obligation:
    obligation.status = Obligation.Status.REJECTED
    obligation.confirmed_by = by
    obligation.confirmed_at = timezone.now()
    obligation.save()
    return obligation


def obligations_confirm_all(*, regulation: Regulation, by) -> int:
    """Confirm every proposed obligation that names a lead body; the others wait for a person."""
    count = 0
    for obligation in regulation.obligations.filter(
        status=Obligation.Status.PROPOSED, lead_body__isnull=False
    ):
        obligation_confirm(obligation=obligation, by=by)
        count += 1
    return count
