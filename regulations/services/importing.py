"""Saving a parsed regulation as a draft of a unit: its header, parties, text, obligations and amendments."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coordination.models import AdministrativeUnit, Body, BodyKind, CoordinationArea, Term
from coordination.text import fold, to_nfc
from regulations.models import (
    AmendingProvision,
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

from .base import RegulationError

# "Trên cơ sở Quy chế số 794/…" (based on) and "thay thế Quy chế số 794/…" (supersedes).
_BASED_ON_RE = re.compile(r"tren co so quy che so (\S+)")
_SUPERSEDES_RE = re.compile(r"thay the quy che so (\S+)")


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


def _party_rows(
    parsed: ParsedRegulation, unit: AdministrativeUnit, bodies: dict[str, Body]
) -> list[tuple[Body, object]]:
    """The parties: the signature blocks of the text, or (a draft without them) the bodies its issuers line
    names."""
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
        matches = [
            b
            for b in bodies_of_unit
            if fold(b.name).startswith(wanted + " ") or wanted.startswith(fold(b.name))
        ]
    return matches[0] if len(matches) == 1 else None


def _lead_body(proposal, bodies: dict[str, Body], unit_bodies: list[Body]) -> Body | None:
    """The unit's body a proposed lead names: the four parties and "các Ban của HĐND" by kind; any other
    body (a named committee, the office, a Sở) by its name, or by kind when the unit has only one of it."""
    from regulations.phrases import KINDS_BY_KIND

    if proposal.lead_kind in KINDS_BY_KIND or fold(proposal.lead) in (
        "cac ban cua hdnd",
        "cac ban cua hoi dong nhan dan",
        "cac ban hdnd",
    ):
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
    number = _checked_number(parsed, unit=unit, number=number)
    _check_readable(parsed, warnings_read=warnings_read)
    bodies = unit_bodies_by_kind(unit)
    party_rows = _checked_party_rows(parsed, unit=unit, bodies=bodies)
    regulation = _save_header(parsed, unit=unit, term=term, number=number, by=by)
    _save_parties(regulation, party_rows)
    articles, clauses = _save_text(parsed, regulation=regulation, by=by)
    _save_obligations(
        parsed, regulation=regulation, articles=articles, clauses=clauses, bodies=bodies, unit=unit
    )
    _save_amending_provisions(parsed, regulation=regulation, unit=unit)
    return regulation


def _checked_number(parsed: ParsedRegulation, *, unit: AdministrativeUnit, number: str) -> str:
    """The number typed, or else the text's "Số: …": well formed and not yet used in the unit."""
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
    return number


def _check_readable(parsed: ParsedRegulation, *, warnings_read: bool) -> None:
    """A title, and the warnings read by a person when the importer left lines unplaced."""
    if not parsed.title:
        raise RegulationError(_("Văn bản không có tên quy chế (dòng “QUY CHẾ” và tên ở dòng sau)."))
    if parsed.warnings and not warnings_read:
        raise RegulationError(
            _("Chưa lưu: %(summary)s. Hãy đọc từng cảnh báo (số dòng ở đầu mỗi cảnh báo), sửa văn bản nếu "
              "cần, rồi đánh dấu “Tôi đã đọc các cảnh báo” để lưu (lệnh import_regulation: "
              "--accept-warnings).") % {"summary": warnings_summary(parsed)}
        )


def _checked_party_rows(parsed: ParsedRegulation, *, unit: AdministrativeUnit,
                        bodies: dict[str, Body]) -> list[tuple[Body, object]]:
    """The parties, two to four of them."""
    party_rows = _party_rows(parsed, unit, bodies)
    if not Regulation.MIN_PARTIES <= len(party_rows) <= Regulation.MAX_PARTIES:
        raise RegulationError(
            _("Quy chế phải có từ hai đến bốn bên ký kết; văn bản nêu %(count)s bên.") % {
                "count": len(party_rows)}
        )
    return party_rows


def _regulation_kind(parsed: ParsedRegulation) -> str:
    if parsed.is_amendment:
        return Regulation.Kind.AMENDMENT
    if parsed.is_promulgated and parsed.kind in ("decision", "joint_decision"):
        return Regulation.Kind.DECISION
    if parsed.is_promulgated:
        return Regulation.Kind.JOINT_RESOLUTION
    return Regulation.Kind.REGULATION


