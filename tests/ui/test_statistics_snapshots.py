"""The Statistics screen at 80x24 on October's figures (``statistics_data``): a chart with
its cursor on a bar, and the same figures as a table (`make snapshot-update` accepts
changes, after looking at them)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.conftest import PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.statistics_data import record_october
from tests.ui.support import build_app, freeze_cursors, log_in, settle

SIZE = (80, 24)


async def _by_type(pilot: Pilot[Any]) -> None:
    await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
    await pilot.press("ctrl+t")
    await settle(pilot)
    await pilot.press("n", "n", "down")
    await settle(pilot)


class TestStatisticsLooks:
    def test_chart(self, snap_compare: Any, vault: VaultDir) -> None:
        record_october(vault)

        async def run_before(pilot: Pilot[Any]) -> None:
            await _by_type(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)

    def test_table(self, snap_compare: Any, vault: VaultDir) -> None:
        record_october(vault)

        async def run_before(pilot: Pilot[Any]) -> None:
            await _by_type(pilot)
            await pilot.press("t", "down")
            await settle(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)
