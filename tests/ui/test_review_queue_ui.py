"""A supervisor's week by keyboard at 80x24: the caseload on the home screen and the lists
behind its figures, the review queue, and a group of cases reassigned at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from jhro_tui.config import Settings
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases, workflow
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.services.forms import CaseForm, FollowUpForm
from jhro_tui.services.offices import create_office
from jhro_tui.services.session import login
from jhro_tui.store.models import Case, CaseStatusChange
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.cases import CaseListScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.screens.home import HomeScreen
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir, services_today
from tests.ui.support import build_app, freeze_cursors, log_in, screen_text, settle, type_text
from tests.ui.test_supervision_ui import documented_case, session_of

SIZE = (80, 24)
SECOND = "goma-officer2"


def notes(app: Any) -> str:
    return " ".join(str(note.message) for note in app._notifications)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_two_validated_and_one_returned_in_the_review_queue_by_keyboard_only(
        vault: VaultDir) -> None:
    first, second, third = (documented_case(vault, title, submitted=True) for title in (
        "Exécution sommaire à Kiwanja", "Exécution sommaire à Rutshuru",
        "Exécution sommaire à Sake"))
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await press(pilot, "r")
        screen = app.screen
        assert isinstance(screen, CaseDetailScreen) and screen.case_id == first
        text = screen_text(app)
        assert "Kiwanja" in text
        assert "Review queue: 2 more submitted cases after this one" in text
        assert "y Validate" in text and "b Return" in text

        await press(pilot, "y")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "ctrl+s")
        assert app.screen is screen and screen.case_id == second, screen_text(app)
        assert "Rutshuru" in screen_text(app)
        assert "Review queue: 1 more submitted case after this one" in screen_text(app)

        await press(pilot, "b")
        await press(pilot, "ctrl+s")  # a return without a reason is refused
        assert isinstance(app.screen, FormScreen)
        assert "comment" in screen_text(app).lower()
        await type_text(pilot, "Add the medical certificate")
        await press(pilot, "ctrl+s")
        assert app.screen is screen and screen.case_id == third, screen_text(app)
        assert "Review queue: the last submitted case" in screen_text(app)

        await press(pilot, "y")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        assert "The review queue is empty" in notes(app)
        assert "Validated." in notes(app) and "Returned to draft." in notes(app)
        assert "To validate (0)" in screen_text(app)
    with session_of(vault, SUPERVISOR):
        assert [Case.get_by_id(case).status for case in (first, second, third)] == [
            "validated", "draft", "validated"]
        assert CaseStatusChange.get(CaseStatusChange.case == second,
                                    CaseStatusChange.to_status == "draft",
                                    CaseStatusChange.from_status == "submitted"
                                    ).comment == "Add the medical certificate"


async def test_passing_over_a_case_leaves_it_waiting(vault: VaultDir) -> None:
    first, second = (documented_case(vault, title, submitted=True) for title in (
        "Exécution sommaire à Kiwanja", "Exécution sommaire à Rutshuru"))
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await press(pilot, "r")
        await press(pilot, "N")
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == second
        await press(pilot, "N")
        assert isinstance(app.screen, HomeScreen)
        assert "2 passed over are still waiting" in notes(app)
    with session_of(vault, SUPERVISOR):
        assert {Case.get_by_id(case).status for case in (first, second)} == {"submitted"}


async def test_an_officer_has_no_review_queue(vault: VaultDir) -> None:
    documented_case(vault, "Exécution sommaire à Kiwanja", submitted=True)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert "Review queue" not in screen_text(app)
        await press(pilot, "r")
        assert isinstance(app.screen, HomeScreen)


async def test_two_marked_cases_are_reassigned_by_keyboard(vault: VaultDir) -> None:
    with session_of(vault, ADMIN) as session:
        create_account(session, NewAccount(SECOND, "officer", "Grace Kahindo", "Goma"),
                       "river lantern copper 8812", kdf=TEST_KDF)
    made = [documented_case(vault, f"Exécution sommaire {n}") for n in range(3)]
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await press(pilot, "f3")
        assert isinstance(app.screen, CaseListScreen)
        # Space marks and moves down: the first row and the third.
        await press(pilot, "space", "down", "space")
        text = screen_text(app)
        assert "2 marked" in text
        assert sum(line.startswith("✓") for line in text.splitlines()) == 2
        await press(pilot, "g")
        assert isinstance(app.screen, FormScreen)
        assert "Reassign 2 cases" in screen_text(app)
        await type_text(pilot, "Grace")
        await press(pilot, "enter")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseListScreen), screen_text(app)
        assert "2 cases reassigned to Grace Kahindo." in notes(app)
        assert "marked" not in screen_text(app)
    with session_of(vault, SUPERVISOR) as session:
        # The list is the latest change first: the last made, and the first.
        assert [Case.get_by_id(case).officer.name for case in made] == [SECOND, OFFICER,
                                                                        SECOND]
        assert sum(row[0] == "case.assign" for row in session.vault.db.execute_sql(
            "SELECT action FROM audit_event").fetchall()) == 2


async def test_a_group_with_a_case_of_another_office_is_refused_whole(vault: VaultDir) -> None:
    """A case shared with the supervisor by another office is in their list, not theirs
    to reassign: the form says which, and nothing changes."""
    with session_of(vault, ADMIN) as session:
        create_office(session, "Bukavu")
        create_account(session, NewAccount(SECOND, "officer", "Grace Kahindo", "Goma"),
                       "river lantern copper 8812", kdf=TEST_KDF)
        create_account(session, NewAccount("bukavu-chief", "supervisor", "Bahati Mirindi",
                                           "Bukavu"), "river lantern copper 8813", kdf=TEST_KDF)
    ours = documented_case(vault, "Exécution sommaire à Kiwanja")
    chief = login(vault.paths, Settings(), "bukavu-chief", "river lantern copper 8813")
    try:
        theirs = cases.create_case(chief, CaseForm("Arrestation à Uvira"))
        cases.share_case(chief, theirs.id, SUPERVISOR)
    finally:
        chief.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await press(pilot, "f3", "space", "space", "g")
        await type_text(pilot, "Grace")
        await press(pilot, "enter")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        text = screen_text(app)
        assert f"{theirs.reference} is not a case of your office" in text, text
        await press(pilot, "escape")
    with session_of(vault, SUPERVISOR):
        assert Case.get_by_id(ours).officer.name == OFFICER
        assert Case.get_by_id(theirs.id).officer.name == "bukavu-chief"


def caseload_data(vault: VaultDir) -> None:
    """The officer: two drafts (one with a follow-up overdue since 2020) and a submitted
    case; a second officer: a validated case; the supervisor: a case of their own. Made
    on a fixed day, so that the references (their year) stay as the snapshot has them."""
    with services_today(dt.date(2026, 11, 20)):
        _caseload_data(vault)


def _caseload_data(vault: VaultDir) -> None:
    with session_of(vault, ADMIN) as session:
        create_account(session, NewAccount(SECOND, "officer", "Grace Kahindo", "Goma"),
                       "river lantern copper 8812", kdf=TEST_KDF)
    opened = dt.date(2026, 3, 2)
    with session_of(vault, OFFICER) as session:
        drafts = [cases.create_case(session, CaseForm(title, opened_on=opened)).id
                  for title in ("Arrestation à Goma", "Pillage à Sake")]
        with services_today(dt.date(2019, 12, 31)):
            cases.add_follow_up(session, drafts[0], FollowUpForm("Visit the family",
                                                                 dt.date(2020, 1, 1)))
    documented_case(vault, "Exécution sommaire à Kiwanja", submitted=True)
    validated = documented_case(vault, "Exécution sommaire à Rutshuru", submitted=True)
    with session_of(vault, SUPERVISOR) as session:
        workflow.validate(session, validated, expected_version=Case.get_by_id(
            validated).version)
        cases.assign_case(session, validated, SECOND,
                          expected_version=Case.get_by_id(validated).version)
        cases.create_case(session, CaseForm("Menaces à Nyiragongo", opened_on=opened))


async def test_a_figure_of_the_caseload_opens_exactly_its_cases(vault: VaultDir) -> None:
    caseload_data(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        table = app.screen.query_one("#home-caseload", DataTable)
        assert app.focused is table
        # Down to the officer (after Grace Kahindo), right to Draft.
        await press(pilot, "down", "right", "enter")
        assert isinstance(app.screen, CaseListScreen), screen_text(app)
        text = screen_text(app)
        assert "2 cases" in text and "Arrestation à Goma" in text and "Pillage à Sake" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        # The officer's late cases: the last column.
        await press(pilot, "end", "enter")
        text = screen_text(app)
        assert "1 case" in text and "Arrestation à Goma" in text, text
        await press(pilot, "escape")
        # The unassigned drafts: the supervisor's own case.
        await press(pilot, "down", "home", "right", "enter")
        text = screen_text(app)
        assert "1 case" in text and "Menaces à Nyiragongo" in text, text


class TestSupervisorLooks:
    def test_supervisor_home(self, snap_compare: Any, vault: VaultDir) -> None:
        caseload_data(vault)

        async def run_before(pilot: Pilot[Any]) -> None:
            await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
            await settle(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]
            await pilot.pause()

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)
