"""Related cases by keyboard: ``l`` links this case to another by its reference, both case
files list the link in their overview, ``j`` opens the other, ``Del`` removes the link."""

from __future__ import annotations

from jhro_tui.config import Settings
from jhro_tui.services import cases
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.session import login
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import build_app, log_in, screen_text, settle, type_text


async def test_link_a_case_open_the_other_and_remove_the_link(vault: VaultDir) -> None:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        first = cases.create_case(session, CaseForm("Pillage in Oicha", province_code="CD-NK"))
        later = cases.create_case(session, CaseForm("Reprisals in Oicha",
                                                    province_code="CD-NK"))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.open_case(later.id)
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen), screen_text(app)
        await type_text(pilot, first.reference.lower())  # as an officer may type it
        await pilot.press("tab")
        await type_text(pilot, "follows")
        await pilot.press("enter")
        await type_text(pilot, "Reprisals for speaking to the office")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        assert f"Follows on from  {first.reference}  Pillage in Oicha" in screen_text(app)
        detail = await app.call_db(cases.get_case, app.require_session(), later.id)
        assert [(r.other_id, r.kind, r.note) for r in detail.related] == [
            (first.id, "follow_on", "Reprisals for speaking to the office")]

        await pilot.press("j")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == first.id
        assert f"Followed by  {later.reference}  Reprisals in Oicha" in screen_text(app)

        await pilot.press("delete")
        await settle(pilot)
        await type_text(pilot, later.reference)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), screen_text(app)
        assert f"Remove the link to {later.reference}" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert later.reference not in screen_text(app)
        detail = await app.call_db(cases.get_case, app.require_session(), first.id)
        assert detail.related == ()
