"""The public lists' pages: a count that stops past ``cap`` rows, so that no page of a million published
petitions counts the whole table (the list then says "hơn 10.000 kiến nghị" and offers its first 200 pages;
a visitor narrows it with the search and the filters)."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from coordination.listing import head_matches_sql, search_words

COUNT_CAP = 10_000
# A search's or a filter's matches are counted to a thousand: the trigram index reads every candidate of
# common words before the count can stop, a filter walks the index past the rows it leaves out, and past a
# thousand matches a visitor adds a word or a filter.
SEARCH_COUNT_CAP = 1_000
# A search on PostgreSQL first counts its matches among the list's first HEAD_ROWS rows, an index-only walk
# of petition_public (about 20 ms at a million): common words reach the cap there, and only a search that
# does not falls back to the trigram index, whose count then stops at the cap too (no ORDER BY).
HEAD_ROWS = 20_000


class PublicPaginator(Paginator):
    cap = COUNT_CAP

    def __init__(self, *args, cap: int = COUNT_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    # A search on PostgreSQL (set by the view): the list's rows before the words, in the list's order, and the
    # words; ``in_order`` is then those rows with each word tested by ``strpos``.
    unsearched = None
    words = ""

    @cached_property
    def counted(self) -> int:
        """The rows, counted to one past the cap at most (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, without
        the list's ORDER BY, which would make PostgreSQL read and sort every match first). A search on
        PostgreSQL counts in one query: its matches among the first ``HEAD_ROWS`` of the list and, only when
        those are not past the cap (a CASE: PostgreSQL runs the second subquery only then), through the
        trigram index."""
        if self.unsearched is None or not search_words(self.words):
            return self.object_list.order_by()[: self.cap + 1].count()
        head, head_params = head_matches_sql(
            self.unsearched.values("search_text")[:HEAD_ROWS], search_words(self.words), limit=self.cap + 1
        )
        unordered = self.object_list.order_by().values("pk")[: self.cap + 1]
        full_sql, full_params = unordered.query.sql_with_params()
        full = f"SELECT COUNT(*) FROM ({full_sql}) AS found"
        sql = f"SELECT CASE WHEN ({head}) > %s THEN %s ELSE ({full}) END"
        params = [*head_params, self.cap, self.cap + 1, *full_params]
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the cap: the count shown is "more than", the pages stop at the cap."""
        return self.counted > self.cap

    # A search on PostgreSQL (set by the view): the same rows with each word tested by ``strpos``
    # (voters.queries.search_in_order), which PostgreSQL reads by walking the list's ordering index.
    in_order = None

    def page(self, number):
        """The page's ids first (on PostgreSQL an index-only walk of the ordering index, whose covered columns
        the filters read: no heap row read for a row they discard), then those rows, in the list's order.
        A search with many matches walks the index too (``in_order``); one with few is found by the trigram
        index, its matches sorted (at most ``cap`` of them)."""
        page = super().page(number)
        rows = self.in_order if self.in_order is not None and self.capped else self.object_list
        bottom = (page.number - 1) * self.per_page
        top = self.count if bottom + self.per_page + self.orphans >= self.count else bottom + self.per_page
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        page.object_list = self.object_list.filter(pk__in=ids)
        return page
