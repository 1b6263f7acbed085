"""A scroll view that jumps, never animates, and repaints its scrollbar only when it changes.

Textual animates a scroll view's keys (PageDown, Home, End, arrows) at 50 lines a second,
repainting the view at every frame of the way: over SSH a case file's PageDown sent 49 KB
and Home 117 KB (10 and 24 s at 64 kbit/s). Here a key moves the view at once: one paint,
at most a screen's worth of bytes.

Textual also refreshes a scroll view's scrollbar on every layout of its screen, changed or
not. In the bench timeline that refresh was a frame of its own after each layout (a
search keystroke: result painted, then an identical scrollbar a frame later), and a
frame the next real paint had to wait behind.
"""

from __future__ import annotations

from typing import Any

from textual.actions import SkipAction
from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollView(ScrollView):
    _scroll_geometry: tuple[Any, ...] = ()

    def _scroll_update(self, virtual_size: Size) -> None:
        styles = self.styles
        geometry = (virtual_size, self.container_size, self.scroll_offset,
                    styles.overflow_x, styles.overflow_y,
                    styles.scrollbar_size_vertical, styles.scrollbar_size_horizontal)
        if geometry == self._scroll_geometry:
            return
        self._scroll_geometry = geometry
        super()._scroll_update(virtual_size)

    def jump_to(self, y: float) -> None:
        """Show line ``y`` at the top, in the next paint, without animation."""
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=y, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.jump_to(self.scroll_y - 1)

    def action_scroll_down(self) -> None:
        self.jump_to(self.scroll_y + 1)

    def action_page_up(self) -> None:
        self.jump_to(self.scroll_y - self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self.jump_to(self.scroll_y + self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self.jump_to(0)

    def action_scroll_end(self) -> None:
        self.jump_to(self.max_scroll_y)
