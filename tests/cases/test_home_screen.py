"""The home screen as officers and supervisors meet it: their lists, and Enter opens a case."""

from __future__ import annotations

from jhro_tui.services import workflow
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.cases.conftest import PASSPHRASE, World
from tests.ui.support import build_app, log_in, screen_text, settle


async def test_an_officer_opens_a_case_of_their_own_from_home(world: World) -> None:
    made = world.make_case("olga", title="Attaque de Kalehe")
    world.close()
    app = build_app(world.paths.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "olga", PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "My open cases (1)" in text and made.reference in text
        assert "Attaque de Kalehe" in text
        assert app.screen.focused is app.screen.query_one("#home-cases", VirtualTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == made.case
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_supervisor_starts_on_the_cases_to_validate(world: World) -> None:
    made = world.make_case("olga", title="Pillage du marché")
    session = world.login("olga")
    workflow.submit(session, made.case, expected_version=world.version(made.case))
    world.close()
    app = build_app(world.paths.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sue", PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "My open cases (0)" in text and "To validate (1)" in text
        assert made.reference in text
        validate = app.screen.query_one("#home-validate", VirtualTable)
        assert app.screen.focused is validate
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == made.case


async def test_an_officer_of_another_office_sees_none_of_it(world: World) -> None:
    made = world.make_case("olga")
    world.close()
    app = build_app(world.paths.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "bea", PASSPHRASE)
        text = screen_text(app)
        assert "My open cases (0)" in text and made.reference not in text
        assert "To validate" not in text
