"""Every list page in one shape: filters, diacritic-free search, pagination, Excel export, print view.

A list view subclasses RegisterView, declares its columns once (they drive the table, the print
view and the Excel file alike) and implements ``base_queryset()``, which must apply the app's
authorization (``visible_<things>(user)``) and the ``select_related`` the columns need.

The Excel file of a list is built in the background, whatever its size: ``?format=xlsx`` queues a
``register_xlsx`` report and goes to its progress page; the worker rebuilds the same view for the same
user and query (``register_for_report``), so the rows are the ones that user may see when the file is made.
"""

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.postgres.fields import ArrayField
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, F, Func, IntegerField, Subquery, TextField, Value
from django.db.models.functions import StrIndex
from django.http import HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import ListView

from coordination.documents import vn_number
from coordination.migration_ops import BIGRAMS_FUNCTION
from coordination.reports import REGISTER_XLSX, XLSX, RenderedFile
from coordination.spreadsheets import workbook_file
from coordination.text import fold

PRINT_ROW_LIMIT = 2000
EXPORT_PROGRESS_EVERY = 2000  # rows between two progress updates of an export
# A search is a few words: longer input (100,000 characters pasted by mistake) is cut, not sent to the
# database,
# where SQLite refuses a LIKE pattern that long ("pattern too complex") and PostgreSQL a NUL.
SEARCH_MAX_WORDS = 12
SEARCH_MAX_WORD_LENGTH = 60


@dataclass(frozen=True)
class Column:
    label: str
    value: str | Callable[[Any], Any]
    figure: bool = (
        False  # a count or a measure, written 1.234 (an identifier such as a petition's number is not)
    )

    def raw(self, obj):
        if callable(self.value):
            return self.value(obj)
        result = obj
        for part in self.value.split("."):
            if result is None:
                return None
            label_of = _choice_field(type(result), part)
            if label_of:
                result = choice_label(result, label_of)
                continue
            result = getattr(result, part, None)
            if callable(result):
                result = result()
        return result

    def display(self, obj) -> str:
        return display_value(self.raw(obj), figure=self.figure)


@functools.cache
def _choice_field(model, part: str) -> str:
    """The choice field ``part`` ("get_status_display") shows the label of, or ""."""
    if not (part.startswith("get_") and part.endswith("_display")) or not hasattr(model, "_meta"):
        return ""
    name = part.removeprefix("get_").removesuffix("_display")
    return name if any(f.name == name and f.choices for f in model._meta.concrete_fields) else ""


def choice_label(obj, field: str):
    """``obj.get_<field>_display()``, from ``choice_labels``."""
    value = getattr(obj, field)
    return choice_labels(obj._meta.get_field(field)).get(value, value)


def choice_labels(field) -> dict:
    """A choice field's labels by value in the active language, from a table kept per language: Django's
    ``get_FOO_display`` rebuilds the field's choices and translates every label for each call, a tenth of a
    register page's time."""
    return _choice_labels(field, translation.get_language())


