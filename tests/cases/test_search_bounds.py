"""What a search box may be given: control characters, a huge paste, and other users
working while it runs."""

from __future__ import annotations

from typing import Any

import pytest
from peewee import OperationalError

from jhro_tui.errors import ValidationError
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.vault import Vault
from jhro_tui.services import cases, listing
from jhro_tui.services.listing import MAX_QUERY_CHARS

from .conftest import PASSPHRASE, World


@pytest.mark.parametrize("typed", ["\x00", "kal\x00", "Kalehe\x00", "\x00Kalehe",
                                   "Kal\x00ehe", "Kalehe \x1b[31m", "\u202eKalehe",
                                   "Bushushu\x07\x00 Kalehe"])
def test_control_characters_in_a_search_never_raise(world: World, typed: str) -> None:
    world.make_case("olga")
    session = world.login("olga")
    total, _rows = listing.find_cases(session, cases.CaseQuery(text=typed))
    cases.list_cases(session, cases.CaseQuery(text=typed))
    assert total == cases.count_cases(session, cases.CaseQuery(text=typed))


def test_a_nul_does_not_hide_the_words_around_it(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    total, rows = listing.find_cases(session, cases.CaseQuery(text="Kalehe\x00"))
    assert (total, [row.id for row in rows]) == (1, [made.case])


def test_a_search_longer_than_the_limit_is_refused_with_its_length(world: World) -> None:
    world.make_case("olga")
    session = world.login("olga")
    pasted = "Kalehe " * 150_000  # a megabyte pasted in the box
    with pytest.raises(ValidationError) as refused:
        listing.find_cases(session, cases.CaseQuery(text=pasted))
    message = refused.value.message()
    assert refused.value.field == "text"
    assert "1,050,000" in message and f"{MAX_QUERY_CHARS}" in message
    with pytest.raises(ValidationError):
        cases.list_cases(session, cases.CaseQuery(text=pasted))
    total, _rows = listing.find_cases(session, cases.CaseQuery(text="Kalehe " * 20))
    assert total == 1


def test_others_can_write_while_a_search_runs(world: World,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A search reads without the write lock: another session's save (a second connection
    taking ``BEGIN IMMEDIATE``) goes through while it runs, and the query is audited after."""
    world.make_case("olga")
    session = world.login("olga")
    unlocked = Keyring.load(world.paths.keyring).unlock("olga", PASSPHRASE)
    try:
        other = Vault.open(world.paths, unlocked.roots)
    finally:
        unlocked.wipe()
    other.db.execute_sql("PRAGMA busy_timeout = 200")
    writes_during_search: list[bool] = []
    real_page = listing._page

    def slow_page(*args: Any, **kwargs: Any) -> Any:
        try:
            other.db.execute_sql("BEGIN IMMEDIATE")
        except OperationalError:
            writes_during_search.append(False)
        else:
            other.db.execute_sql("ROLLBACK")
            writes_during_search.append(True)
        return real_page(*args, **kwargs)

    monkeypatch.setattr(listing, "_page", slow_page)
    try:
        listing.find_cases(session, cases.CaseQuery(text="Kalehe"))
        listing.find_cases(session, cases.CaseQuery())
        cases.list_cases(session, cases.CaseQuery(text="Bushushu"))
    finally:
        other.close()
    assert writes_during_search == [True, True, True]
    assert [row[3] for row in world.audit("case.list")[-3:]] == [
        '{"text": "Kalehe"}', "{}", '{"text": "Bushushu"}']
