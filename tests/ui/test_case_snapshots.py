"""The look of the case list and a case file at 80x24, on a small fixed demo caseload."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from jhro_tui.config import Paths
from jhro_tui.services.demo import DEMO_PASSPHRASE, build_demo
from tests.ui.support import build_app, freeze_cursors, log_in, settle

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


class TestCaseLooks:
    def test_case_list(self, snap_compare: Any, demo: Path) -> None:
        assert snap_compare(build_app(demo), terminal_size=SIZE, run_before=_to_list)

    def test_case_detail(self, snap_compare: Any, demo: Path) -> None:
        assert snap_compare(build_app(demo), terminal_size=SIZE, run_before=_to_case)
