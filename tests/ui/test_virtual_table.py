"""The virtual table pages from its loader and never holds the whole result."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult

from jhro_tui.ui.widgets.virtual_table import Column, VirtualRow, VirtualTable

TOTAL = 100_000


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[int, int, int | None]] = []
        self.selected: list[int] = []

    def on_virtual_table_selected(self, message: VirtualTable.Selected) -> None:
        self.selected.append(message.row.key)

    async def load(self, offset: int, limit: int, previous: VirtualRow | None
                   ) -> Sequence[VirtualRow]:
        self.requests.append((offset, limit, previous.key if previous else None))
        end = min(TOTAL, offset + limit)
        return [VirtualRow(i, (f"JHRO-{i:06d}", f"[b]case {i}[/b]\x1b]2;x\x07"))
                for i in range(offset, end)]

    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("Reference", 12), Column("Title")], self.load,
                           page_size=50, id="table")

    def on_mount(self) -> None:
        self.query_one(VirtualTable).reset(TOTAL)
        self.query_one(VirtualTable).focus()


def painted(app: TableApp) -> str:
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


async def test_first_screen_loads_one_page_and_shows_rows_literally() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.requests == [(0, 50, None)]
        text = painted(app)
        assert "JHRO-000000" in text and "[b]case 0[/b]" in text
        assert "\x1b" not in text


async def test_end_jumps_to_the_last_row_without_loading_the_rest() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(VirtualTable)
        assert table.cursor == TOTAL - 1
        assert "JHRO-099999" in painted(app)
        assert len(app.requests) <= 3
        assert len(table._pages) <= 6


async def test_paging_down_uses_the_previous_row_as_keyset_anchor() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        for _page in range(10):
            await pilot.press("pagedown")
            await app.workers.wait_for_complete()
            await pilot.pause()
        table = app.query_one(VirtualTable)
        assert table.cursor == 10 * 23
        sequential = [request for request in app.requests if request[0]]
        assert sequential and all(previous == offset - 1
                                  for offset, _limit, previous in sequential)


async def test_enter_selects_the_row_under_the_cursor() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.selected == [2]


async def test_the_scrollbar_follows_the_rows_but_is_not_repainted_for_nothing() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(VirtualTable)
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == TOTAL
        refreshes: list[object] = []
        scrollbar = table.vertical_scrollbar
        original = scrollbar.refresh
        scrollbar.refresh = lambda *a, **k: (refreshes.append(a), original(*a, **k))[1]  # type: ignore[method-assign]
        app.screen.refresh(layout=True)
        await pilot.pause()
        assert refreshes == []
        table.reset(5)
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        table.reset(500)
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == 500
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        assert table.vertical_scrollbar.window_size == table.container_size.height


class FailingTableApp(TableApp):
    """Its loader fails ``failures`` times for the rows from 1,000 on (a dropped link, a
    busy database), then reads them."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def load(self, offset: int, limit: int, previous: VirtualRow | None
                   ) -> Sequence[VirtualRow]:
        if offset >= 1000 and self.failures:
            self.failures -= 1
            self.requests.append((offset, limit, None))
            raise OSError("the link dropped")
        return await super().load(offset, limit, previous)


async def go_to_row(app: TableApp, pilot: object, row: int) -> None:
    app.query_one(VirtualTable).cursor = row
    for _round in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]


async def test_rows_that_could_not_be_read_say_so_and_are_read_again_when_come_back_to(
        ) -> None:
    app = FailingTableApp(failures=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_row(app, pilot, 1010)
        assert "Could not be read: scroll away and back to try again" in painted(app)
        assert "JHRO-001010" not in painted(app)
        await go_to_row(app, pilot, 0)
        await go_to_row(app, pilot, 1010)
        assert "JHRO-001010" in painted(app)
        assert "Could not be read" not in painted(app)


async def test_rows_read_again_in_vain_are_not_read_a_third_time() -> None:
    app = FailingTableApp(failures=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to_row(app, pilot, 1010)
        await go_to_row(app, pilot, 0)
        await go_to_row(app, pilot, 1010)
        assert "Could not be read" in painted(app)
        assert "try again" not in painted(app)
        await go_to_row(app, pilot, 0)
        await go_to_row(app, pilot, 1010)
        assert app.failures == 3, "read twice, then left alone"
        assert "Could not be read" in painted(app)
