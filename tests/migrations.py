"""Data-migration tests: move the test database to a migration and read the models as they were there."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(target):
    """Migrate the test database to ``target`` (a list of (app, migration)); the apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest() -> None:
    """Back to where the other tests expect the database: every app's last migration."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
