"""A long read-only text in titled sections, painted a line at a time.

A case file laid out as a title and a ``Static`` per section cost twenty widgets to
style, lay out and render in full before anything showed. This widget wraps the text
once per width and paints only the lines on screen, whatever the length of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip

from jhro_tui.text import sanitize
from jhro_tui.ui.widgets.scrolling import SteadyScrollView


class Section(NamedTuple):
    key: str
    title: str
    body: str
    """Text as stored: sanitised here, never parsed as markup."""


class Document(SteadyScrollView, can_focus=True):
    """Titled sections of plain text; arrows and page keys scroll it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"document--title"}
    DEFAULT_CSS = """
    Document { height: 1fr; scrollbar-gutter: stable; overflow-x: hidden; }
    Document > .document--title { text-style: bold; color: $accent; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: tuple[Section, ...] = ()
        self._lines: list[tuple[Text, bool]] = []
        """Wrapped lines, each with whether it is a section title."""
        self._offsets: dict[str, int] = {}
        self._wrapped_at = -1
        self._strips: dict[int, Strip] = {}
        self._base = Style()
        self._title = Style()

    def update(self, sections: Sequence[Section]) -> None:
        self.sections = tuple(sections)
        self._wrapped_at = -1
        # Before its first layout the widget has no width yet: wrap for the width it will
        # have, so that the first frame already has the right length and scrollbar.
        self._wrap(self.scrollable_content_region.width or self._expected_width())
        self.refresh()

    def _expected_width(self) -> int:
        styles = self.styles
        return (self.app.size.width - styles.gutter.width
                - (styles.scrollbar_size_vertical if styles.overflow_y != "hidden" else 0))

    def offset_of(self, key: str) -> int:
        """The line where section ``key`` starts (its title)."""
        return self._offsets.get(key, 0)

    def show_section(self, key: str) -> None:
        self.scroll_to(y=self.offset_of(key), animate=False, immediate=True)

    def _wrap(self, width: int | None = None) -> None:
        if width is None:
            width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        self._wrapped_at = width
        console = self.app.console
        lines: list[tuple[Text, bool]] = []
        offsets: dict[str, int] = {}
        for section in self.sections:
            lines.append((Text(""), False))
            offsets[section.key] = len(lines)
            for line in Text(sanitize(section.title)).wrap(console, width):
                lines.append((line, True))
            body = Text(sanitize(section.body, multiline=True), end="")
            for line in body.wrap(console, width, overflow="fold"):
                lines.append((line, False))
        self._lines = lines
        self._offsets = offsets
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))

    def on_resize(self) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are the same for every line of one paint; asking for them per line
        # (a walk up the DOM each time) cost more than drawing the text.
        self._wrap()
        self._base = self.rich_style
        self._title = self._base + self.get_component_rich_style("document--title")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self._lines):
            return Strip.blank(width, self._base)
        strip = self._strips.get(index)
        if strip is None:
            text, is_title = self._lines[index]
            segments = list(text.render(self.app.console))
            strip = Strip(segments).adjust_cell_length(width).apply_style(
                self._title if is_title else self._base)
            self._strips[index] = strip
        return strip
