"""Workflows on regulations: import, status transitions, signatures, obligations, amendments."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from coordination.models import AdministrativeUnit, Body, BodyKind, CoordinationArea, Term
from coordination.text import fold, to_nfc
from regulations.models import (
    AmendingProvision,
    Amendment,
    Article,
    Chapter,
    Clause,
    Obligation,
    Party,
    Point,
    Regulation,
    RegulationStatusChange,
    Section,
    validate_document_number,
)
from regulations.parsing import ParsedRegulation
from regulations.phrases import body_mentions, suggest_area_codes

# "Trên cơ sở Quy chế số 794/…" (based on) and "thay thế Quy chế số 794/…" (supersedes).
_BASED_ON_RE = re.compile(r"tren co so quy che so (\S+)")
_SUPERSEDES_RE = re.compile(r"thay the quy che so (\S+)")


class RegulationError(ValueError):
    """A request the rules of the regulation do not allow; the message is shown to the user as is."""


HEADER_LOCKED = gettext_lazy("Quy chế đã ký: thông tin chung không sửa được; nội dung chỉ sửa bằng văn bản "
                             "sửa đổi, bổ sung.")


def unit_bodies_by_kind(unit: AdministrativeUnit) -> dict[str, Body]:
    """The unit's current body of each kind; for the Council's committees, the first by name."""
    bodies: dict[str, Body] = {}
    for body in Body.objects.filter(unit=unit, active_to__isnull=True).order_by("kind", "name", "id"):
        bodies.setdefault(body.kind, body)
    return bodies


def _find_number(pattern: re.Pattern, text: str, unit: AdministrativeUnit) -> Regulation | None:
    match = pattern.search(fold(text))
    if not match:
        return None
    wanted = match.group(1).rstrip(".,;")
    for regulation in Regulation.objects.filter(unit=unit):
        if fold(regulation.number) == wanted:
            return regulation
    return None


def _party_rows(parsed: ParsedRegulation, unit: AdministrativeUnit, bodies: dict[str, Body]) -> list[tuple[Body, object]]:
    """The parties: the signature blocks of the text, or (a draft without them) the bodies its issuers line names."""
    party_rows = []
    for party in parsed.parties:
        body = bodies.get(party.body_kind)
        if body is None or not body.is_main:
            raise RegulationError(
                _("Dòng %(line)s: không tìm thấy cơ quan ký kết “%(heading)s” trong %(unit)s.") % {
                    "line": party.line, "heading": party.heading or party.title, "unit": unit}
            )
        earlier = next((p for b, p in party_rows if b == body), None)
        if earlier is not None:
            raise RegulationError(_("Dòng %(line)s: %(body)s đã có khối chữ ký ở dòng %(earlier)s; mỗi bên "
                                    "ký một lần.") % {
                                        "line": party.line, "body": body, "earlier": earlier.line})
        party_rows.append((body, party))
    if not party_rows:
        kinds = dict.fromkeys(m.kind for m in body_mentions(fold(" ".join(parsed.issuers))))
        party_rows = [(bodies[k], None) for k in kinds if k in bodies and bodies[k].is_main]
    return party_rows


def _body_for_text(text: str, bodies_of_unit: list[Body]) -> Body | None:
    """The one body of the unit whose name or short name is the lead the text names, or None."""
    wanted = fold(text)
    if not wanted:
        return None
    matches = [b for b in bodies_of_unit if wanted in (fold(b.name), fold(b.short_name))]
    if not matches:
        matches = [b for b in bodies_of_unit if fold(b.name).startswith(wanted + " ") or wanted.startswith(fold(b.name))]
    return matches[0] if len(matches) == 1 else None


def _lead_body(proposal, bodies: dict[str, Body], unit_bodies: list[Body]) -> Body | None:
    """The unit's body a proposed lead names: the four parties and "các Ban của HĐND" by kind; any other
    body (a named committee, the office, a Sở) by its name, or by kind when the unit has only one of it."""
    from regulations.phrases import KINDS_BY_KIND

    if proposal.lead_kind in KINDS_BY_KIND or fold(proposal.lead) in ("cac ban cua hdnd", "cac ban cua hoi dong nhan dan",
                                                                       "cac ban hdnd"):
        return bodies.get(proposal.lead_kind)
    body = _body_for_text(proposal.lead_text, unit_bodies)
    if body is None and proposal.lead_kind:
        same_kind = [b for b in unit_bodies if b.kind == proposal.lead_kind]
        body = same_kind[0] if len(same_kind) == 1 and proposal.lead_kind != BodyKind.AGENCY else None
    return body


def warnings_summary(parsed: ParsedRegulation) -> str:
    lines = parsed.lines
    return _("%(warned)s trong %(total)s dòng có chữ chưa được đặt vào dàn ý (%(count)s cảnh báo)") % {
        "warned": lines["warned"], "total": lines["total"], "count": len(parsed.warnings)}


@transaction.atomic
def regulation_import(
    *, parsed: ParsedRegulation, unit: AdministrativeUnit, by, term: Term | None = None, number: str = "",
    warnings_read: bool = False,
) -> Regulation:
    """Save a parsed regulation as a draft of ``unit`` with its proposed obligations; all or nothing.

    Nothing of the text's signatures is recorded: the signers it names are proposals on each party,
    whose signature a leader of that body records (``party_sign``). A text with lines the importer
    could not place is saved only when the person says they have read the warnings.
    """
    number = to_nfc(number or parsed.number).strip()
    if not number:
        raise RegulationError(_("Văn bản không có dòng “Số: …”; hãy nhập số, ký hiệu của quy chế."))
    try:
        validate_document_number(number)
    except ValidationError as exc:
        raise RegulationError(exc.messages[0]) from None
    if Regulation.objects.filter(unit=unit, number=number).exists():
        raise RegulationError(_("Đơn vị %(unit)s đã có quy chế số %(number)s; không nhập trùng.") % {
            "unit": unit, "number": number})
    if not parsed.title:
        raise RegulationError(_("Văn bản không có tên quy chế (dòng “QUY CHẾ” và tên ở dòng sau)."))
    if parsed.warnings and not warnings_read:
        raise RegulationError(
            _("Chưa lưu: %(summary)s. Hãy đọc từng cảnh báo (số dòng ở đầu mỗi cảnh báo), sửa văn bản nếu "
              "cần, rồi đánh dấu “Tôi đã đọc các cảnh báo” để lưu (lệnh import_regulation: "
              "--accept-warnings).") % {"summary": warnings_summary(parsed)}
        )
    bodies = unit_bodies_by_kind(unit)
    party_rows = _party_rows(parsed, unit, bodies)
    if not Regulation.MIN_PARTIES <= len(party_rows) <= Regulation.MAX_PARTIES:
        raise RegulationError(
            _("Quy chế phải có từ hai đến bốn bên ký kết; văn bản nêu %(count)s bên.") % {
                "count": len(party_rows)}
        )

    whole_text = f"{parsed.preamble}\n" + "\n".join(c.text for a in parsed.articles for c in a.clauses)
    if parsed.is_amendment:
        kind = Regulation.Kind.AMENDMENT
    elif parsed.is_promulgated and parsed.kind in ("decision", "joint_decision"):
        kind = Regulation.Kind.DECISION
    elif parsed.is_promulgated:
        kind = Regulation.Kind.JOINT_RESOLUTION
    else:
        kind = Regulation.Kind.REGULATION
    regulation = Regulation(
        number=number,
        title=parsed.title,
        unit=unit,
        term=term,
        kind=kind,
        place=parsed.place,
        dated_on=parsed.signed_on,
        preamble=parsed.preamble,
        promulgation=parsed.promulgation,
        recipients="\n".join(parsed.recipients),
        appendices="\n\n".join(parsed.appendices),
        based_on=_find_number(_BASED_ON_RE, whole_text, unit),
        supersedes=None if parsed.is_amendment else _find_number(_SUPERSEDES_RE, whole_text, unit),
        import_report={
            "lines": parsed.lines, "warnings": parsed.warnings, "notes": parsed.notes,
            "warnings_read_by": (getattr(by, "username", "") or "") if parsed.warnings else "",
        },
        created_by=by,
    )
    try:
        regulation.clean()
    except ValidationError as exc:
        raise RegulationError(" ".join(exc.messages)) from None
    regulation.save()
    RegulationStatusChange.objects.create(regulation=regulation, to_status=regulation.status, by=by,
                                          note=_("Nhập từ văn bản"))
    for order, (body, party) in enumerate(party_rows):
        Party.objects.create(
            regulation=regulation, body=body, order=order,
            heading=party.heading if party else "",
            proposed_signer_title=party.title if party else "",
            proposed_signer_name=party.signer if party else "",
        )

    areas = {a.code: a for a in CoordinationArea.objects.all()}
    articles: dict[str, Article] = {}
    clauses: dict[tuple[str, str], Clause] = {}
    order = 0

    def save_article(parsed_article, chapter, sections):
        nonlocal order
        order += 1
        article = Article.objects.create(
            regulation=regulation, chapter=chapter, section=sections.get(parsed_article.section),
            number=parsed_article.number, title=parsed_article.title, text=parsed_article.text, order=order,
        )
        article.areas.set([areas[c] for c in suggest_area_codes(parsed_article.title) if c in areas])
        articles[article.number] = article
        for clause_order, parsed_clause in enumerate(parsed_article.clauses, start=1):
            clause = Clause.objects.create(article=article, number=parsed_clause.number, text=parsed_clause.text,
                                           order=clause_order)
            clauses[(article.number, clause.number)] = clause
            bulk_create_with_history(
                [Point(clause=clause, letter=p.letter, text=p.text, order=n) for n, p in enumerate(parsed_clause.points, 1)],
                Point, default_user=by,
            )

    for parsed_article in parsed.articles_outside_chapters:
        save_article(parsed_article, None, {})
    for chapter_order, parsed_chapter in enumerate(parsed.chapters, start=1):
        chapter = Chapter.objects.create(regulation=regulation, number=parsed_chapter.number,
                                         title=parsed_chapter.title, order=chapter_order)
        sections = {
            s.number: Section.objects.create(chapter=chapter, number=s.number, title=s.title, order=n)
            for n, s in enumerate(parsed_chapter.sections, start=1)
        }
        for parsed_article in parsed_chapter.articles:
            save_article(parsed_article, chapter, sections)

    unit_bodies = list(Body.objects.filter(unit=unit, active_to__isnull=True).order_by("kind", "name", "id"))
    for proposal in parsed.obligations:
        article = articles[proposal.article]
        lead = _lead_body(proposal, bodies, unit_bodies)
        obligation = Obligation.objects.create(
            regulation=regulation, article=article, clause=clauses.get((proposal.article, proposal.clause)),
            lead_body=lead, lead_text=proposal.lead_text[:300], action=proposal.action, area=article.areas.first(),
            deadline_code=proposal.deadline_code, source_phrase=proposal.phrase, **proposal.rule.as_fields(),
        )
        obligation.cooperating_bodies.set([bodies[k] for k in proposal.cooperating_kinds if k in bodies])

    for order, amendment in enumerate(parsed.amendments, start=1):
        target = _find_regulation(amendment.target_act, unit) if amendment.target_act else None
        AmendingProvision.objects.create(
            regulation=regulation, article_number=amendment.article, clause_number=amendment.clause,
            action=amendment.action, target_act=amendment.target_act[:300], target=target,
            target_chapter=amendment.target_chapter, target_section=amendment.target_section,
            target_article=amendment.target_article, target_clause=amendment.target_clause,
            target_point=amendment.target_point, instruction=amendment.instruction, text=amendment.text, order=order,
        )
    return regulation


def _find_regulation(act: str, unit: AdministrativeUnit) -> Regulation | None:
    """The unit's regulation whose number appears in ``act`` ("Quy chế số 794/QCPH-… ngày …")."""
    folded = fold(act)
    for regulation in Regulation.objects.filter(unit=unit):
        if fold(regulation.number) in folded:
            return regulation
    return None


