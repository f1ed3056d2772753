"""Versions of a regulation: the text as at a date (simple_history ``as_of``), change logs and comparisons.

A comparison works article by article: articles are paired by title (a new regulation renumbers
them), then by number; each pair is same, changed (with a word-level diff), added or removed.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coordination.history import HistoryRow, record_rows
from coordination.text import fold
from regulations.models import Article, Chapter, Clause, Obligation, Party, Point, Regulation, Section

_WORDS_RE = re.compile(r"\n|[^\s]+")


@dataclass
class ArticleVersion:
    number: str
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class ArticleDiff:
    status: str  # "same", "changed", "added", "removed"
    old: ArticleVersion | None
    new: ArticleVersion | None
    diff_html: SafeString = mark_safe("")

    @property
    def label(self) -> str:
        return {"same": "Giữ nguyên", "changed": "Sửa đổi", "added": "Bổ sung", "removed": "Bãi bỏ"}[
            self.status
        ]


def _versions(articles, clauses, points) -> list[ArticleVersion]:
    points_by_clause: dict[int, list] = {}
    for point in sorted(points, key=lambda p: (p.order, p.id)):
        points_by_clause.setdefault(point.clause_id, []).append(point)
    clauses_by_article: dict[int, list] = {}
    for clause in sorted(clauses, key=lambda c: (c.order, c.id)):
        clauses_by_article.setdefault(clause.article_id, []).append(clause)
    result = []
    for article in sorted(articles, key=lambda a: (a.order, a.id)):
        lines = [article.text] if article.text else []
        for clause in clauses_by_article.get(article.id, []):
            lines.append(f"{clause.number}. {clause.text}")
            lines.extend(f"{p.letter}) {p.text}" for p in points_by_clause.get(clause.id, []))
        result.append(ArticleVersion(article.number, article.title, lines))
    return result


def regulation_text(*, regulation: Regulation) -> list[ArticleVersion]:
    articles = list(Article.objects.filter(regulation=regulation))
    clauses = list(Clause.objects.filter(article__regulation=regulation))
    points = list(Point.objects.filter(clause__article__regulation=regulation))
    return _versions(articles, clauses, points)


def regulation_text_as_of(*, regulation: Regulation, when: datetime) -> list[ArticleVersion]:
    """The articles as they read at ``when`` (rows created later are absent, deleted ones come back)."""
    articles = list(Article.history.as_of(when).filter(regulation_id=regulation.pk))
    article_ids = [a.id for a in articles]
    clauses = list(Clause.history.as_of(when).filter(article_id__in=article_ids))
    points = list(Point.history.as_of(when).filter(clause_id__in=[c.id for c in clauses]))
    return _versions(articles, clauses, points)


def regulation_text_on(*, regulation: Regulation, day: date) -> list[ArticleVersion]:
    """The text in force on a legal date: as it took effect, plus each recorded amendment whose own
    effective date has come (amendments take effect in the order they were recorded). A regulation
    imported months after it was signed still shows its text on any day of its effective period.
    """
    if (
        regulation.effective_from is None
    ):  # a draft has no legal dates: its versions are the days it was edited
        return regulation_text_as_of(
            regulation=regulation, when=timezone.make_aware(datetime.combine(day, time.max))
        )
    amendments = list(regulation.amendments.order_by("recorded_at", "id"))
    in_effect = sum(1 for a in amendments if a.effective_from <= day)
    if in_effect == len(amendments):
        return regulation_text(regulation=regulation)
    # The text just before the first amendment not yet in effect began to be recorded.
    return regulation_text_as_of(
        regulation=regulation, when=amendments[in_effect].recorded_at - timedelta(microseconds=1)
    )


def word_diff(old: str, new: str) -> SafeString:
    """Word-level diff as HTML: removed words in <del>, added words in <ins>, everything escaped."""
    # Line breaks are words of their own, so a clause added on a new line is its own change.
    old_words, new_words = _WORDS_RE.findall(old), _WORDS_RE.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if op in ("replace", "delete"):
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if op in ("replace", "insert"):
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(re.sub(r" ?\n ?", "<br>", " ".join(parts)))


def compare_versions(old: list[ArticleVersion], new: list[ArticleVersion]) -> list[ArticleDiff]:
    """Pair the articles of two versions and say what changed, in the order of the newer one."""
    unmatched_old = list(old)
    pairs: list[tuple[ArticleVersion | None, ArticleVersion]] = []
    for article in new:
        partner = next((o for o in unmatched_old if fold(o.title) == fold(article.title) and o.title), None)
        pairs.append((partner, article))
        if partner is not None:
            unmatched_old.remove(partner)
    for index, (partner, article) in enumerate(pairs):
        if partner is None:
            partner = next((o for o in unmatched_old if o.number == article.number), None)
            if partner is not None:
                unmatched_old.remove(partner)
                pairs[index] = (partner, article)
    result = []
    for partner, article in pairs:
        if partner is None:
            result.append(ArticleDiff("added", None, article))
        elif (partner.title, partner.text) == (article.title, article.text):
            result.append(ArticleDiff("same", partner, article))
        else:
            diff = word_diff(f"{partner.title}\n{partner.text}", f"{article.title}\n{article.text}")
            result.append(ArticleDiff("changed", partner, article, diff))
    result.extend(ArticleDiff("removed", o, None) for o in unmatched_old)
    return result


def _m2m_notes(records, rows, target: str, label: str) -> dict[int, str]:
    """For each historical record, what its many-to-many field (``rows``, its history model's manager)
    gained or lost since the record before it of the same object ("lĩnh vực phối hợp: thêm …; bỏ …")."""
    names: dict[int, set[str]] = {r.history_id: set() for r in records}
    for history_id, name in rows.filter(history_id__in=names).values_list("history_id", f"{target}__name"):
        names[history_id].add(name)
    notes, previous = {}, {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        now = names[record.history_id]
        if before is not None and before != now:
            parts = [_("thêm %(names)s") % {"names": ", ".join(sorted(now - before))}] if now - before else []
            if before - now:
                parts.append(_("bỏ %(names)s") % {"names": ", ".join(sorted(before - now))})
            notes[record.history_id] = f" — {label}: {'; '.join(parts)}"
        previous[record.id] = now
    return notes


def regulation_changes(*, regulation: Regulation, limit: int = 200) -> list[HistoryRow]:
    """Every recorded edit of the regulation and its provisions, newest first (who, when, what)."""
    kinds = {"+": _("Thêm"), "~": _("Sửa"), "-": _("Xóa")}
    pk = regulation.pk
    sources = [
        (
            Regulation.history.filter(id=pk),
            lambda h: _("thông tin chung (%(s)s)") % {"s": h.get_status_display()},
        ),
        (
            Chapter.history.filter(regulation_id=pk),
            lambda h: _("Chương %(n)s. %(t)s") % {"n": h.number, "t": h.title},
        ),
        (
            Section.history.filter(chapter__regulation_id=pk).select_related("chapter"),
            lambda h: (
                _("Mục %(n)s Chương %(c)s. %(t)s") % {"n": h.number, "c": h.chapter.number, "t": h.title}
            ),
        ),
        (
            Article.history.filter(regulation_id=pk),
            lambda h: _("Điều %(n)s. %(t)s") % {"n": h.number, "t": h.title},
        ),
        (
            Clause.history.filter(article__regulation_id=pk).select_related("article"),
            lambda h: _("khoản %(n)s Điều %(a)s") % {"n": h.number, "a": h.article.number},
        ),
        (
            Point.history.filter(clause__article__regulation_id=pk).select_related("clause__article"),
            lambda h: (
                _("điểm %(l)s khoản %(n)s Điều %(a)s")
                % {"l": h.letter, "n": h.clause.number, "a": h.clause.article.number}
            ),
        ),
        (
            Party.history.filter(regulation_id=pk).select_related("body"),
            lambda h: _("bên ký kết %(b)s: %(s)s") % {"b": h.body, "s": h.signer_name or _("chưa ký")},
        ),
        (
            Obligation.history.filter(regulation_id=pk).select_related("article"),
            lambda h: (
                _("nghĩa vụ tại Điều %(a)s (%(s)s)") % {"a": h.article.number, "s": h.get_status_display()}
            ),
        ),
    ]
    # Many-to-many edits (areas of an article, cooperating bodies of an obligation) are history rows
    # of their own; the log says what was added or removed.
    m2m = {
        Article.history.model: (Article.history.model.areas, "coordinationarea", _("lĩnh vực phối hợp")),
        Obligation.history.model: (
            Obligation.history.model.cooperating_bodies,
            "body",
            _("cơ quan phối hợp"),
        ),
    }
    changes = []
    for queryset, describe in sources:
        records = list(queryset.select_related("history_user").order_by("-history_date")[:limit])
        notes = _m2m_notes(records, *m2m[queryset.model]) if queryset.model in m2m else {}
        changes += record_rows(
            queryset.model.instance_type,
            records,
            # every edit of the text is listed, even one that changed only the areas or nothing at all
            keep_unchanged=True,
            describe=lambda r, describe=describe, notes=notes: (
                f"{kinds[r.history_type]} {describe(r)}{notes.get(r.history_id, '')}"
            ),
        )
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]
