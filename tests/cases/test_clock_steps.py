"""A case file's histories read in the order things were written, whatever the clock said."""

from __future__ import annotations

import datetime as dt

import pytest

from jhro_tui.services import cases, workflow

from .conftest import World


def test_notes_and_status_history_keep_their_order_across_a_clock_step(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    cases.add_note(session, made.case, "Premier entretien")
    stepped = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=3)
    monkeypatch.setattr(cases, "utc_now", lambda: stepped)
    monkeypatch.setattr(workflow, "utc_now", lambda: stepped)
    cases.add_note(session, made.case, "Second entretien")
    workflow.submit(session, made.case, expected_version=world.version(made.case))
    detail = cases.get_case(session, made.case)
    assert [note.body for note in detail.notes] == ["Premier entretien", "Second entretien"]
    assert [change.to_status for change in detail.history] == ["draft", "submitted"]
