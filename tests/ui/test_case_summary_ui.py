"""The printable summary by keyboard: ``m`` on a case file, the audience and format chosen
on a form, a question that says the file is not encrypted, and the file in the account's
exchange folder, naming only who consented."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from textual.pilot import Pilot

from jhro_tui.config import Settings
from jhro_tui.services import cases, forms, records, victims
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.session import login
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import build_app, log_in, pick, screen_text, settle

SIZE = (80, 24)


def _case(vault: VaultDir) -> int:
    """A case of the officer's with two victims: V01 consented to justice, V02 did not."""
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        made = cases.create_case(session, forms.CaseForm("Attaque de Kalehe",
                                                         province_code="CD-SK"))
        incident = records.add_incident(session, made.id, forms.IncidentForm(
            PartialDate.parse("2024-03"), "CD-SK", "CD-SK.KALEHE", "Bushushu"))
        records.add_violation(session, incident.id, forms.ViolationForm("SGBV.RAPE"))
        first = victims.add_victim(session, made.id, forms.VictimForm(
            name="Furaha Bahati", sex="female", age=24))
        victims.add_victim(session, made.id, forms.VictimForm(name="Neema Kahindo",
                                                              sex="female", age=30))
        victims.give_consent(session, first.id, "justice")
        victims.give_consent(session, first.id, "documentation")
        return made.id
    finally:
        session.close()


def _written(app: Any) -> Path:
    notes = " ".join(str(note.message) for note in app._notifications)
    assert "Written (not encrypted): " in notes, notes
    return Path(notes.split("Written (not encrypted): ", 1)[1].split()[0])


async def _open(pilot: Pilot[Any], case_id: int) -> None:
    await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
    pilot.app.open_case(case_id)  # type: ignore[attr-defined]
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseDetailScreen), screen_text(pilot.app)  # type: ignore[arg-type]


async def test_m_writes_a_court_s_pdf_into_the_exchange_folder(vault: VaultDir) -> None:
    case_id = _case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, case_id)
        bound = app.screen.active_bindings["m"]
        assert (bound.binding.id, bound.enabled) == ("case.summary", True)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen), screen_text(app)
        assert "Print a case summary" in screen_text(app)
        await pilot.press("ctrl+s")  # a court's summary, as a PDF: the form's defaults
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), screen_text(app)
        assert "NOT be encrypted" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        written = _written(app)
        assert written.parent == vault.data_dir.parent / "exchange" / OFFICER
        assert written.suffix == ".pdf" and written.stat().st_mode & 0o077 == 0
        text = " ".join(page.extract_text() for page in
                        PdfReader(io.BytesIO(written.read_bytes())).pages)
        assert "Furaha Bahati" in text and "Neema" not in text, text
        assert "Named in it: V01." in " ".join(str(n.message) for n in app._notifications)


async def _ask_for_v02_in_markdown(pilot: Any) -> None:
    """m, then a victim's copy for V02 as Markdown, up to the question before writing."""
    await pilot.press("m")
    await settle(pilot)
    await pilot.press("ctrl+u")
    await pick(pilot, "victim")
    await pick(pilot, "V02")
    await pilot.press("ctrl+u")
    await pick(pilot, "markdown")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_victim_s_copy_in_markdown_and_no_means_nothing_is_written(
        vault: VaultDir) -> None:
    case_id = _case(vault)
    app = build_app(vault.data_dir)
    folder = vault.data_dir.parent / "exchange" / OFFICER
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, case_id)
        await _ask_for_v02_in_markdown(pilot)
        assert "for the victim V02 as a MD file" in screen_text(app), screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        assert not folder.exists() or list(folder.iterdir()) == []

        await _ask_for_v02_in_markdown(pilot)
        await pilot.press("y")
        await settle(pilot)
        written = _written(app)
        text = written.read_text(encoding="utf-8")
        assert text.startswith("# Case summary for the victim V02"), text
        # V02 did not consent; V01 did, but this copy is V02's.
        assert "Neema" not in text and "Furaha" not in text, text
        assert "No victim is named in it." in " ".join(str(n.message)
                                                       for n in app._notifications)


async def test_a_victim_s_copy_without_choosing_the_victim_stays_on_the_form(
        vault: VaultDir) -> None:
    case_id = _case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, case_id)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await pick(pilot, "victim")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen), screen_text(app)
        assert "choose which" in screen_text(app), screen_text(app)
