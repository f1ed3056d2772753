"""Workflows on regulations: import, status transitions, signatures, obligations, amendments."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from coordination.models import AdministrativeUnit, Body, CoordinationArea, Term
from coordination.text import fold, to_nfc
from regulations.models import (
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

# "Trên cơ sở Quy chế số 794/…" (based on) and "thay thế Quy chế số 794/…" (supersedes).
_BASED_ON_RE = re.compile(r"tren co so quy che so (\S+)")
_SUPERSEDES_RE = re.compile(r"thay the quy che so (\S+)")


class RegulationError(ValueError):
    """A request the rules of the regulation do not allow; the message is shown to the user as is."""


HEADER_LOCKED = _("Quy chế đã ký: thông tin chung không sửa được; nội dung chỉ sửa bằng văn bản sửa đổi, bổ sung.")


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


@transaction.atomic
def regulation_import(
    *, parsed: ParsedRegulation, unit: AdministrativeUnit, by, term: Term | None = None, number: str = ""
) -> Regulation:
    """Save a parsed regulation as a draft of ``unit`` with its proposed obligations; all or nothing."""
    number = to_nfc(number or parsed.number).strip()
    if not number:
        raise RegulationError("Văn bản không có dòng “Số: …”; hãy nhập số, ký hiệu của quy chế.")
    try:
        validate_document_number(number)
    except ValidationError as exc:
        raise RegulationError(exc.messages[0]) from None
    if Regulation.objects.filter(unit=unit, number=number).exists():
        raise RegulationError(f"Đơn vị {unit} đã có quy chế số {number}; không nhập trùng.")
    if not parsed.title:
        raise RegulationError("Văn bản không có tên quy chế (dòng “QUY CHẾ” và tên ở dòng sau).")
    bodies = unit_bodies_by_kind(unit)

    party_rows = []
    for party in parsed.parties:
        body = bodies.get(party.body_kind)
        if body is None or not body.is_main:
            raise RegulationError(
                f"Dòng {party.line}: không tìm thấy cơ quan ký kết “{party.heading or party.title}” trong {unit}."
            )
        earlier = next((p for b, p in party_rows if b == body), None)
        if earlier is not None:
            raise RegulationError(f"Dòng {party.line}: {body} đã có khối chữ ký ở dòng {earlier.line}; mỗi bên ký một lần.")
        party_rows.append((body, party))
    if not party_rows:
        # No signature blocks (a draft): the issuers line names the parties.
        from regulations.phrases import body_mentions

        kinds = dict.fromkeys(m.kind for m in body_mentions(fold(" ".join(parsed.issuers))))
        party_rows = [(bodies[k], None) for k in kinds if k in bodies and bodies[k].is_main]
    if not Regulation.MIN_PARTIES <= len(party_rows) <= Regulation.MAX_PARTIES:
        raise RegulationError(
            f"Quy chế phải có từ hai đến bốn bên ký kết; văn bản nêu {len(party_rows)} bên."
        )

    whole_text = f"{parsed.preamble}\n" + "\n".join(c.text for a in parsed.articles for c in a.clauses)
    regulation = Regulation.objects.create(
        number=number,
        title=parsed.title,
        unit=unit,
        term=term,
        kind=Regulation.Kind.JOINT_RESOLUTION if parsed.is_promulgated else Regulation.Kind.REGULATION,
        place=parsed.place,
        signed_on=parsed.signed_on,
        preamble=parsed.preamble,
        promulgation=parsed.promulgation,
        recipients="\n".join(parsed.recipients),
        based_on=_find_number(_BASED_ON_RE, whole_text, unit),
        supersedes=_find_number(_SUPERSEDES_RE, whole_text, unit),
        created_by=by,
    )
    RegulationStatusChange.objects.create(regulation=regulation, to_status=regulation.status, by=by, note="Nhập từ văn bản")
    for order, (body, party) in enumerate(party_rows):
        Party.objects.create(
            regulation=regulation, body=body, order=order,
            heading=party.heading if party else "", signer_title=party.title if party else "",
            signer_name=party.signer if party else "",
            signed_on=parsed.signed_on if party else None, recorded_by=by if party else None,
        )

    areas = {a.code: a for a in CoordinationArea.objects.all()}
    articles: dict[str, Article] = {}
    clauses: dict[tuple[str, str], Clause] = {}
    order = 0

    def save_article(parsed_article, chapter, sections):
        nonlocal order
        from regulations.phrases import suggest_area_codes

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

    for proposal in parsed.obligations:
        article = articles[proposal.article]
        obligation = Obligation.objects.create(
            regulation=regulation, article=article, clause=clauses.get((proposal.article, proposal.clause)),
            lead_body=bodies.get(proposal.lead_kind), action=proposal.action, area=article.areas.first(),
            deadline_code=proposal.deadline_code, source_phrase=proposal.phrase, **proposal.rule.as_fields(),
        )
        obligation.cooperating_bodies.set([bodies[k] for k in proposal.cooperating_kinds if k in bodies])
    return regulation


@transaction.atomic
def regulation_transition(
    *, regulation: Regulation, to_status: str, by, note: str = "", effective_from: date | None = None
) -> Regulation:
    """Move along the legal path (draft → under negotiation → in force → superseded/expired/repealed)."""
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    allowed = Regulation.TRANSITIONS[regulation.status]
    if to_status not in allowed:
        raise RegulationError(
            f"Không thể chuyển quy chế từ “{regulation.get_status_display()}” sang "
            f"“{Regulation.Status(to_status).label}”."
        )
    today = timezone.localdate()
    if to_status == Regulation.Status.IN_FORCE:
        unsigned = [str(p.body) for p in regulation.parties.select_related("body") if not p.is_signed]
        if unsigned:
            raise RegulationError("Chưa thể cho hiệu lực: còn bên chưa ký — " + ", ".join(unsigned) + ".")
        regulation.effective_from = effective_from or regulation.effective_from or regulation.signed_on or today
        if regulation.supersedes_id:
            older = regulation.supersedes
            if older.status == Regulation.Status.IN_FORCE:
                regulation_transition(
                    regulation=older, to_status=Regulation.Status.SUPERSEDED, by=by,
                    note=f"Được thay thế bởi Quy chế số {regulation.number}",
                    effective_from=regulation.effective_from,
                )
    elif to_status in (Regulation.Status.SUPERSEDED, Regulation.Status.EXPIRED, Regulation.Status.REPEALED):
        # The old regulation stops the day before its successor (or the decision) takes effect.
        end = (effective_from or today) - timedelta(days=1)
        regulation.effective_to = max(end, regulation.effective_from) if regulation.effective_from else end
    RegulationStatusChange.objects.create(
        regulation=regulation, from_status=regulation.status, to_status=to_status, by=by, note=note[:500]
    )
    regulation.status = to_status
    regulation.save()
    return regulation


@transaction.atomic
def party_sign(*, party: Party, signer_name: str, signer_title: str, signed_on: date, by) -> Party:
    """Record a party's signature (a leader of that body records it)."""
    if party.regulation.status not in Regulation.EDITABLE_STATUSES:
        raise RegulationError("Quy chế đã có hiệu lực hoặc đã hết hiệu lực; không ghi nhận thêm chữ ký.")
    if not signer_name.strip():
        raise RegulationError("Hãy nhập họ và tên người ký.")
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
    regulation._change_reason = "Lưu bản ký (PDF)"
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
        raise RegulationError(f"{obligation.citation}: hãy chọn cơ quan chủ trì trước khi xác nhận.")
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
    *, article: Article, title: str, text: str, clauses_text: str, by, amendment: str = "", areas=None
) -> Article:
    """Edit an article; on a regulation in force only as a recorded amendment (``amendment`` names the act).

    ``clauses_text`` holds one clause per line ("1. …", points "a) …" below it); the article is
    re-read with the importer's own rules so an edit cannot break the numbering.
    """
    from regulations.parsing import RegulationParseError, parse_regulation

    regulation = article.regulation
    if not regulation.is_editable and not amendment.strip():
        raise RegulationError("Quy chế đã ký: chỉ sửa được khi ghi nhận văn bản sửa đổi, bổ sung.")
    if regulation.status in (Regulation.Status.SUPERSEDED, Regulation.Status.EXPIRED, Regulation.Status.REPEALED):
        raise RegulationError("Quy chế đã hết hiệu lực; không sửa được.")
    intro = [line for line in text.splitlines() if line.strip()]
    try:
        parsed = parse_regulation("\n".join([f"Điều 1. {title}", *intro, clauses_text])).articles[0]
    except RegulationParseError as exc:
        # Line numbers count from the first line of the clauses box, where the person typed them.
        where = f"dòng {exc.line - 1 - len(intro)} ô các khoản: " if exc.line and exc.line > 1 + len(intro) else ""
        raise RegulationError(f"Nội dung Điều {article.number}: {where}{exc.message}") from None
    reason = f"Sửa đổi theo {amendment.strip()}" if amendment.strip() else "Sửa dự thảo"
    kept = {c.number: c for c in article.clauses.all()}
    removed = [kept[number] for number in kept.keys() - {c.number for c in parsed.clauses}]
    binding = Obligation.objects.filter(clause__in=removed, status=Obligation.Status.CONFIRMED).select_related("clause")
    if binding:
        # A confirmed obligation sets real deadlines elsewhere; dropping it with its clause would do so
        # silently, so the person decides first (marks it "Không áp dụng" or keeps the clause).
        cited = ", ".join(sorted({f"khoản {o.clause.number}" for o in binding}))
        raise RegulationError(
            f"Nội dung Điều {article.number}: không bỏ được {cited} vì có nghĩa vụ đã xác nhận. "
            "Hãy đánh dấu nghĩa vụ đó “Không áp dụng” trước, hoặc giữ lại khoản."
        )
    # Every history row of this edit (the m2m rows of the areas too) carries the reason.
    article._change_reason = reason
    article.title = to_nfc(title).strip()
    article.text = parsed.text
    article.save()
    if areas is not None:
        article.areas.set(areas)
    for order, parsed_clause in enumerate(parsed.clauses, start=1):
        clause = kept.pop(parsed_clause.number, None) or Clause(article=article, number=parsed_clause.number)
        clause._change_reason = reason
        if clause.text != parsed_clause.text or clause.order != order:
            clause.text, clause.order = parsed_clause.text, order
            clause.save()
        _points_update(clause=clause, parsed_points=parsed_clause.points, by=by, reason=reason)
    for clause in kept.values():
        clause._change_reason = reason
        clause.delete()
    return article


def _points_update(*, clause: Clause, parsed_points, by, reason: str) -> None:
    """Points matched by letter: unchanged ones keep their row, so the history lists only real edits."""
    kept = {p.letter: p for p in clause.points.all()}
    new = []
    for order, parsed_point in enumerate(parsed_points, start=1):
        point = kept.pop(parsed_point.letter, None)
        if point is None:
            new.append(Point(clause=clause, letter=parsed_point.letter, text=parsed_point.text, order=order))
        elif (point.text, point.order) != (parsed_point.text, order):
            point.text, point.order, point._change_reason = parsed_point.text, order, reason
            point.save()
    for point in kept.values():
        point._change_reason = reason
        point.delete()
    bulk_create_with_history(new, Point, default_user=by, default_change_reason=reason)