@functools.cache
def _choice_labels(field, language: str) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def display_value(value, *, figure: bool = False) -> str:
    """A value as a person reads it in a table (a register's cell, a change in the admin's history)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, float | Decimal) or (figure and isinstance(value, int)):
        return vn_number(value)  # 1.234; 45,3
    return str(value)


def search_words(query: str) -> list[str]:
    """The words a search looks for: folded, without NUL, at most SEARCH_MAX_WORDS of SEARCH_MAX_WORD_LENGTH
    each."""
    return [
        word[:SEARCH_MAX_WORD_LENGTH]
        for word in fold((query or "").replace("\x00", " ")).split()[:SEARCH_MAX_WORDS]
    ]


def head_matches_sql(head, words: list[str], *, limit: int) -> tuple[str, list]:
    """SQL and parameters counting, up to ``limit``, the rows of ``head`` (a sliced queryset of
    ``search_text`` values: a list's first rows) that hold every word, by ``strpos`` (PostgreSQL). Reaching
    ``limit`` proves a search has that many matches after reading the head only, which for common words is
    cheap, where the trigram index first reads every candidate of the words (at 1,000,000 petitions
    "giai phong mat bang": 71,428 of them, 69 ms); the head read in vain costs a few milliseconds."""
    head_sql, head_params = head.query.sql_with_params()
    tests = " AND ".join(["STRPOS(head.search_text, %s) > 0"] * len(words))
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM ({head_sql}) AS head WHERE {tests} LIMIT %s) AS found"
    return sql, [*head_params, *words, limit]


def search_filter(queryset, query: str, field: str = "search_text"):
    """Every word of the query, folded (no diacritics, lowercase), must occur in ``field``."""
    for word in search_words(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


BIGRAM = 2  # a word of two letters is found in the bigram index, when it has one (``BigramIndex``)
TRIGRAM = 3  # pg_trgm reads a word of at least three letters; "12" or "so" gives it nothing to look up


def trigram_search_filter(queryset, query: str, field: str = "search_text"):
    """``search_filter``, for a table with a trigram index on ``field``: a word too short for a trigram is
    matched by ``strpos``, which no index serves, instead of a LIKE, which PostgreSQL would hand to the
    trigram index as if it narrowed the rows (it estimates the index returns the rows all the words match):
    for "viec so 12" the index would then return every row containing "viec" — all of them — to be read
    again, once per tab counted. Left with only "viec", the planner sees the index narrows nothing and walks
    the tab's own index, stopping at the cap; a search with a rare word of three letters or more still reads
    the trigram index. The same rows either way, on SQLite too (``instr``).

    A model with a ``search_bigram_index`` (``migration_ops.BigramIndex``) also finds a rare two-letter word
    there ("zz": otherwise every tab's count walks its whole index to find nothing); a common one ("so", "12")
    keeps ``strpos``, since walking the tab's index finds its matches sooner than reading them all."""
    words = search_words(query)
    index = getattr(queryset.model, "search_bigram_index", None) if field == "search_text" else None
    has_bigram = index and connections[queryset.db].vendor == "postgresql"
    # Read only for a search holding a two-letter word.
    shares = bigram_statistics(queryset.db, index) if has_bigram and BIGRAM in map(len, words) else None
    for n, word in enumerate(words):
        if len(word) >= TRIGRAM:
            queryset = queryset.filter(**{f"{field}__contains": word})
        elif len(word) == BIGRAM and shares is not None and shares.rare(word):
            queryset = queryset.alias(_bigrams=Bigrams(field)).filter(_bigrams__contains=[word])
        else:
            queryset = queryset.alias(**{f"_word{n}": StrIndex(field, Value(word))}).filter(
                **{f"_word{n}__gt": 0}
            )
    return queryset


class Bigrams(Func):
    """``phoihop_bigrams(field)``, the expression of a ``BigramIndex`` (PostgreSQL)."""

    function = BIGRAMS_FUNCTION
    output_field = ArrayField(TextField())


# Below this share of the rows a two-letter word is read from the bigram index: its rows are few enough to
# fetch and sort, where walking a tab's index would read 1/share rows for each match (at 1,000,000 follow-ups
# "12", in 5 % of them, counts faster by walking; "zz", in none, walked every row).
RARE_BIGRAM_SHARE = 0.02
BIGRAM_STATISTICS_SECONDS = 600  # ANALYZE changes them seldom; read again after this long
_bigram_statistics: dict[str, tuple[float, "BigramShares | None"]] = {}


@dataclass(frozen=True)
class BigramShares:
    common: dict[str, float]  # the share of the rows holding each of the frequent bigrams ANALYZE found

    def rare(self, bigram: str) -> bool:
        """Rare like a bigram ANALYZE did not find frequent, which the planner too estimates at 0.5 % at
        most, so that it reads the index."""
        return self.common.get(bigram, 0) < RARE_BIGRAM_SHARE


def bigram_statistics(database: str, index: str) -> BigramShares | None:
    """The statistics ANALYZE keeps on the index's expression (``pg_stats``), read at most every
    ``BIGRAM_STATISTICS_SECONDS``; None before an ANALYZE found frequent bigrams (every word then counts as
    common)."""
    read_at, shares = _bigram_statistics.get(index, (None, None))
    if read_at is None or time.monotonic() - read_at > BIGRAM_STATISTICS_SECONDS:
        with connections[database].cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s",
                [index],
            )
            row = cursor.fetchone()
        # The frequencies run three longer than the bigrams (their least, their greatest, the empty arrays').
        shares = BigramShares(dict(zip(row[0], row[1], strict=False))) if row and row[0] else None
        _bigram_statistics[index] = (time.monotonic(), shares)
    return shares


class RegisterView(LoginRequiredMixin, ListView):
    template_name = "includes/register.html"
    print_template_name = "includes/register_print.html"
    columns: Sequence[Column] = ()
    filterset_class = None
    title = ""
    search_field: str | None = "search_text"
    paginate_by = settings.PAGE_SIZE

    def base_queryset(self):
        raise NotImplementedError("a register must say which rows this user may see")

    def get_queryset(self):
        queryset = self.base_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            queryset = self.filterset.qs
        query = self.request.GET.get("q", "").strip()
        if query and self.search_field:
            queryset = self.search(queryset, query)
        return queryset

    def search(self, queryset, query: str):
        """The rows matching ``query``; a register whose table is large may choose a faster plan here."""
        return search_filter(queryset, query, self.search_field)

    @property
    def output(self) -> str:
        return self.request.GET.get("format", "")

    def get_paginate_by(self, queryset):
        return None if self.output == "print" else self.paginate_by

    def get(self, request, *args, **kwargs):
        if self.output == "xlsx":
            return self.export_in_background()
        return super().get(request, *args, **kwargs)

    def export_in_background(self):
        """Queue the Excel file of this list as filtered and go to its progress page (rows are never cut)."""
        from coordination.services import report_request

        self.get_queryset()  # the door refuses here (404/403) before anything is queued
        params = {
            "view": self.request.resolver_match.view_name,
            "kwargs": self.kwargs,
            "query": self.request.GET.urlencode(),
            "language": translation.get_language(),
        }
        title = _("%(title)s (Excel)") % {"title": self.title}
        return redirect(report_request(kind=REGISTER_XLSX, title=title, params=params, by=self.request.user))

    def export(self, progress) -> RenderedFile:
        """The whole list as an .xlsx file, read in chunks and written row by row to a temporary file (flat
        memory whatever its size), its title saying how many rows it holds: those written, never cut."""
        rows = self.get_queryset()
        total, written = rows.count(), 0

        def values():
            nonlocal written
            for index, obj in enumerate(rows.iterator(chunk_size=EXPORT_PROGRESS_EVERY), start=1):
                if index % EXPORT_PROGRESS_EVERY == 0:
                    progress(100 * index / total)
                yield [c.raw(obj) for c in self.columns]
                written = index

        spooled = workbook_file(str(self.title), [str(c.label) for c in self.columns], values(),
                                figures=[c.figure for c in self.columns])
        return RenderedFile(
            filename=f"{slugify(fold(str(self.title))) or 'danh-sach'}.xlsx",
            content=b"",
            file=spooled,
            content_type=XLSX,
            title=_("%(title)s: %(rows)s dòng (Excel)") % {"title": self.title, "rows": vn_number(written)},
        )

    def render_to_response(self, context, **kwargs):
        rows = context["object_list"]
        paginator = context.get("paginator")
        if paginator is not None and paginator.count == 0:
            rows = []  # Django would compile the empty page's query (the door's subqueries, the counts) first
        if self.output == "print":
            self.template_name = self.print_template_name
            context["object_list"] = printed = rows[:PRINT_ROW_LIMIT]
            context["print_total"] = rows.count() if len(printed) == PRINT_ROW_LIMIT else len(printed)
            rows = printed
        context["rows"] = [(obj, [c.display(obj) for c in self.columns]) for obj in rows]
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        paginator = context.get("paginator")
        context.update(
            result_count=paginator.count if paginator else None,  # exports and print views are not paginated
            title=self.title,
            columns=self.columns,
            filter=self.filterset,
            query=self.request.GET.get("q", ""),
            searchable=bool(self.search_field),
            querystring=params.urlencode(),
            now=timezone.now(),
        )
        return context


def register_for_report(report) -> RegisterView:
    """The list view a ``register_xlsx`` report was asked from, set up for its requester and query as the
    request was: the same door, filters and search decide the rows."""
    params = report.params
    path = reverse(params["view"], kwargs=params["kwargs"])
    match = resolve(path)
    request = HttpRequest()
    request.method, request.path, request.path_info = "GET", path, path
    request.GET = QueryDict(params["query"])
    request.user = report.requested_by
    request.resolver_match = match
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view


def section_page(request: HttpRequest, queryset, *, param: str = "page", count: int | None = None) -> Page:
    """One page of a section of a detail page (a round's meetings, the opinions still to compile), so a page
    that shows a whole round stays as fast at 50,000 rows as at 50; ``param`` names its page in the address
    when a page has two such sections; ``count``, the number of rows when the page has counted them already
    (in an aggregate it reads anyway), spares a second count. For ``includes/pagination.html``:
    ``page.param``, ``page.querystring`` (the other parameters, kept when turning this section's page)."""
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get(param))
    others = request.GET.copy()
    others.pop(param, None)
    page.param, page.querystring = param, others.urlencode()
    return page


