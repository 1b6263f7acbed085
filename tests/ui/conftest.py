"""The app's day and the services' day are one: the frozen day of these tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import services_today
from tests.ui.support import FROZEN_TODAY


@pytest.fixture(autouse=True)
def frozen_services_day() -> Iterator[None]:
    with services_today(FROZEN_TODAY):
        yield


@pytest.fixture(autouse=True)
def no_login_history_toast_in_snapshots(request: pytest.FixtureRequest,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The last login's time moves from run to run: snapshots leave its toast out (the
    Pilot tests read it)."""
    if "snap_compare" in request.fixturenames:
        from jhro_tui.ui.app import JhroApp

        monkeypatch.setattr(JhroApp, "_tell_login_history", lambda self, session: None)
