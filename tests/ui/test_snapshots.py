"""The look of the shell's screens at 80x24 (accept changes with `make snapshot-update`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import build_app, freeze_cursors, log_in, settle

SIZE = (80, 24)


async def _still(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    freeze_cursors(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


class TestShellLooks:
    def test_wizard(self, snap_compare: Any, tmp_path: Path) -> None:
        assert snap_compare(build_app(tmp_path / "data"), terminal_size=SIZE, run_before=_still)

    def test_login(self, snap_compare: Any, vault: VaultDir) -> None:
        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE, run_before=_still)

    def test_home(self, snap_compare: Any, vault: VaultDir) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
            await _still(pilot)

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE, run_before=run_before)

    def test_help(self, snap_compare: Any, vault: VaultDir) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
            await pilot.press("f1")
            await _still(pilot)

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE, run_before=run_before)

    def test_lock(self, snap_compare: Any, vault: VaultDir) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
            await pilot.press("ctrl+l")
            await _still(pilot)

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE, run_before=run_before)

    def test_accounts(self, snap_compare: Any, vault: VaultDir) -> None:
        """The administrator's screen for accounts and offices, reached with F7."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
            await pilot.press("f7")
            await _still(pilot)
            await pilot.press("down")
            await _still(pilot)

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE, run_before=run_before)