def count_children(rows, children, *, parent: str, attr: str) -> None:
    """Set ``attr`` on each row of a page to how many of ``children`` point at it through the foreign key
    ``parent``: grouped for these rows only, where an annotation on the whole section would group and count
    every row of the round before the page is cut."""
    counts = dict(
        children.filter(**{f"{parent}__in": [row.pk for row in rows]})
        .order_by()
        .values_list(parent)
        .annotate(n=Count("pk"))
    )
    for row in rows:
        setattr(row, attr, counts.get(row.pk, 0))


def row_count(queryset) -> Subquery:
    """How many rows ``queryset`` (narrowed by an ``OuterRef``) holds, as a scalar subquery (0 for none) to
    annotate on a register's rows: PostgreSQL runs it for the page's rows only, after the ORDER BY … LIMIT
    (and the paginator's count leaves it out), where ``Count`` across a join groups every row of the register
    before the page is cut. Each row's count reads the children's foreign-key index."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: how many of a million follow-ups are open is not worth a scan of the table
    on every page; past the cap the register says so (``capped``) and the person narrows the list."""

    cap = 10_000

    @cached_property
    def count(self):
        return min(self.cap, self.object_list[: self.cap].count())

    @property
    def capped(self) -> bool:
        return self.count >= self.cap


def capped_counts(querysets: dict[str, Any], cap: int) -> dict[str, int]:
    """How many rows each queryset holds, at most ``cap`` each, in one query: every count stops at the cap
    (an index walk of ``cap`` rows), where one aggregate with a FILTER per key reads every row."""
    if not querysets:
        return {}
    parts, params = [], []
    using = next(iter(querysets.values())).db
    for queryset in querysets.values():
        sql, part_params = queryset.order_by().values("pk")[:cap].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")
        params += part_params
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))
