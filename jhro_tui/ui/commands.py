"""The command palette: the registry's actions by name, namespaced (``session: Lock``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from jhro_tui.ui.safe import plain

if TYPE_CHECKING:
    from jhro_tui.ui.app import JhroApp


class ActionCommands(Provider):
    """Every action that applies on the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: JhroApp = self.app  # type: ignore[assignment]
        screen = self.screen
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for action, target in app.available_actions(screen):
            run = partial(app.run_registered_action, action, target)
            commands.append((action.title, action.key_label, run))
        return commands

    async def discover(self) -> Hits:
        for title, keys, run in self._commands():
            yield DiscoveryHit(plain(title), run, text=title, help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, keys, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=keys)