def _save_header(parsed: ParsedRegulation, *, unit: AdministrativeUnit, term: Term | None, number: str,
                 by) -> Regulation:
    """The regulation row (checked like the header form) and its first status change."""
    whole_text = f"{parsed.preamble}\n" + "\n".join(c.text for a in parsed.articles for c in a.clauses)
    regulation = Regulation(
        number=number,
        title=parsed.title,
        unit=unit,
        term=term,
        kind=_regulation_kind(parsed),
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
    return regulation


def _save_parties(regulation: Regulation, party_rows: list[tuple[Body, object]]) -> None:
    """One party per body, with the signer the text names as a proposal."""
    for order, (body, party) in enumerate(party_rows):
        Party.objects.create(
            regulation=regulation, body=body, order=order,
            heading=party.heading if party else "",
            proposed_signer_title=party.title if party else "",
            proposed_signer_name=party.signer if party else "",
        )


def _save_text(parsed: ParsedRegulation, *, regulation: Regulation,
               by) -> tuple[dict[str, Article], dict[tuple[str, str], Clause]]:
    """Chapters, sections, articles (with the areas their titles suggest), clauses and points; returns the
    articles by number and the clauses by (article, clause) number, for the obligations to point at."""
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
            clause = Clause.objects.create(
                article=article, number=parsed_clause.number, text=parsed_clause.text, order=clause_order
            )
            clauses[(article.number, clause.number)] = clause
            bulk_create_with_history(
                [
                    Point(clause=clause, letter=p.letter, text=p.text, order=n)
                    for n, p in enumerate(parsed_clause.points, 1)
                ],
                Point,
                default_user=by,
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
    return articles, clauses


def _save_obligations(parsed: ParsedRegulation, *, regulation: Regulation, articles: dict[str, Article],
                      clauses: dict[tuple[str, str], Clause], bodies: dict[str, Body],
                      unit: AdministrativeUnit) -> None:
    """The obligations the importer proposes, each with the lead body it could map, waiting for a person."""
    unit_bodies = list(Body.objects.filter(unit=unit, active_to__isnull=True).order_by("kind", "name", "id"))
    for proposal in parsed.obligations:
        article = articles[proposal.article]
        lead = _lead_body(proposal, bodies, unit_bodies)
        obligation = Obligation.objects.create(
            regulation=regulation,
            article=article,
            clause=clauses.get((proposal.article, proposal.clause)),
            lead_body=lead,
            lead_text=proposal.lead_text[:300],
            action=proposal.action,
            area=article.areas.first(),
            deadline_code=proposal.deadline_code,
            source_phrase=proposal.phrase,
            **proposal.rule.as_fields(),
        )
        obligation.cooperating_bodies.set([bodies[k] for k in proposal.cooperating_kinds if k in bodies])


def _save_amending_provisions(
    parsed: ParsedRegulation, *, regulation: Regulation, unit: AdministrativeUnit
) -> None:
    """What each clause of an amending act does, pointing at the unit's regulation it names when there is
    one."""
    for order, amendment in enumerate(parsed.amendments, start=1):
        target = _find_regulation(amendment.target_act, unit) if amendment.target_act else None
        AmendingProvision.objects.create(
            regulation=regulation,
            article_number=amendment.article,
            clause_number=amendment.clause,
            action=amendment.action,
            target_act=amendment.target_act[:300],
            target=target,
            target_chapter=amendment.target_chapter,
            target_section=amendment.target_section,
            target_article=amendment.target_article,
            target_clause=amendment.target_clause,
            target_point=amendment.target_point,
            instruction=amendment.instruction,
            text=amendment.text,
            order=order,
        )


def _find_regulation(act: str, unit: AdministrativeUnit) -> Regulation | None:
    """The unit's regulation whose number appears in ``act`` ("Quy chế số 794/QCPH-… ngày …")."""
    folded = fold(act)
    for regulation in Regulation.objects.filter(unit=unit):
        if fold(regulation.number) in folded:
            return regulation
    return None
