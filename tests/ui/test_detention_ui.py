"""The Detention screen (F11), a detainee and a visit, driven by keyboard only, on
detention monitoring recorded through the services: who is held past the limit shows
first, a refused visit opens its case with one key, stored text shows as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.pilot import Pilot

from jhro_tui.services import cases
from jhro_tui.services.detention import detainees, facilities, overview, visits
from jhro_tui.services.detention.forms import DetaineeForm, FacilityForm, VisitForm
from jhro_tui.services.forms import FollowUpForm
from jhro_tui.ui.detention.screen import FACILITIES, PAST_LIMIT, VISITS, DetentionScreen
from jhro_tui.ui.detention.views import DetaineeScreen, VisitScreen
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.detention_data import munzenze_and_a_session, office_at_work
from tests.ui.support import (
    FROZEN_TODAY,
    build_app,
    fill,
    freeze_cursors,
    log_in,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)

SIZE = (80, 24)
HOSTILE = "[red]Cachot[/] \x1b[2J\u202eANR"
"""Markup, an escape sequence and a bidi override, stored as a facility's name."""


def _record(vault: VaultDir) -> tuple[int, int]:
    """A facility, a detainee held in custody for five days, a visit refused access."""
    session = vault.login(OFFICER)
    try:
        facility = facilities.add_facility(session, FacilityForm(
            HOSTILE, "police_cell", "CD-NK", "", "Goma", capacity=20))
        arrested = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
        detainee = detainees.add_detainee(session, DetaineeForm(
            facility.id, "male", "adult", name="Kambale Muhindo",
            arrested_on=arrested.date(), arrested_time=dt.time(8, 0)))
        visit = visits.add_visit(session, VisitForm(
            facility.id, FROZEN_TODAY - dt.timedelta(days=1), "refused",
            notes="[b]refused[/b] \x1b[31mat the gate"))
    finally:
        session.close()
    return detainee.id, visit.id


async def _detention(pilot: Pilot[Any]) -> DetentionScreen:
    await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("f11")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DetentionScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


async def test_the_detainee_past_the_limit_shows_first_and_opens(vault: VaultDir) -> None:
    detainee_id, _visit_id = _record(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        home = screen_text(app)
        assert "Held past the legal limit in my office: 1 (F11)" in home, home
        await pilot.press("f11")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetentionScreen), screen_text(app)
        assert screen.focused is screen.query_one(f"#{PAST_LIMIT}", VirtualTable)
        text = screen_text(app)
        assert "Held past the legal limit (1)" in text, text
        assert "days" in text
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, DetaineeScreen), screen_text(app)
        assert view.detainee_id == detainee_id
        text = screen_text(app)
        assert "Past the legal limit by" in text, text
        assert "Kambale" not in text
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "Kambale Muhindo" in screen_text(app)


async def test_a_refused_visit_opens_its_case_with_one_key(vault: VaultDir) -> None:
    _record(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _detention(pilot)
        screen.query_one(f"#{VISITS}", VirtualTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VisitScreen), screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen), screen_text(app)
        case = await app.call_db(cases.get_case, app.require_session(), detail.case_id)
        assert [v.type_code for v in case.violations] == ["LIBERTY.MONITORING_ACCESS_REFUSED"]


