"""Every list page in one shape: filters, diacritic-free search, pagination, Excel export, print view.

A list view subclasses RegisterView, declares its columns once (they drive the table, the print
view and the Excel file alike) and implements ``base_queryset()``, which must apply the app's
authorization (``visible_<things>(user)``) and the ``select_related`` the columns need.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import ListView

from coordination.documents import vn_number
from coordination.spreadsheets import xlsx_response
from coordination.text import fold

PRINT_ROW_LIMIT = 2000
EXPORT_ROW_LIMIT = 100_000
# A search is a few words: longer input (100,000 characters pasted by mistake) is cut, not sent to the database,
# where SQLite refuses a LIKE pattern that long ("pattern too complex") and PostgreSQL a NUL.
SEARCH_MAX_WORDS = 12
SEARCH_MAX_WORD_LENGTH = 60


@dataclass(frozen=True)
class Column:
    label: str
    value: str | Callable[[Any], Any]
    figure: bool = False  # a count or a measure, written 1.234 (an identifier such as a petition's number is not)

    def raw(self, obj):
        if callable(self.value):
            return self.value(obj)
        result = obj
        for part in self.value.split("."):
            result = getattr(result, part, None) if result is not None else None
            if callable(result):
                result = result()
        return result

    def display(self, obj) -> str:
        value = self.raw(obj)
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if isinstance(value, datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(value, date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, float | Decimal) or (self.figure and isinstance(value, int)):
            return vn_number(value)  # 1.234; 45,3
        return str(value)


def search_words(query: str) -> list[str]:
    """The words a search looks for: folded, without NUL, at most SEARCH_MAX_WORDS of SEARCH_MAX_WORD_LENGTH each."""
    return [word[:SEARCH_MAX_WORD_LENGTH] for word in fold((query or "").replace("\x00", " ")).split()[:SEARCH_MAX_WORDS]]


def search_filter(queryset, query: str, field: str = "search_text"):
    """Every word of the query, folded (no diacritics, lowercase), must occur in ``field``."""
    for word in search_words(query):
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


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
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
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
        return None if self.output in ("xlsx", "print") else self.paginate_by

    def render_to_response(self, context, **kwargs):
        rows = context["object_list"]
        if self.output == "xlsx":
            return xlsx_response(
                slugify(fold(str(self.title))) or "danh-sach",
                str(self.title),
                [str(c.label) for c in self.columns],
                ([c.raw(obj) for c in self.columns] for obj in rows[:EXPORT_ROW_LIMIT].iterator(chunk_size=2000)),
                figures=[c.figure for c in self.columns],
            )
        if self.output == "print":
            self.template_name = self.print_template_name
            context["object_list"] = rows = rows[:PRINT_ROW_LIMIT]
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
