"""The registry of record kinds drives the case file: a kind registered in
``jhro_tui.ui.records.KINDS`` has its key, its help line and its lines in the ``E`` and
``Del`` pickers without another table to edit."""

from __future__ import annotations

from jhro_tui.ui.actions import ACTIONS
from jhro_tui.ui.records import KINDS
from jhro_tui.ui.screens import case_detail
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.screens.help import HelpScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.every_kind import case_with_one_of_each
from tests.ui.support import build_app, log_in, screen_text, settle


def test_every_kind_is_registered_once_with_its_form_and_section() -> None:
    case_actions = {action.id: action for action in ACTIONS if action.scope == "case"}
    for kind in KINDS:
        assert case_actions[kind.action_id].action == f"form('{kind.key}')", kind.key
        assert case_detail.FORMS[kind.key] is kind
        if kind.section is not None:
            assert kind.section.key in dict(case_detail.SECTIONS), kind.key
    assert len({kind.keys for kind in KINDS}) == len(KINDS)


async def test_the_case_file_binds_helps_and_picks_every_kind(vault: VaultDir) -> None:
    case_id = case_with_one_of_each(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.open_case(case_id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseDetailScreen), screen_text(app)
        bound = {binding.id: (key, binding.action)
                 for key, bindings in screen._bindings.key_to_bindings.items()
                 for binding in bindings}
        assert all(bound[kind.action_id] == (kind.keys, f"form('{kind.key}')")
                   for kind in KINDS), bound

        await pilot.press("f1")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen), screen_text(app)
        helped = {action.id for action in help_screen.actions}
        assert {kind.action_id for kind in KINDS} <= helped
        await pilot.press("escape")
        await settle(pilot)

        for key, wanted in (("E", {kind.key for kind in KINDS if kind.changeable}),
                            ("delete", {kind.key for kind in KINDS if kind.remove})):
            await pilot.press(key)
            await settle(pilot)
            picker = app.screen
            assert isinstance(picker, FormScreen), screen_text(app)
            offered = {choice.code.split(":")[0] for choice in picker.fields[0].choices}
            assert offered == wanted, key
            await pilot.press("escape")
            await settle(pilot)
        assert wanted == {"incident", "violation", "victim", "perpetrator", "source",
                          "attachment", "related", "proceeding", "hearing", "accused",
                          "charge", "reparation", "payment", "court_victim"}