async def test_stored_text_shows_as_text(vault: VaultDir) -> None:
    _record(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await _detention(pilot)
        text = screen_text(app)
        assert "[red]Cachot[/]" in text, text
        assert "\x1b" not in text and "\u202e" not in text
        screen.query_one(f"#{VISITS}", VirtualTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "[b]refused[/b]" in text and "[red]Cachot[/]" in text, text
        assert "\x1b" not in text and "\u202e" not in text


async def _form(pilot: Pilot[Any], key: str) -> FormScreen[Any]:
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return form


async def test_a_refused_visit_recorded_by_keyboard_opens_its_case(vault: VaultDir) -> None:
    munzenze_and_a_session(vault)
    visited = (FROZEN_TODAY - dt.timedelta(days=2)).isoformat()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _detention(pilot)
        await _form(pilot, "v")
        await pick(pilot, "Munzenze")
        await fill(pilot, visited)
        await pick(pilot, "refused")
        await fill(pilot, SUPERVISOR)
        for count in ("30", "4", "2", "1"):
            await fill(pilot, count)
        await pick(pilot, "Overcrowding")
        await pick(pilot, "Water")
        await pilot.press("tab")
        await type_text(pilot, "Turned away at the gate")
        await save_form(pilot)
        view = app.screen
        assert isinstance(view, VisitScreen), screen_text(app)
        assert view.found is not None
        shown = await app.call_db(visits.visit, app.require_session(), view.visit_id)
        assert (shown.access, shown.visited_on.isoformat()) == ("refused", visited)
        assert (shown.men, shown.women, shown.boys, shown.girls) == (30, 4, 2, 1)
        assert shown.conditions == ("overcrowding", "water")
        assert set(shown.officers) == {OFFICER, SUPERVISOR}
        assert shown.notes == "Turned away at the gate"
        text = screen_text(app)
        assert "Access refused" in text and "Overcrowding, Water" in text, text
        await pilot.press("c")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CaseDetailScreen), screen_text(app)
        case = await app.call_db(cases.get_case, app.require_session(), detail.case_id)
        assert [v.type_code for v in case.violations] == ["LIBERTY.MONITORING_ACCESS_REFUSED"]
        again = await app.call_db(visits.visit, app.require_session(), view.visit_id)
        assert again.case_id == detail.case_id


async def test_a_detainee_and_a_release_by_a_mobile_court_by_keyboard(
        vault: VaultDir) -> None:
    munzenze_and_a_session(vault)
    arrested = (FROZEN_TODAY - dt.timedelta(days=4)).isoformat()
    released = (FROZEN_TODAY - dt.timedelta(days=2)).isoformat()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _detention(pilot)
        await _form(pilot, "n")
        await pick(pilot, "Munzenze")
        await pick(pilot, "Fem")
        await pick(pilot, "Adult")
        await fill(pilot, "Furaha Bahati")
        await pick(pilot, "less than six")
        await pilot.press("tab")  # no case
        await fill(pilot, arrested)
        await fill(pilot, "07:45")
        await save_form(pilot)
        view = app.screen
        assert isinstance(view, DetaineeScreen), screen_text(app)
        found = await app.call_db(detainees.detainee, app.require_session(),
                                  view.detainee_id, reveal=True)
        assert (found.sex, found.age_group, found.name) == ("female", "adult",
                                                           "Furaha Bahati")
        assert found.penalty == "CD.EXTENSION.UNDER_6_MONTHS"
        [arrest] = found.steps
        assert arrest.local == dt.datetime.fromisoformat(f"{arrested}T07:45")

        await _form(pilot, "a")
        await pick(pilot, "Release")
        await fill(pilot, released)
        await fill(pilot, "16:00")
        await pilot.press("tab", "tab", "tab")  # months, verdict, transfer: not a release's
        await pick(pilot, "Mobile court")
        await pick(pilot, "Kiwanja")
        await pilot.press("tab")  # no proceeding
        await type_text(pilot, "Freed at the hearing")
        await save_form(pilot)
        assert isinstance(app.screen, DetaineeScreen), screen_text(app)
        found = await app.call_db(detainees.detainee, app.require_session(),
                                  view.detainee_id)
        release = found.steps[-1]
        assert (release.kind, release.basis, release.note) == (
            "release", "mobile_session", "Freed at the hearing")
        assert release.session_label.endswith("Kiwanja")
        assert release.local == dt.datetime.fromisoformat(f"{released}T16:00")
        assert not found.now.held
        text = screen_text(app)
        assert "Release · Mobile court session" in text, text
        assert "Not held." in text


NOW = dt.datetime.combine(FROZEN_TODAY, dt.time(12, 0))
"""The instant the snapshot's overview is read at (UTC): hours and days over stay put."""


class TestDetentionLooks:
    def test_detention_screen(self, snap_compare: Any, vault: VaultDir,
                              monkeypatch: pytest.MonkeyPatch) -> None:
        office_at_work(vault)
        monkeypatch.setattr(overview, "utc_now", lambda: NOW)

        async def run_before(pilot: Pilot[Any]) -> None:
            await _detention(pilot)
            await settle(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]
            await pilot.pause()

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)


