"""The case file's text view: wrapped to the width, literal, and jumps to a section."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from jhro_tui.ui.widgets.document import Document, Section
from tests.ui.support import screen_text

HOSTILE = "[bold red]x[/] \x1b]52;c;SGVsbG8=\x07 \x1b[2J \x9b31m \u202eevil"
SECTIONS = [
    Section("overview", "Overview", "First line\nsecond line " + "word " * 40),
    Section("victims", "Victims", HOSTILE),
    *[Section(f"s{number}", f"Section {number}", "text\n" * 8) for number in range(6)],
    Section("history", "History", "the last section"),
]


class DocumentApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Document(id="doc")

    def on_mount(self) -> None:
        self.query_one(Document).update(SECTIONS)


async def test_text_is_wrapped_to_the_width_and_rewrapped_on_resize() -> None:
    app = DocumentApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        document = app.query_one(Document)
        narrow = document.virtual_size.height
        text = screen_text(app)  # type: ignore[arg-type]
        assert "Overview" in text and "second line" in text
        assert all(len(line.rstrip()) <= 40 for line in text.splitlines())
        await pilot.resize_terminal(120, 20)
        await pilot.pause()
        assert document.virtual_size.height < narrow


async def test_stored_text_is_shown_literally_without_escape_sequences() -> None:
    app = DocumentApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)  # type: ignore[arg-type]
        assert "[bold red]x[/]" in text
        for sequence in ("\x1b", "\x9b", "\x07", "\u202e"):
            assert sequence not in text


async def test_a_section_key_brings_its_title_to_the_top() -> None:
    app = DocumentApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        document = app.query_one(Document)
        document.show_section("s3")
        await pilot.pause()
        assert document.scroll_offset.y == document.offset_of("s3") > 0
        first_line = screen_text(app).splitlines()[0]  # type: ignore[arg-type]
        assert first_line.strip() == "Section 3"
        document.show_section("history")  # near the end: as far down as it goes
        await pilot.pause()
        assert "the last section" in screen_text(app)  # type: ignore[arg-type]


async def test_arrows_and_page_keys_scroll_it() -> None:
    app = DocumentApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        document = app.query_one(Document)
        document.focus()
        await pilot.press("pagedown")
        await pilot.pause()
        paged: Any = document.scroll_offset.y
        assert paged > 0
        await pilot.press("down")
        await pilot.pause()
        assert document.scroll_offset.y == paged + 1
        await pilot.press("end")
        await pilot.pause()
        assert "the last section" in screen_text(app)  # type: ignore[arg-type]


async def test_page_keys_jump_in_one_step_without_animation() -> None:
    """Each frame of an animated scroll is a repaint sent to the terminal: over SSH a
    PageDown cost 49 KB. A key must move the view straight to where it goes."""
    app = DocumentApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        document = app.query_one(Document)
        document.focus()
        positions: list[float] = []

        def moved(y: float) -> None:
            positions.append(y)

        app.watch(document, "scroll_y", moved, init=False)
        page = document.scrollable_content_region.height
        for key, expected in (("pagedown", page), ("pagedown", 2 * page),
                              ("pageup", page), ("end", document.max_scroll_y),
                              ("home", 0), ("down", 1), ("up", 0)):
            positions.clear()
            await pilot.press(key)
            await pilot.wait_for_animation()
            await pilot.pause()
            assert positions == [expected], key
