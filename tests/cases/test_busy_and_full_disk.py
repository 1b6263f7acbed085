"""A busy database and a full disk are each one clear error, and change nothing."""

from __future__ import annotations

import pytest

from jhro_tui.errors import DatabaseBusy, DiskFull
from jhro_tui.services import cases
from jhro_tui.services.session import login
from jhro_tui.store.models import Note

from .conftest import PASSPHRASE, World


def test_a_write_waiting_past_the_busy_timeout_says_the_database_is_busy(
        world: World) -> None:
    made = world.make_case("olga")
    world.close()
    holder = login(world.paths, world.settings, "bea", PASSPHRASE)
    try:
        session = world.login("olga")  # the models now speak to olga's connection
        session.vault.db.execute_sql("PRAGMA busy_timeout = 200")
        holder.vault.db.execute_sql("BEGIN IMMEDIATE")
        try:
            with pytest.raises(DatabaseBusy) as caught:
                cases.add_note(session, made.case, "Entretien du 12 mars")
        finally:
            holder.vault.db.execute_sql("ROLLBACK")
        assert caught.value.message() == (
            "The database is busy (another session is writing); try again.")
        assert Note.select().count() == 0
        cases.add_note(session, made.case, "Entretien du 12 mars")  # once the lock is free
        assert Note.select().count() == 1
    finally:
        holder.close()


def test_a_full_disk_says_so_rather_than_that_no_transaction_is_active(
        world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    db = session.vault.db
    (pages,) = db.execute_sql("PRAGMA page_count").fetchone()
    db.execute_sql(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
    with pytest.raises(DiskFull) as caught:
        cases.add_note(session, made.case, "Témoignage " * 4000)
    assert caught.value.message() == "The disk is full: nothing was saved."
    db.execute_sql(f"PRAGMA max_page_count = {pages * 100}")
    assert Note.select().count() == 0
    cases.add_note(session, made.case, "Témoignage " * 4000)  # room again: it saves
    assert Note.select().count() == 1