async def test_the_other_forms_by_keyboard_and_read_back(vault: VaultDir) -> None:
    """The facility (new, then changed from its row), a visit's follow-up marked done,
    the visit changed, the detainee changed and the flag reviewed."""
    office_at_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _detention(pilot)
        await _form(pilot, "f")
        await fill(pilot, "Prison de Butembo")
        await pick(pilot, "Prison")
        await pick(pilot, "Nord-Kivu")
        await pick(pilot, "Beni")
        await fill(pilot, "Butembo")
        await fill(pilot, "Service pénitentiaire")
        await fill(pilot, "400")
        await type_text(pilot, "Old building")
        await save_form(pilot)
        [made] = [view for view in screen.shown.facilities  # type: ignore[union-attr]
                  if view.name == "Prison de Butembo"]
        assert (made.kind, made.province_code, made.locality, made.authority,
                made.capacity, made.note) == ("prison", "CD-NK", "Butembo",
                                              "Service pénitentiaire", 400, "Old building")
        assert made.territory_code.startswith("CD-NK.")

        facilities_table = screen.query_one(f"#{FACILITIES}", VirtualTable)
        facilities_table.focus()
        facilities_table.cursor = [view.id for view in screen.shown.facilities  # type: ignore[union-attr]
                                   ].index(made.id)
        await _open_row(pilot, "enter")
        await pilot.press("end", "ctrl+u")  # the name as stored goes
        await fill(pilot, "Prison centrale de Butembo")
        await save_form(pilot)
        assert any(view.name == "Prison centrale de Butembo"
                   for view in screen.shown.facilities)  # type: ignore[union-attr]

        screen.query_one(f"#{VISITS}", VirtualTable).focus()
        await _open_row(pilot, "enter")
        visit_screen = app.screen
        assert isinstance(visit_screen, VisitScreen), screen_text(app)
        await _form(pilot, "t")
        await fill(pilot, "Write to the prosecutor")
        await fill(pilot, (FROZEN_TODAY + dt.timedelta(days=7)).isoformat())
        await save_form(pilot)
        await pilot.press("d")
        await settle(pilot)
        shown = await app.call_db(visits.visit, app.require_session(), visit_screen.visit_id)
        [task] = shown.follow_ups
        assert task.description == "Write to the prosecutor" and task.done_at is not None
        assert task.visit_id == shown.id and task.case_id is None
        await _form(pilot, "e")
        for _field in range(9):  # to the notes, past the fields kept as they are
            await pilot.press("tab")
        await type_text(pilot, "Guards refused entry")
        await save_form(pilot)
        shown = await app.call_db(visits.visit, app.require_session(), visit_screen.visit_id)
        assert shown.notes == "Guards refused entry"
        await pilot.press("escape")
        await settle(pilot)

        screen.query_one(f"#{PAST_LIMIT}", VirtualTable).focus()
        await _open_row(pilot, "enter")
        view = app.screen
        assert isinstance(view, DetaineeScreen), screen_text(app)
        await _form(pilot, "e")
        await pilot.press("tab", "tab")  # sex, age group kept
        await fill(pilot, "Kambale Muhindo")
        await save_form(pilot)
        found = await app.call_db(detainees.detainee, app.require_session(),
                                  view.detainee_id, reveal=True)
        assert found.name == "Kambale Muhindo"
        await _form(pilot, "r")
        await pick(pilot, "Confirmed")
        await type_text(pilot, "No warrant was ever shown")
        await save_form(pilot)
        found = await app.call_db(detainees.detainee, app.require_session(),
                                  view.detainee_id)
        assert (found.review, found.review_reason) == ("confirmed",
                                                       "No warrant was ever shown")
        assert "Confirmed: held unlawfully" in screen_text(app)


async def _open_row(pilot: Pilot[Any], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_a_visits_follow_up_on_the_home_opens_the_visit(vault: VaultDir) -> None:
    office_at_work(vault)
    session = vault.login(OFFICER)
    try:
        refused = next(line for line in overview.overview(session).visits
                       if line.access == "refused")
        visits.add_visit_follow_up(session, refused.id, FollowUpForm(
            "Ask the police commander for access", FROZEN_TODAY + dt.timedelta(days=2)))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        text = screen_text(app)
        assert "Ask the police commander for access" in text, text
        app.screen.query_one("#home-follow-ups", VirtualTable).focus()
        await _open_row(pilot, "enter")
        view = app.screen
        assert isinstance(view, VisitScreen), screen_text(app)
        assert view.visit_id == refused.id


async def test_the_period_of_the_visits_changes(vault: VaultDir) -> None:
    office_at_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _detention(pilot)
        assert screen.shown is not None and screen.shown.visits_total == 2
        await _form(pilot, "p")
        await pilot.press("end", "ctrl+u")
        await fill(pilot, (FROZEN_TODAY - dt.timedelta(days=2)).isoformat())
        await pilot.press("end", "ctrl+u")
        await fill(pilot, FROZEN_TODAY.isoformat())
        await save_form(pilot)
        assert screen.shown.visits_total == 1
        assert screen.shown.start == FROZEN_TODAY - dt.timedelta(days=2)
        await pilot.press("f5")
        await settle(pilot)
        assert screen.shown.visits_total == 1, "the period stays for a reload"


def _notes(app: Any) -> str:
    return " ".join(str(note.message) for note in app._notifications)


async def test_a_supervisor_removes_a_detainee_and_an_unused_facility_by_keyboard(
        vault: VaultDir) -> None:
    detainee_id, _visit_id = _record(vault)
    session = vault.login(OFFICER)
    try:
        spare = facilities.add_facility(session, FacilityForm("Cachot vide", "police_cell",
                                                              "CD-NK"))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f11")
        await settle(pilot)
        await pilot.press("enter", "X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DetaineeScreen), "an officer may not remove"
        assert "You do not have permission" in _notes(app)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await pilot.press("f11")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetentionScreen), screen_text(app)
        await pilot.press("enter", "X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen, screen_text(app)
        table = screen.query_one(f"#{FACILITIES}", VirtualTable)
        table.focus()
        await pilot.press("home")
        await settle(pilot)
        # By name: "Cachot vide" comes before the hostile "[red]Cachot…".
        assert table.current_row is not None and table.current_row.key == spare.id
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Facility removed." in _notes(app), _notes(app)
    session = vault.login(SUPERVISOR)
    try:
        seen = overview.overview(session)
    finally:
        session.close()
    assert [view.name for view in seen.facilities] == [HOSTILE]
    assert seen.past_limit == () and seen.held == 0, detainee_id
