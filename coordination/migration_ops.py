"""Migration operations that use PostgreSQL features and degrade to nothing on SQLite (rule 7)."""

from django.db.migrations.operations.base import Operation


class PostgreSQLOnly(Operation):
    """An operation of plain SQL statements run on PostgreSQL only, leaving the migration state as it is:
    a subclass gives ``forwards_sql()`` and ``backwards_sql()`` (lists of statements), ``describe()`` and
    its keyword arguments in ``kwargs``."""

    reduces_to_sql = True
    reversible = True
    kwargs: tuple[str, ...] = ()

    def forwards_sql(self) -> list[str]:
        raise NotImplementedError

    def backwards_sql(self) -> list[str]:
        raise NotImplementedError

    def state_forwards(self, app_label, state):
        pass

    def _run(self, schema_editor, statements):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, self.forwards_sql())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, self.backwards_sql())

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {name: getattr(self, name) for name in self.kwargs})


class SearchIndex(PostgreSQLOnly):
    """A GIN index on a folded search column: a subclass says what it indexes (``indexed()``), its ``kind``
    for ``describe()``, its ``WITH`` clause (``options``) and whether the table is analysed after."""

    kwargs = ("table", "column", "name")
    kind = ""
    options = ""
    analyze = False

    def __init__(self, table: str, column: str, name: str):
        self.table, self.column, self.name = table, column, name

    def indexed(self) -> str:
        raise NotImplementedError

    def forwards_sql(self):
        create = f'CREATE INDEX IF NOT EXISTS "{self.name}" ON "{self.table}" USING gin ({self.indexed()})'
        return [create + self.options, *([f'ANALYZE "{self.table}"'] if self.analyze else [])]

    def backwards_sql(self):
        return [f'DROP INDEX IF EXISTS "{self.name}"']

    def describe(self):
        return f"{self.kind} index {self.name} on {self.table}.{self.column} (PostgreSQL only)"


class TrigramIndex(SearchIndex):
    """A pg_trgm GIN index on a folded search column, so ``contains`` stays fast at a million rows.

    On SQLite the search still works (a LIKE scan), only slower; the index is PostgreSQL-only.
    Needs ``TrigramExtension()`` earlier in the migration graph.
    """

    kind = "Trigram"

    def indexed(self):
        return f'"{self.column}" gin_trgm_ops'


class DependencyStatistics(PostgreSQLOnly):
    """``CREATE STATISTICS … (dependencies)``: tells PostgreSQL's planner that one column decides another
    (a follow-up's lead body decides its unit), so a filter on both is not estimated as two independent
    ones — a thousand-fold underestimate that made it AND two bitmaps and sort instead of walking one index.

    Statistics objects are PostgreSQL's; SQLite has no planner estimates to correct.
    """

    kwargs = ("table", "columns", "name")

    def __init__(self, table: str, columns: list[str], name: str):
        self.table, self.columns, self.name = table, columns, name

    def forwards_sql(self):
        columns = ", ".join(f'"{column}"' for column in self.columns)
        return [
            f'CREATE STATISTICS IF NOT EXISTS "{self.name}" (dependencies) ON {columns} FROM "{self.table}"',
            f'ANALYZE "{self.table}"',  # the statistics are empty until the table is analysed
        ]

    def backwards_sql(self):
        return [f'DROP STATISTICS IF EXISTS "{self.name}"']

    def describe(self):
        columns = ", ".join(self.columns)
        return f"Dependency statistics {self.name} on {self.table} ({columns}) (PostgreSQL only)"


BIGRAMS_FUNCTION = "phoihop_bigrams"
# A GIN index keeps new entries in a list it merges later, and every search through it scans that list, once
# per tab counted: up to 4 MB by default, which a day's updates fill (at 1,000,000 follow-ups a search of
# "zz" took 66 ms instead of 30, one of "123456" 45 instead of 37 with 1.4 MB unmerged); 256 kB keeps it a few
# ms, merged more often in smaller batches.
GIN_PENDING_LIST_KB = 256


class BigramFunction(PostgreSQLOnly):
    """``phoihop_bigrams(text)``: the distinct two-letter pieces of a folded search text, spaces left out (a
    search word never holds one): the expression ``BigramIndex`` indexes and ``coordination.listing.Bigrams``
    queries. A two-letter word is in the text exactly when it is one of them, which lets a GIN index answer
    the words pg_trgm cannot ("zz", "q1"). COST 1000 because it is costly per row: the planner then reads it
    from the index rather than computing it for every row it walks."""

    def forwards_sql(self):
        return [
            f"CREATE OR REPLACE FUNCTION {BIGRAMS_FUNCTION}(text) RETURNS text[] "
            "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$ "
            "SELECT coalesce(array_agg(DISTINCT piece), '{}') FROM "
            "(SELECT substr($1, i, 2) AS piece FROM generate_series(1, length($1) - 1) AS i) AS pieces "
            "WHERE strpos(piece, ' ') = 0 $$"
        ]

    def backwards_sql(self):
        return [f"DROP FUNCTION IF EXISTS {BIGRAMS_FUNCTION}(text)"]

    def describe(self):
        return f"Function {BIGRAMS_FUNCTION}(text) (PostgreSQL only)"


class BigramIndex(SearchIndex):
    """A GIN index on ``phoihop_bigrams(column)`` (needs ``BigramFunction()`` earlier in the graph), for the
    two-letter words of a search that match few rows (``coordination.listing.trigram_search_filter``)."""

    kind = "Bigram"
    options = f" WITH (gin_pending_list_limit = {GIN_PENDING_LIST_KB})"
    analyze = True  # the expression's statistics say which words are rare

    def indexed(self):
        return f'{BIGRAMS_FUNCTION}("{self.column}")'


class StorageParameters(PostgreSQLOnly):
    """``ALTER TABLE … SET (…)``, or ``ALTER INDEX`` given ``index``: a table's or an index's storage
    parameters, such as when autovacuum visits a table or how many entries a GIN index holds unmerged."""

    kwargs = ("table", "index", "parameters")

    def __init__(self, *, parameters: dict[str, float | int], table: str = "", index: str = ""):
        if bool(table) == bool(index):
            raise ValueError("StorageParameters: a table or an index")
        self.table, self.index, self.parameters = table, index, parameters

    def _relation(self) -> str:
        return f'INDEX "{self.index}"' if self.index else f'TABLE "{self.table}"'

    def forwards_sql(self):
        settings = ", ".join(f"{name} = {value}" for name, value in self.parameters.items())
        return [f"ALTER {self._relation()} SET ({settings})"]

    def backwards_sql(self):
        return [f'ALTER {self._relation()} RESET ({", ".join(self.parameters)})']

    def describe(self):
        return f"Storage parameters of {self.index or self.table} (PostgreSQL only)"
