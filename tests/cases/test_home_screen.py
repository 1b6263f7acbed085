"""The home screen as officers and supervisors meet it: their lists, and Enter opens a case."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot

from jhro_tui.services import workflow
from jhro_tui.ui.app import JhroApp
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.cases.conftest import PASSPHRASE, World
from tests.ui.support import build_app, log_in, screen_text, settle


@asynccontextmanager
async def home_of(world: World, account: str, size: tuple[int, int] = (100, 30)
                  ) -> AsyncIterator[tuple[Pilot[Any], JhroApp]]:
    """``account`` logged in through the keyboard, on the home screen."""
    world.close()
    app = build_app(world.paths.data_dir)
    async with app.run_test(size=size) as pilot:
        await log_in(pilot, account, PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        yield pilot, app


async def test_an_officer_opens_a_case_of_their_own_from_home(world: World) -> None:
    made = world.make_case("olga", title="Attaque de Kalehe")
    async with home_of(world, "olga") as (pilot, app):
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


async def test_a_supervisor_starts_on_the_caseload_then_the_cases_to_validate(
        world: World) -> None:
    made = world.make_case("olga", title="Pillage du marché")
    session = world.login("olga")
    workflow.submit(session, made.case, expected_version=world.version(made.case))
    async with home_of(world, "sue", (80, 24)) as (pilot, app):
        text = screen_text(app)
        assert "My open cases (0)" in text and "To validate (1)" in text
        assert made.reference in text
        assert app.screen.focused is app.screen.query_one("#home-caseload")
        await pilot.press("tab", "tab")  # past the supervisor's own cases
        validate = app.screen.query_one("#home-validate", VirtualTable)
        assert app.screen.focused is validate
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == made.case


async def test_an_officer_of_another_office_sees_none_of_it(world: World) -> None:
    made = world.make_case("olga")
    async with home_of(world, "bea") as (_pilot, app):
        text = screen_text(app)
        assert "My open cases (0)" in text and made.reference not in text
        assert "To validate" not in text


async def test_a_follow_up_and_a_protection_review_due_open_their_case(world: World) -> None:
    """Tab goes from list to list; Enter on a follow-up or a review opens its case."""
    import datetime as dt

    from jhro_tui.services import cases, victims
    from jhro_tui.services.forms import FollowUpForm, ProtectionForm
    from tests.ui.support import FROZEN_TODAY

    due = world.make_case("olga", title="Attaque de Kalehe")
    reviewed = world.make_case("olga", title="Pillage à Bukavu")
    quiet = world.make_case("olga", title="Arrestation à Uvira")
    session = world.login("olga")
    with world.planned_on(FROZEN_TODAY - dt.timedelta(days=10)):
        cases.add_follow_up(session, due.case, FollowUpForm(
            "Collect the medical certificate", FROZEN_TODAY - dt.timedelta(days=3)))
        victims.review_protection(session, reviewed.victim, ProtectionForm(
            "high", "Safe house", FROZEN_TODAY + dt.timedelta(days=2)), expected_version=1)
    async with home_of(world, "olga", (80, 24)) as (pilot, app):
        text = screen_text(app)
        assert "My open cases (3)" in text and "OVERDUE" in text
        assert app.screen.focused is app.screen.query_one("#home-cases", VirtualTable)
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#home-follow-ups", VirtualTable)
        assert "Collect the medical certificate" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen) and app.screen.case_id == due.case
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#home-reviews", VirtualTable)
        assert "High" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_id == reviewed.case != quiet.case