# --- The lifecycle ---------------------------------------------------------------------------------


@dataclass
class TransitionPlan:
    """What a status change would do, in words, and what stands in its way (shown before the person confirms)."""

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
    """The consequences of moving ``regulation`` to ``to_status`` on ``effective_from``, and the problems that refuse it.

    In force: every party has signed; the one it supersedes (named in the text or the header) becomes
    superseded the day before; another regulation in force for the same unit, parties and term refuses it.
    """
    plan = TransitionPlan(regulation=regulation, to_status=to_status)
    allowed = (Regulation.MANUAL_TRANSITIONS if manual else Regulation.TRANSITIONS)[regulation.status]
    target_label = Regulation.Status(to_status).label if to_status in Regulation.Status.values else to_status
    if to_status not in allowed:
        if manual and to_status == Regulation.Status.SUPERSEDED and to_status in Regulation.TRANSITIONS[regulation.status]:
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
        day = plan.effective_from = effective_from or regulation.effective_from or regulation.signed_on or today
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
                _("Quy chế %(number)s chuyển sang “%(label)s”, hết hiệu lực từ %(day)s (hiệu lực đến "
                  "%(last_day)s).") % {
                      "number": older.number, "label": Regulation.Status.SUPERSEDED.label, "day": f"{day:%d/%m/%Y}", "last_day": f"{day - timedelta(days=1):%d/%m/%Y}"}
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
                        _("Quy chế %(number)s đang có hiệu lực cho cùng các bên (%(bodies)s%(term)s). Mỗi "
                          "đơn vị, nhóm bên ký và nhiệm kỳ chỉ có một quy chế có hiệu lực: nếu %(name)s thay "
                          "thế nó, hãy ghi “Thay thế quy chế: %(number)s” ở “Sửa thông tin chung” khi còn là "
                          "dự thảo; nếu không, hãy chấm dứt hiệu lực Quy chế %(number)s trước.") % {
                              "number": other.number, "bodies": _bodies_text(other), "term": term, "name": name}
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
            _("%(name)s chuyển sang “%(target)s” từ %(day)s (hiệu lực đến %(last_day)s).") % {
                "name": name, "target": target_label, "day": f"{day:%d/%m/%Y}", "last_day": f"{day - timedelta(days=1):%d/%m/%Y}"}
        )
        if to_status != Regulation.Status.SUPERSEDED:
            plan.consequences.append(
                _("Các thời hạn của đơn vị từ ngày đó tính theo luật, cho đến khi có quy chế mới có hiệu lực.")
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
    successor takes effect). Refused, with the reasons ``regulation_transition_plan`` gives, when not allowed."""
    # Moves in one unit happen one at a time (two drafts put in force at once would both pass the check):
    # lock the unit's row, then the regulation.
    AdministrativeUnit.objects.select_for_update().get(pk=regulation.unit_id)
    regulation = Regulation.objects.select_for_update(of=("self",)).select_related("supersedes", "unit").get(pk=regulation.pk)
    plan = regulation_transition_plan(regulation=regulation, to_status=to_status, effective_from=effective_from,
                                      manual=manual)
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
    """Edit what an obligation requires (``Obligation.EDITABLE_FIELDS``), and confirm it when asked; all or nothing."""
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
    for obligation in regulation.obligations.filter(status=Obligation.Status.PROPOSED, lead_body__isnull=False):
        obligation_confirm(obligation=obligation, by=by)
        count += 1
    return count


@transaction.atomic
def article_update(
    *, article: Article, title: str, text: str, clauses_text: str, by, amendment: str = "", areas=None,
    amendment_effective_from: date | None = None,
) -> Article:
    """Edit an article; on a regulation in force only as a recorded amendment (``amendment`` names the act,
    ``amendment_effective_from`` the day it takes effect, which "Xem văn bản tại ngày" reads).

    ``clauses_text`` holds one clause per line ("1. …", points "a) …" below it); the article is
    re-read with the importer's own rules so an edit cannot break the numbering.
    """
    from regulations.parsing import RegulationParseError, parse_regulation

    regulation = article.regulation
    if not regulation.is_editable and not amendment.strip():
        raise RegulationError(_("Quy chế đã ký: chỉ sửa được khi ghi nhận văn bản sửa đổi, bổ sung."))
    if regulation.status in (Regulation.Status.SUPERSEDED, Regulation.Status.EXPIRED, Regulation.Status.REPEALED):
        raise RegulationError(_("Quy chế đã hết hiệu lực; không sửa được."))
    records_amendment, started_at = not regulation.is_editable, timezone.now()
    if records_amendment and amendment_effective_from is None:
        raise RegulationError(_("Hãy nhập ngày văn bản sửa đổi, bổ sung có hiệu lực."))
    if records_amendment and regulation.effective_from and amendment_effective_from < regulation.effective_from:
        raise RegulationError(
            _("Văn bản sửa đổi không thể có hiệu lực (%(amendment_effective_from)s) trước quy chế "
              "(%(effective_from)s).") % {
                  "amendment_effective_from": f"{amendment_effective_from:%d/%m/%Y}", "effective_from": f"{regulation.effective_from:%d/%m/%Y}"})
    intro = [line for line in text.splitlines() if line.strip()]
    try:
        parsed = parse_regulation("\n".join([f"Điều 1. {title}", *intro, clauses_text])).articles[0]
    except RegulationParseError as exc:
        # Line numbers count from the first line of the clauses box, where the person typed them.
        where = _("dòng %(line)s ô các khoản: ") % {
            "line": exc.line - 1 - len(intro)} if exc.line and exc.line > 1 + len(intro) else ""
        raise RegulationError(_("Nội dung Điều %(number)s: %(where)s%(message)s") % {
            "number": article.number, "where": where, "message": exc.message}) from None
    reason = (_("Sửa đổi theo %(amendment)s") % {
        "amendment": amendment.strip()} if amendment.strip() else _("Sửa dự thảo"))[:100]  # simple_history keeps 100
    # Clauses are matched by their text, not their number: removing clause 2 of 3 renumbers clause 3,
    # which keeps its row, its history and its obligations.
    existing = list(article.clauses.order_by("order", "id"))
    pairs = align_texts([c.text for c in existing], [c.text for c in parsed.clauses])
    matched = {old: new for old, new in pairs if old is not None and new is not None}
    removed = [clause for index, clause in enumerate(existing) if index not in matched]
    binding = Obligation.objects.filter(clause__in=removed, status=Obligation.Status.CONFIRMED).select_related("clause")
    if binding:
        # A confirmed obligation sets real deadlines elsewhere; dropping it with its clause would do so
        # silently, so the person decides first (marks it "Không áp dụng" or keeps the clause).
        cited = ", ".join(sorted({f"khoản {o.clause.number}" for o in binding}))
        raise RegulationError(
            _("Nội dung Điều %(number)s: không bỏ được %(cited)s vì có nghĩa vụ đã xác nhận. Hãy đánh dấu "
              "nghĩa vụ đó “Không áp dụng” trước, hoặc giữ lại khoản.") % {
                  "number": article.number, "cited": cited}
        )
    # Every history row of this edit (the m2m rows of the areas too) carries the reason.
    article._change_reason = reason
    article.title = to_nfc(title).strip()
    article.text = parsed.text
    article.save()
    if areas is not None:
        article.areas.set(areas)
    for clause in removed:
        clause._change_reason = reason
        clause.delete()
    by_new = {new: existing[old] for old, new in matched.items()}
    for order, parsed_clause in enumerate(parsed.clauses, start=1):
        clause = by_new.get(order - 1) or Clause(article=article, number=parsed_clause.number)
        clause._change_reason = reason
        if (clause.pk is None or (clause.number, clause.text, clause.order)
                != (parsed_clause.number, parsed_clause.text, order)):
            clause.number, clause.text, clause.order = parsed_clause.number, parsed_clause.text, order
            clause.save()
        _points_update(clause=clause, parsed_points=parsed_clause.points, by=by, reason=reason)
    if records_amendment:
        Amendment.objects.create(regulation=regulation, article=article, act=amendment.strip()[:300],
                                 effective_from=amendment_effective_from, recorded_at=started_at, recorded_by=by)
    return article


def _points_update(*, clause: Clause, parsed_points, by, reason: str) -> None:
    """Points matched by their text like clauses: unchanged ones keep their row, so the history lists only real edits."""
    existing = list(clause.points.order_by("order", "id"))
    pairs = align_texts([p.text for p in existing], [p.text for p in parsed_points])
    by_new = {new: existing[old] for old, new in pairs if old is not None and new is not None}
    kept_ids = {point.pk for point in by_new.values()}
    for point in existing:
        if point.pk not in kept_ids:
            point._change_reason = reason
            point.delete()
    new = []
    for order, parsed_point in enumerate(parsed_points, start=1):
        point = by_new.get(order - 1)
        if point is None:
            new.append(Point(clause=clause, letter=parsed_point.letter, text=parsed_point.text, order=order))
        elif (point.letter, point.text, point.order) != (parsed_point.letter, parsed_point.text, order):
            point.letter, point.text, point.order, point._change_reason = parsed_point.letter, parsed_point.text, order, reason
            point.save()
    bulk_create_with_history(new, Point, default_user=by, default_change_reason=reason)


def align_texts(old: list[str], new: list[str], *, threshold: float = 0.6) -> list[tuple[int | None, int | None]]:
    """Pair the provisions of two versions by their words, in order: identical texts first, then in each
    gap between them the most similar ones (ratio ≥ ``threshold``), and when a gap has as many old as new
    provisions left, the rest by position (each one rewritten). Returns (old index | None, new index | None)."""
    a, b = [fold(t) for t in old], [fold(t) for t in new]
    pairs: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    anchors = [(i, j) for block in matcher.get_matching_blocks() for i, j in
               zip(range(block.a, block.a + block.size), range(block.b, block.b + block.size), strict=True)]
    previous = (-1, -1)
    for anchor in [*anchors, (len(a), len(b))]:
        olds = list(range(previous[0] + 1, anchor[0]))
        news = list(range(previous[1] + 1, anchor[1]))
        gap: list[tuple[int, int]] = []
        start = 0
        for j in news:
            scored = [(difflib.SequenceMatcher(a=a[i], b=b[j], autojunk=False).ratio(), i) for i in olds[start:]]
            best = max(scored, default=(0.0, None))
            if best[1] is not None and best[0] >= threshold:
                gap.append((best[1], j))
                start = olds.index(best[1]) + 1
        left_old = [i for i in olds if i not in {p[0] for p in gap}]
        left_new = [j for j in news if j not in {p[1] for p in gap}]
        if left_old and len(left_old) == len(left_new) and not gap:
            gap = list(zip(left_old, left_new, strict=True))
        pairs.extend(gap)
        if anchor[0] < len(a):
            pairs.append(anchor)
        previous = anchor
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    result: list[tuple[int | None, int | None]] = list(pairs)
    result += [(i, None) for i in range(len(a)) if i not in paired_old]
    result += [(None, j) for j in range(len(b)) if j not in paired_new]
    return result
