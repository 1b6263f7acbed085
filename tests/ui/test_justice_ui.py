"""The justice part of a case file by keyboard alone, on a validated case: a proceeding is
recorded, two accused with their charges, the proceeding goes to trial, a hearing is
postponed (its reason shows), and the judgment convicts one accused and acquits the other;
each is read back in the case file's "Justice" section."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from jhro_tui.config import Settings
from jhro_tui.services import cases, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    IncidentForm,
    PerpetratorForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.justice.forms import SessionForm
from jhro_tui.services.justice.sessions import open_session
from jhro_tui.services.session import login
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import FormScreen
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import FROZEN_TODAY, build_app, log_in, screen_text, settle, type_text

ENTER, TAB = "enter", "tab"


def _validated_case(vault: VaultDir) -> int:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm("Rapes in Kiwanja",
                                                      province_code="CD-NK")).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2026, 3, 2), "CD-NK", "CD-NK.RUTSHURU", "Kiwanja", "Night raid."))
        victim = victims.add_victim(session, case_id, VictimForm(sex="female"),
                                    consents={"documentation": True, "justice": True})
        perpetrator = records.add_perpetrator(session, case_id,
                                              PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.add_violation(session, incident.id, ViolationForm("SGBV.RAPE"),
                              victim_ids=[victim.id], perpetrator_ids=[perpetrator.id])
        records.add_source(session, case_id, SourceForm("witness", "B", 2, FROZEN_TODAY))
        version = workflow.submit(session, case_id, expected_version=1).version
    finally:
        session.close()
    session = login(vault.paths, Settings(), SUPERVISOR, PASSPHRASES[SUPERVISOR])
    try:
        workflow.validate(session, case_id, expected_version=version)
    finally:
        session.close()
    return case_id


async def _form(pilot: Pilot[Any], *keys: str) -> FormScreen[Any]:
    await pilot.press(*keys)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return form


async def _fields(pilot: Pilot[Any], *typed: str) -> None:
    """Fill fields in order: text then Enter ("" takes what the field holds); a text area
    is given as ``("area", text)`` through ``_area``."""
    for text in typed:
        if text:
            await type_text(pilot, text)
        await pilot.press(ENTER)
        await pilot.pause()


async def _area(pilot: Pilot[Any], text: str) -> None:
    await type_text(pilot, text)
    await pilot.press(TAB)
    await pilot.pause()


async def _save(pilot: Pilot[Any]) -> str:
    await pilot.press("ctrl+s")
    await settle(pilot)
    app = pilot.app
    assert isinstance(app.screen, CaseDetailScreen), screen_text(app)  # type: ignore[arg-type]
    await pilot.press("7")
    await settle(pilot)
    return screen_text(app)  # type: ignore[arg-type]


async def test_a_trial_recorded_by_keyboard_reads_back_in_the_case_file(
        vault: VaultDir) -> None:
    case_id = _validated_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 60)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        assert "validated" in screen_text(app).lower()

        form = await _form(pilot, "f")
        assert [f.key for f in form.fields] == [
            "court_code", "province_code", "territory_code", "docket", "stage", "stage_on",
            "evidence"]
        await _fields(pilot, "garrison military", "", "rutshuru", "RP 045/2026", "", "")
        await _area(pilot, "Seen at the court registry.")
        text = await _save(pilot)
        assert "RP 045/2026 Garrison military court" in text, text
        assert "Where:  Military · North Kivu · Rutshuru" in text
        assert "Complaint filed" in text

        for perpetrator, name, category, rank, charge in (
                ("m23", "", "", "Colonel", "Rape"),
                ("", "Kasongo Mwamba", "fardc", "Captain", "Murder")):
            form = await _form(pilot, "A")
            assert [f.key for f in form.fields] == [
                "proceeding", "perpetrator", "name", "category_code", "rank", "unit",
                "charges"]
            await _fields(pilot, "", perpetrator, name, category, rank, "")
            await type_text(pilot, charge)
            await pilot.press(ENTER, TAB)
            text = await _save(pilot)
        assert "A1" in text and "A2" in text, text
        assert "Rape (sexual violence)" in text
        assert "Murder" in text
        assert "Kasongo Mwamba" not in text  # names stay masked until asked for
        assert "████" in text

        await _form(pilot, "S")
        await _fields(pilot, "", "trial", "")
        await _area(pilot, "Hearing roll of the court.")
        text = await _save(pilot)
        assert "Stage:  Trial" in text, text

        form = await _form(pilot, "h")
        await _fields(pilot, "", "", "yes", "Judge absent")
        await _area(pilot, "The bench did not sit.")
        await _fields(pilot, "2026-12-09", "")
        text = await _save(pilot)
        assert "Hearings (postponed 1 time)" in text, text
        assert "postponed: Judge absent" in text

        for code, verdict, sentence, months in (("A1", "convicted", "prison", "240"),
                                                ("A2", "acquitted", "", "")):
            form = await _form(pilot, "J")
            await _fields(pilot, code)
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormScreen), screen_text(app)
            assert code in form.title_text, form.title_text
            await _fields(pilot, verdict, "", sentence, months, "")
            text = await _save(pilot)
        assert "Rape (sexual violence) — Convicted" in text, text
        assert "Murder — Acquitted" in text
        assert "Prison (penal servitude)" in text and "240 months" in text

        detail = await app.call_db(cases.get_case, app.require_session(), case_id)
        [proceeding] = detail.proceedings
        assert [p.outcome for p in proceeding.accused] == ["convicted", "acquitted"]
        # the judgment moved the proceeding on from its trial
        assert proceeding.stage == "judgment" and proceeding.postponements == 1


async def test_a_proceeding_is_heard_in_a_mobile_session_of_the_office(
        vault: VaultDir) -> None:
    case_id = _validated_case(vault)
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        open_session(session, SessionForm("MOBILE.TMG", "CD-NK", FROZEN_TODAY,
                                          FROZEN_TODAY, locality="Kiwanja"))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 60)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.open_case(case_id)
        await settle(pilot)
        form = await _form(pilot, "f")
        assert [f.key for f in form.fields][-4:] == ["session", "stage", "stage_on",
                                                     "evidence"]
        await _fields(pilot, "mobile.tmg", "", "", "RP 9/2026", "kiwanja", "trial", "")
        await _area(pilot, "Heard in Kiwanja.")
        text = await _save(pilot)
        assert "Mobile court session:  Mobile court hearing of a garrison military court" \
            " · Kiwanja" in text, text
