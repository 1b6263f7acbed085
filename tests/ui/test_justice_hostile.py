"""Court records typed with markup and terminal escape sequences reach the screen as
text: the case file's Justice section, the Justice screen and a session's view."""

from __future__ import annotations

import datetime as dt

from jhro_tui.services.justice import court, hearings, proceedings, sessions
from jhro_tui.services.justice.forms import (
    AccusedForm,
    HearingForm,
    JudgmentForm,
    ProceedingForm,
    ReparationForm,
    SessionForm,
    Verdict,
)
from jhro_tui.ui.justice.screen import JusticeScreen
from jhro_tui.ui.justice.session import SessionScreen
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, VaultDir, services_today
from tests.ui.justice_data import validated_case
from tests.ui.support import build_app, log_in, screen_text, settle
from tests.ui.test_safe_render import DANGEROUS, HOSTILE, LITERAL

DAY = dt.date(2026, 11, 2)


def _hostile_court_work(vault: VaultDir) -> int:
    case_id, _reference = validated_case(vault)
    session = vault.login(OFFICER)
    try:
        with services_today(DAY + dt.timedelta(days=20)):
            mobile = sessions.open_session(session, SessionForm(
                "MOBILE.TMG", "CD-SK", DAY, DAY + dt.timedelta(days=5),
                locality=HOSTILE, note=HOSTILE))
            made = proceedings.open_proceeding(session, case_id, ProceedingForm(
                "MOBILE.TMG", "CD-SK", docket=HOSTILE, stage="trial", stage_on=DAY,
                evidence=HOSTILE, session_id=mobile.id))
            accused = court.add_accused(session, made.id, AccusedForm(
                name=HOSTILE, rank=HOSTILE[:100], unit=HOSTILE, charges=("PENAL.RAPE",)))
            hearings.add_hearing(session, made.id, HearingForm(
                DAY + dt.timedelta(days=1), True, HOSTILE, HOSTILE,
                DAY + dt.timedelta(days=30)))
            person = proceedings.get_proceeding(session, made.id).accused[0]
            court.record_judgment(session, accused, JudgmentForm(
                DAY + dt.timedelta(days=2), (Verdict(person.charges[0].id, "convicted"),),
                "life"), expected_version=person.version)
            court.order_reparation(session, made.id, ReparationForm(
                accused, 1000, "USD", HOSTILE, DAY + dt.timedelta(days=2)))
    finally:
        session.close()
    return case_id


def _literal(text: str) -> None:
    assert LITERAL in text, text
    for sequence in DANGEROUS:
        assert sequence not in text


async def test_hostile_court_records_show_as_text_everywhere(vault: VaultDir) -> None:
    case_id = _hostile_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.push_screen(CaseDetailScreen(case_id))
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        _literal(screen_text(app))
        await pilot.press("ctrl+r")  # the accused's name, revealed
        await settle(pilot)
        _literal(screen_text(app))
        await pilot.press("escape", "f12")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JusticeScreen), screen_text(app)
        _literal(screen_text(app))
        screen.query_one("#justice-sessions", VirtualTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen), screen_text(app)
        _literal(screen_text(app))
