"""The garbage collector runs in the user's pauses, and the app gives it back on exit."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from jhro_tui.ui.collector import IdleCollector
from jhro_tui.ui.screens.home import HomeScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import FakeClock, build_app, log_in


@pytest.fixture
def collections() -> Iterator[list[int]]:
    seen: list[int] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(callback)
    try:
        yield seen
    finally:
        gc.callbacks.remove(callback)
        gc.enable()
        gc.unfreeze()


def churn(count: int) -> list[object]:
    return [[] for _ in range(count)]


def cycles(count: int) -> None:
    """Garbage only the cyclic collector can free."""
    for _ in range(count):
        loop: list[object] = []
        loop.append(loop)


def test_no_collection_while_the_user_types(collections: list[int]) -> None:
    clock = FakeClock()
    collector = IdleCollector(idle=0.3, backstop=50_000, clock=clock)
    collector.start()
    assert not gc.isenabled()
    collections.clear()
    kept = churn(5_000)
    for _ in range(10):
        clock.advance(0.1)
        collector.saw_input()
        collector.tick()
    assert collections == []
    assert len(kept) == 5_000


def test_a_pause_collects_and_every_tenth_is_full(collections: list[int]) -> None:
    clock = FakeClock()
    collector = IdleCollector(idle=0.3, backstop=50_000, clock=clock)
    collector.start()
    collections.clear()
    for _ in range(12):
        cycles(2_000)
        clock.advance(0.5)
        collector.tick()
    assert len(collections) == 12
    assert collections.count(2) == 1 and set(collections) == {1, 2}


def test_a_long_burst_is_collected_without_a_pause(collections: list[int]) -> None:
    clock = FakeClock()
    collector = IdleCollector(idle=0.3, backstop=20_000, clock=clock)
    collector.start()
    collections.clear()
    kept = churn(25_000)
    collector.saw_input()
    collector.tick()
    assert collections, "the backstop must collect even while input keeps coming"
    del kept


def test_stop_gives_the_collector_back(collections: list[int]) -> None:
    collector = IdleCollector()
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()


async def test_the_app_collects_in_pauses_and_gives_the_collector_back(
        vault: VaultDir, collections: list[int]) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, HomeScreen)
        assert not gc.isenabled()
        collections.clear()
        cycles(2_000)
        await pilot.pause(0.6)  # the user stops typing
        assert collections, "a pause in the input is when garbage is collected"
    assert gc.isenabled()
