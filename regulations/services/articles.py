"""Editing an article's text: on a draft, or on a regulation in force as a recorded amendment."""

import difflib
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from coordination.text import fold, to_nfc
from regulations.models import Amendment, Article, Clause, Obligation, Point, Regulation

from .base import RegulationError


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
    if regulation.status in (
        Regulation.Status.SUPERSEDED,
        Regulation.Status.EXPIRED,
        Regulation.Status.REPEALED,
    ):
        raise RegulationError(_("Quy chế đã hết hiệu lực; không sửa được."))
    records_amendment, started_at = not regulation.is_editable, timezone.now()
    if records_amendment and amendment_effective_from is None:
        raise RegulationError(_("Hãy nhập ngày văn bản sửa đổi, bổ sung có hiệu lực."))
    if (
        records_amendment
        and regulation.effective_from
        and amendment_effective_from < regulation.effective_from
    ):
        raise RegulationError(
            _(
                "Văn bản sửa đổi không thể có hiệu lực (%(amendment_effective_from)s) trước quy chế "
                "(%(effective_from)s)."
            )
            % {
                "amendment_effective_from": f"{amendment_effective_from:%d/%m/%Y}",
                "effective_from": f"{regulation.effective_from:%d/%m/%Y}",
            }
        )
    intro = [line for line in text.splitlines() if line.strip()]
    try:
        parsed = parse_regulation("\n".join([f"Điều 1. {title}", *intro, clauses_text])).articles[0]
    except RegulationParseError as exc:
        # Line numbers count from the first line of the clauses box, where the person typed them.
        where = _("dòng %(line)s ô các khoản: ") % {
            "line": exc.line - 1 - len(intro)} if exc.line and exc.line > 1 + len(intro) else ""
        raise RegulationError(_("Nội dung Điều %(number)s: %(where)s%(message)s") % {
            "number": article.number, "where": where, "message": exc.message}) from None
    reason = (
        _("Sửa đổi theo %(amendment)s") % {"amendment": amendment.strip()}
        if amendment.strip()
        else _("Sửa dự thảo")
    )[:100]  # simple_history keeps 100
    # Clauses are matched by their text, not their number: removing clause 2 of 3 renumbers clause 3,
    # which keeps its row, its history and its obligations.
    existing = list(article.clauses.order_by("order", "id"))
    pairs = align_texts([c.text for c in existing], [c.text for c in parsed.clauses])
    matched = {old: new for old, new in pairs if old is not None and new is not None}
    removed = [clause for index, clause in enumerate(existing) if index not in matched]
    binding = Obligation.objects.filter(
        clause__in=removed, status=Obligation.Status.CONFIRMED
    ).select_related("clause")
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
        Amendment.objects.create(
            regulation=regulation,
            article=article,
            act=amendment.strip()[:300],
            effective_from=amendment_effective_from,
            recorded_at=started_at,
            recorded_by=by,
        )
    return article


def _points_update(*, clause: Clause, parsed_points, by, reason: str) -> None:
    """Points matched by their text like clauses: unchanged ones keep their row, so the history lists only
    real edits."""
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
            point.letter, point.text, point.order, point._change_reason = (
                parsed_point.letter,
                parsed_point.text,
                order,
                reason,
            )
            point.save()
    bulk_create_with_history(new, Point, default_user=by, default_change_reason=reason)


def align_texts(
    old: list[str], new: list[str], *, threshold: float = 0.6
) -> list[tuple[int | None, int | None]]:
    """Pair the provisions of two versions by their words, in order: identical texts first, then in each gap
    between them the most similar ones (ratio ≥ ``threshold``), and when a gap has as many old as new
    provisions left, the rest by position (each one rewritten). Returns (old index | None, new index |
    None)."""
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
            scored = [
                (difflib.SequenceMatcher(a=a[i], b=b[j], autojunk=False).ratio(), i) for i in olds[start:]
            ]
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
