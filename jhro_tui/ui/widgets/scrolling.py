"""A scroll view that repaints its scrollbar only when the scrollbar changes.

Textual refreshes a scroll view's scrollbar on every layout of its screen, changed or
not. In the bench timeline that refresh was a frame of its own after each layout (a
search keystroke: result painted, then an identical scrollbar a frame later), and a
frame the next real paint had to wait behind.
"""

from __future__ import annotations

from typing import Any

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
