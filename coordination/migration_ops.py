"""Migration operations that use PostgreSQL features and degrade to nothing on SQLite (rule 7)."""

from django.db.migrations.operations.base import Operation


class TrigramIndex(Operation):
    """A pg_trgm GIN index on a folded search column, so ``contains`` stays fast at a million rows.

    On SQLite the search still works (a LIKE scan), only slower; the index is PostgreSQL-only.
    Needs ``TrigramExtension()`` earlier in the migration graph.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, column: str, name: str):
        self.table, self.column, self.name = table, column, name

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{self.name}" ON "{self.table}" USING gin ("{self.column}" '
                f'gin_trgm_ops)'
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.name}"')

    def describe(self):
        return f"Trigram index {self.name} on {self.table}.{self.column} (PostgreSQL only)"

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"table": self.table, "column": self.column, "name": self.name},
        )


class DependencyStatistics(Operation):
    """``CREATE STATISTICS … (dependencies)``: tells PostgreSQL's planner that one column decides another
    (a follow-up's lead body decides its unit), so a filter on both is not estimated as two independent
    ones — a thousand-fold underestimate that made it AND two bitmaps and sort instead of walking one index.

    Statistics objects are PostgreSQL's; SQLite has no planner estimates to correct.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, columns: list[str], name: str):
        self.table, self.columns, self.name = table, columns, name

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            columns = ", ".join(f'"{column}"' for column in self.columns)
            schema_editor.execute(
                f'CREATE STATISTICS IF NOT EXISTS "{self.name}" (dependencies) '
                f'ON {columns} FROM "{self.table}"'
            )
            schema_editor.execute(f'ANALYZE "{self.table}"')

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP STATISTICS IF EXISTS "{self.name}"')

    def describe(self):
        columns = ", ".join(self.columns)
        return f"Dependency statistics {self.name} on {self.table} ({columns}) (PostgreSQL only)"

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"table": self.table, "columns": self.columns, "name": self.name},
        )
