"""The keys that apply on the current screen, on one line at the bottom."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class KeyHint(NamedTuple):
    key: str
    description: str
    enabled: bool
    essential: bool = False


ESSENTIAL = frozenset({"app.help", "session.lock", "app.quit"})
"""Kept when the bar is too narrow for every key: help lists the rest, and locking and
quitting must never be keys the user has to remember."""


class KeyBar(Widget):
    """Textual's footer, drawn as one widget.

    The stock footer is a widget per key and rebuilds them all on every focus or binding
    change; styling those dozen new widgets was most of the time it took to open a screen.
    This bar only repaints its one line, and only when the keys it shows change. Keys that
    do not fit are left out whole (help and the palette list them all).
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hints: tuple[KeyHint, ...] = ()
        self.palette: KeyHint | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        app = self.app
        hints: dict[str, KeyHint] = {}
        palette: KeyHint | None = None
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            hint = KeyHint(app.get_key_display(binding), binding.description, enabled,
                           binding.id in ESSENTIAL)
            if binding.key == app.COMMAND_PALETTE_BINDING:
                if app.ENABLE_COMMAND_PALETTE:
                    palette = hint
            elif binding.show:
                # An action on several keys shows its first one, as Textual's footer does.
                hints.setdefault(binding.action, hint)
        shown = (tuple(hints.values()), palette)
        if shown != (self.hints, self.palette):
            self.hints, self.palette = shown
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = Style(dim=True)
        width = self.size.width
        palette = Text()
        if self.palette is not None:
            palette.append("▏")
            palette.append(self.palette.key, key_style)
            palette.append(f" {self.palette.description} ", description_style)
        room = width - palette.cell_len
        compact = False
        shown = self._fitting(room, compact=False)
        if len(shown) < len(self.hints):
            # A narrow terminal keeps more keys with one space between them, not two.
            compact = True
            shown = self._fitting(room, compact=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        for hint in shown:
            extra = Style() if hint.enabled else dim
            line.append(f" {hint.key}" if compact else f" {hint.key} ", key_style + extra)
            if hint.description:
                line.append(f" {hint.description}" if compact else f"{hint.description} ",
                            description_style + extra)
        if palette and line.cell_len + palette.cell_len <= width:
            line.append(" " * (width - line.cell_len - palette.cell_len))
            line.append_text(palette)
        return line

    def _fitting(self, room: int, *, compact: bool) -> list[KeyHint]:
        """The hints that fit whole in ``room`` cells: the essential ones, then the others
        in order until one does not fit; shown in their order."""
        def width(hint: KeyHint) -> int:
            described = cell_len(hint.description) + 1 if hint.description else 0
            return cell_len(hint.key) + (1 if compact else 2) + described

        used = sum(width(hint) for hint in self.hints if hint.essential)
        chosen = {index for index, hint in enumerate(self.hints) if hint.essential}
        for index, hint in enumerate(self.hints):
            if index in chosen:
                continue
            if used + width(hint) > room:
                break
            chosen.add(index)
            used += width(hint)
        return [hint for index, hint in enumerate(self.hints) if index in chosen]
