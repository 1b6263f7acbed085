"""Submitting, validating, assigning and the case list as the user test met them, by
keyboard at 80x24."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.pilot import Pilot

from jhro_tui.config import Settings
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases, records, victims, workflow
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.offices import create_office
from jhro_tui.services.session import Session, login
from jhro_tui.store.models import Case
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.screens.help import HelpScreen
from jhro_tui.ui.screens.home import HomeScreen
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir, services_today
from tests.ui.support import build_app, log_in, screen_text, settle, type_text

SIZE = (80, 24)
SECOND = "goma-officer2"


@contextmanager
def session_of(vault: VaultDir, name: str) -> Iterator[Session]:
    session = login(vault.paths, Settings(), name, PASSPHRASES[name])
    try:
        yield session
    finally:
        session.close()


def documented_case(vault: VaultDir, title: str, *, perpetrator: bool = True,
                    submitted: bool = False) -> int:
    """A draft case of the officer: an incident, a summary execution, a victim who
    consented to its documentation, and (unless told) its perpetrator; no source."""
    with session_of(vault, OFFICER) as session:
        case_id = cases.create_case(session, CaseForm(title, province_code="CD-NK")).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2024, 3), "CD-NK", "CD-NK.RUTSHURU", "Kiwanja"))
        victim = victims.add_victim(session, case_id, VictimForm(sex="male"),
                                    consents={"documentation": True})
        perpetrators = [records.add_perpetrator(session, case_id, PerpetratorForm(
            "ARMED_GROUP.M23_AFC")).id] if perpetrator else []
        records.add_violation(session, incident.id, ViolationForm("LIFE.SUMMARY_EXECUTION"),
                              victim_ids=[victim.id], perpetrator_ids=perpetrators)
        if submitted:
            workflow.submit(session, case_id, expected_version=1)
    return case_id


async def open_first_case(pilot: Pilot[Any], account: str) -> CaseDetailScreen:
    await log_in(pilot, account, PASSPHRASES[account])
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseDetailScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


async def test_a_case_without_its_perpetrator_is_refused_with_what_it_lacks(
        vault: VaultDir) -> None:
    case_id = documented_case(vault, "Exécution sommaire à Kiwanja", perpetrator=False)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot, OFFICER)
        await pilot.press("w")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        shown = screen_text(app)
        assert "Required before submitting, and missing:" in shown
        assert "■ No perpetrator is recorded (Unknown or unidentified perpetrator" in shown
        assert "■ Violations with no perpetrator" not in shown  # none at all: said once
        assert "□ No source is recorded." in shown
        assert "needs a comment" not in shown  # nothing here asks for one

        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.screen is form
        assert str(form.query_one("#form-message").render()) == (
            "Refused: first record what is marked ■ above.")
        assert "■ No perpetrator is recorded" in screen_text(app)  # still in view
    with session_of(vault, OFFICER):
        assert Case.get_by_id(case_id).status == "draft"


async def test_a_complete_case_is_submitted_once_its_warnings_are_seen(vault: VaultDir) -> None:
    case_id = documented_case(vault, "Exécution sommaire à Kiwanja")
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot, OFFICER)
        await pilot.press("w")
        await settle(pilot)
        shown = screen_text(app)
        assert "To check (ctrl+s submits it all the same):" in shown
        assert "□ No source is recorded." in shown and "Required before" not in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "Submitted" in screen_text(app)
    with session_of(vault, OFFICER) as session:
        assert Case.get_by_id(case_id).status == "submitted"
        rows = session.vault.db.execute_sql(
            "SELECT detail FROM audit_event WHERE action = 'case.submit'").fetchall()
        assert rows == [("draft->submitted warnings=source",)]


async def test_the_supervisor_sees_what_a_submitted_case_lacks_before_validating(
        vault: VaultDir) -> None:
    documented_case(vault, "Exécution sommaire à Kiwanja", submitted=True)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot, SUPERVISOR)
        await pilot.press("w")
        await settle(pilot)
        shown = screen_text(app)
        assert "Moving it to Draft needs a comment: say why." in shown
        assert "To check (ctrl+s validates it all the same):" in shown
        assert "□ No source is recorded." in shown


async def test_the_supervisor_assigns_by_picking_an_officer_and_reads_it_in_the_history(
        vault: VaultDir) -> None:
    with session_of(vault, ADMIN) as session:
        create_office(session, "Bukavu")
        create_account(session, NewAccount(SECOND, "officer", "Grace Kahindo", "Goma"),
                       "river lantern copper 8812", kdf=TEST_KDF)
        create_account(session, NewAccount("bukavu-officer", "officer", "Bahati Mirindi",
                                           "Bukavu"), "river lantern copper 8813", kdf=TEST_KDF)
    case_id = documented_case(vault, "Exécution sommaire à Kiwanja")
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_case(pilot, SUPERVISOR)
        await pilot.press("g")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        shown = screen_text(app)
        assert "Grace Kahindo" in shown  # the officers of Goma, listed as the field opens
        assert "Bahati Mirindi" not in shown  # another office's: to share, not to assign
        await type_text(pilot, "kah")
        await pilot.press("enter")  # takes Grace Kahindo; on to "Share with"
        await type_text(pilot, "bahati")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen, screen_text(app)
        await pilot.press("0")  # the History section
        await settle(pilot)
        history = screen_text(app)
        assert f"assigned to {SECOND} (was {OFFICER})" in history
        assert "shared with bukavu-officer" in history
    with session_of(vault, SUPERVISOR):
        assert Case.get_by_id(case_id).officer.name == SECOND


async def test_an_empty_list_says_why_and_which_key_widens_it(vault: VaultDir) -> None:
    documented_case(vault, "Exécution sommaire à Kiwanja")
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+f")
        await settle(pilot)
        await type_text(pilot, "zanzibar ")
        await pilot.pause(0.3)
        await settle(pilot)
        shown = screen_text(app)
        assert "0 cases" in shown
        assert "No case matches these words: Esc clears them." in shown
        await pilot.press("escape")
        await settle(pilot)
        assert "No case matches" not in screen_text(app)
        assert "1 case" in screen_text(app) and "JHRO-" in screen_text(app)


async def test_sorted_by_status_the_list_follows_the_workflow_and_titles_start_at_a(
        vault: VaultDir) -> None:
    for title in ("Zèbre volé à Sake", "Arrestation à Goma", "Meurtre à Kiwanja"):
        documented_case(vault, title, submitted=title.startswith("Arrestation"))
    with session_of(vault, OFFICER) as session:
        closed = cases.create_case(session, CaseForm("Old case of 2019")).id
        with session.vault.write():
            Case.update(status="closed").where(Case.id == closed).execute()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f3")
        await settle(pilot)
        for _order in ("opened_on", "incident_date", "reference", "title"):
            await pilot.press("f5")
            await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if "JHRO-" in line]
        assert "by title ↑" in screen_text(app)
        assert [row.split()[1] for row in rows] == ["Arrestation", "Meurtre", "Old", "Zèbre"]
        await pilot.press("f5")  # priority: the most urgent first
        await pilot.press("f5")  # status
        await settle(pilot)
        assert "by status ↑" in screen_text(app)
        rows = [line for line in screen_text(app).splitlines() if "JHRO-" in line]
        statuses = [next(label for label in ("Draft", "Submitted", "Closed") if label in row)
                    for row in rows]
        assert statuses == ["Draft", "Draft", "Submitted", "Closed"]


async def test_help_on_the_list_explains_its_keys_and_its_mark(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+f")  # in the search box, where Enter does not open a case
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Enter         case: Open (in the search box: go to the list)" in shown
        assert "Tab, ↓" in shown and "from the search box to the list" in shown
        assert "list: the ! column, a case's priority: urgent, high" in shown
        assert shown.count("Enter ") == 1


async def test_a_supervisors_home_shows_the_offices_overdue_follow_ups(vault: VaultDir) -> None:
    case_id = documented_case(vault, "Exécution sommaire à Kiwanja")
    with session_of(vault, OFFICER) as session, services_today(dt.date(2019, 3, 1)):
        cases.add_follow_up(session, case_id, FollowUpForm(
            "Verify with a second source", dt.date(2019, 4, 2)))
        victims_of = cases.get_case(session, case_id).victims
        victims.review_protection(session, victims_of[0].id, victims.ProtectionForm(
            "high", "Relocated", dt.date(2019, 6, 1)), expected_version=victims_of[0].version)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 40)) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert "Follow-ups (1 overdue, 0 due within a week)" in shown
        assert "Nothing due." not in shown.split("Protection reviews")[0]
        follow_up = next(line for line in shown.splitlines() if "2 Apr 2019" in line)
        assert follow_up.split()[:1] == ["OVERDUE"] and OFFICER in follow_up
        review = next(line for line in shown.splitlines() if "1 Jun 2019" in line)
        assert review.split()[:1] == ["OVERDUE"]


async def test_what_went_missing_after_the_form_opened_is_listed_in_full(
        vault: VaultDir) -> None:
    case_id = documented_case(vault, "Exécution sommaire à Kiwanja")
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot, OFFICER)
        await pilot.press("w")
        await settle(pilot)
        form = app.screen
        assert "Required before" not in screen_text(app)
        # The victim withdraws meanwhile (recorded from another terminal).
        victim = (await app.call_db(cases.get_case, app.require_session(), case_id)).victims[0]
        await app.call_db(victims.revoke_consent, app.require_session(), victim.id,
                          "documentation")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one("#form-message").render()).splitlines() == [
            "This case cannot be submitted yet:",
            f"• Consent to documentation withdrawn: {victim.code}."]
