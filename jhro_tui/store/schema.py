"""Schema versions: upgrade an older database on open, refuse a newer one."""

from __future__ import annotations

from pathlib import Path

from peewee import Database
from playhouse.migrations import Runner

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_
from jhro_tui.store import reference

MIGRATIONS = Path(__file__).with_name("migrations")


class NewerSchema(JhroError):
    default_template = N_("This database was written by a newer version of jhro "
                          "(schema {schema}); upgrade jhro before opening it.")


def upgrade(db: Database) -> list[str]:
    """Apply pending migrations in one transaction, then load changed reference data.

    Returns the names of the migrations applied.
    """
    runner = Runner(db, str(MIGRATIONS))
    known = {migration.name for migration in runner.migrations()}
    unknown = sorted(set(runner.applied()) - known)
    if unknown:
        raise NewerSchema(schema=unknown[-1])
    with db.atomic():
        applied = list(runner.up())
    reference.sync(db)
    return applied


def current_version(db: Database) -> str | None:
    applied = Runner(db, str(MIGRATIONS)).applied()
    return max(applied) if applied else None
