"""The audit viewer at 80x24 (accept changes with `make snapshot-update`)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from jhro_tui.security import audit
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import build_app, freeze_cursors, log_in, settle

SIZE = (80, 24)
AT = "2026-11-25T07:15:00.000000Z"


@pytest.fixture
def fixed_instants(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every event written from now on at one instant: the snapshot's times stay put."""
    monkeypatch.setattr(audit, "utc_now", lambda: AT)


def test_the_viewer_of_a_supervisor(snap_compare: Any, vault: VaultDir,
                                    fixed_instants: None) -> None:
    session = vault.login(OFFICER)
    try:
        session.audit("case.view", "case:GOM-2026-0001")
        session.audit("case.update", "case:GOM-2026-0001", "fields=title")
        session.audit("case.list", "", '{"text": "Kiwanja [bold]x[/]"}')
    finally:
        session.close()

    async def run_before(pilot: Pilot[Any]) -> None:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("down", "down", "down")
        await settle(pilot)
        freeze_cursors(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE, run_before=run_before)
