"""The look of the case list and a case file at 80x24, on a small fixed demo caseload."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from jhro_tui.config import Paths, Settings
from jhro_tui.demo import DEMO_PASSPHRASE, build_demo
from jhro_tui.services import cases, records, victims
from jhro_tui.services.listing import CaseQuery, list_cases
from jhro_tui.services.session import login
from tests.ui.support import build_app, freeze_cursors, log_in, settle, type_text

SIZE = (80, 24)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    build_demo(Paths(data_dir), cases=30, seed=3, report=lambda line: None,
               end=dt.date(2026, 11, 25))
    return data_dir


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


async def _to_list(pilot: Pilot[Any]) -> None:
    await log_in(pilot, "officer", DEMO_PASSPHRASE)
    await pilot.press("f3")
    await settle(pilot)
    freeze_cursors(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


async def _to_case(pilot: Pilot[Any]) -> None:
    await _to_list(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.pause()


async def _to_submitted_case(pilot: Pilot[Any], key: str) -> None:
    """The supervisor opens the first case waiting for validation, and presses ``key``."""
    await log_in(pilot, "supervisor", DEMO_PASSPHRASE)
    # The home starts on the caseload; then come the supervisor's own cases, then those
    # to validate.
    await pilot.press("tab", "tab", "enter")
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    freeze_cursors(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


def _make_gaps(demo: Path, reference: str) -> None:
    session = login(Paths(demo), Settings(), "officer", DEMO_PASSPHRASE)
    try:
        (found,) = list_cases(session, CaseQuery(text=reference))
        detail = cases.get_case(session, found.id)
        for perpetrator in detail.perpetrators:
            records.remove_perpetrator(session, perpetrator.id,
                                       expected_version=perpetrator.version)
        for source in detail.sources:
            records.remove_source(session, source.id, expected_version=source.version)
        victims.revoke_consent(session, detail.victims[0].id, "documentation")
    finally:
        session.close()


class TestCaseLooks:
    def test_case_list(self, snap_compare: Any, demo: Path) -> None:
        assert snap_compare(build_app(demo), terminal_size=SIZE, run_before=_to_list)

    def test_case_detail(self, snap_compare: Any, demo: Path) -> None:
        assert snap_compare(build_app(demo), terminal_size=SIZE, run_before=_to_case)

    def test_submission_form_lists_what_the_case_lacks(self, snap_compare: Any,
                                                      demo: Path) -> None:
        """The officer's draft, once its perpetrator and its source are removed and its
        first victim has withdrawn consent to documentation."""
        _make_gaps(demo, "GOM-2022-0002")

        async def run_before(pilot: Pilot[Any]) -> None:
            await log_in(pilot, "officer", DEMO_PASSPHRASE)
            await pilot.press("ctrl+f")
            await type_text(pilot, "GOM-2022-0002")
            await pilot.press("enter", "enter")
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]
            await pilot.pause()

        assert snap_compare(build_app(demo), terminal_size=SIZE, run_before=run_before)

    def test_assign_form_offers_the_offices_officers(self, snap_compare: Any,
                                                     demo: Path) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await _to_submitted_case(pilot, "g")

        assert snap_compare(build_app(demo), terminal_size=SIZE, run_before=run_before)
