"""Changelists that stay fast at a million rows (issue #16: petition search 4.5 s, follow-ups 2.1 s).

Django admin's search is ``UPPER(col) LIKE '%word%'`` on every search field, which no index serves, and each
page counts the whole table a second time. A model that keeps a diacritic-free ``search_text``
(``SearchTextModel``, with its trigram index on PostgreSQL) is searched there instead, word by word, as the
site's registers search it (``trigram_search_filter``: a word shorter than a trigram is kept off the index);
and the changelist counts the filtered rows only, and those only up to ``AdminCountPaginator.cap`` (counting a
million petitions took a fifth of a second on every page): past it the changelist says "from 10,000 up"
(``templates/admin/pagination.html``) and its pages stop there.

A search with many matches still joined and sorted every one of them for a page of 100 (the petitions'
"giai phong mat bang": 71,430 matches, 1.2 s at a million). A table whose register has a plan for that gives
it to its admin (``search_paginator``, ``search_in_order``): the changelist in its default order then pages
a search as the register does (voters' ``CappedCountPaginator``: at most its cap of (due date, id) pairs read
and sorted here, or the ordering index walked with ``strpos`` for the page's ids).
"""

from django.contrib.admin.views.main import IGNORED_PARAMS, ChangeList
from django.db import connection
from django.utils.functional import cached_property

from coordination.listing import CappedPaginator, trigram_search_filter


class AdminCountPaginator(CappedPaginator):
    """The changelist's count, stopped at ``cap`` rows (100 pages of 100), in no particular order: sorted, the
    rows before the cap would all be read and ordered first (a round's 50,000 petitions: 0.4 s)."""

    cap = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.cap].count()


class LargeTableChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        whole = not self.multi_page or (self.show_all and self.can_show_all)
        if not hasattr(request, "large_table_search") or not whole:
            return
        # One page holds every match (or "show all" asked for them): Django would list the whole search again,
        # past a capped count, and with its LIKEs, which send PostgreSQL back to the trigram index for every
        # candidate (an agency's owed petitions searched for "giai phong mat bang": 0 of 71,428, 0.46 s).
        paginator = self.paginator
        if paginator.in_order is not None and paginator.found is not None:
            self.result_list = paginator.unsearched.filter(pk__in=[pk for _, pk in paginator.found])
        else:
            self.result_list = self.result_list[: paginator.count]


class LargeTableAdmin:
    """Mix in before ``admin.ModelAdmin`` (or ``HistoryAdmin``) for a table that grows with the province."""

    show_full_result_count = False  # "12 kết quả (1.000.000 tổng cộng)" costs a count of every row
    paginator = AdminCountPaginator
    # The register's paginator for a search (it has ``in_order``, ``count_in_order``, ``unsearched`` and
    # ``found``, as voters' ``CappedCountPaginator``) and the function giving the same rows as the search, by
    # ``strpos``, so that PostgreSQL walks the ordering index (voters.queries.search_in_order). Both or
    # neither.
    search_paginator = None
    search_in_order = None
    # Lookups that narrow the table to rows few enough that their own index is walked for the count (one
    # agency's petitions) rather than the trigram index, whose matches elsewhere would be read and discarded.
    count_in_order_lookups: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip() or "search_text" not in {f.name for f in self.model._meta.fields}:
            return super().get_search_results(request, queryset, search_term)
        # The changelist in the model's own order (the register's): its paginator may walk that order's index.
        in_own_order = list(queryset.query.order_by) == list(self.model._meta.ordering)
        if self.search_paginator is not None and in_own_order:
            # Its count cap on every database; the index walked on PostgreSQL's only, as in the register.
            on_postgresql = connection.vendor == "postgresql"
            request.large_table_search = {
                "in_order": type(self).search_in_order(queryset, search_term) if on_postgresql else None,
                "count_in_order": any(lookup in request.GET for lookup in self.count_in_order_lookups),
                "unsearched": queryset,
                # The head is read for a search no filter narrows (``CappedCountPaginator.words``).
                "words": "" if any(name not in IGNORED_PARAMS for name in request.GET) else search_term,
            }
        # search_text holds what search_source() says a person looks for: "giai phong" finds "Giải phóng".
        return trigram_search_filter(queryset, search_term), False

    def get_changelist(self, request, **kwargs):
        return LargeTableChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        plan = getattr(request, "large_table_search", None)
        if plan is None:
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        paginator = self.search_paginator(queryset, per_page, orphans, allow_empty_first_page)
        for name, value in plan.items():
            setattr(paginator, name, value)
        return paginator
