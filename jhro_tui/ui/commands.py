"""The command palette: the registry's actions by name, namespaced (``session: Lock``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.actions import parse as parse_action
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widget import Widget

from jhro_tui.ui.actions import GLOBAL, Action, actions_for
from jhro_tui.ui.safe import plain

if TYPE_CHECKING:
    from jhro_tui.ui.app import JhroApp


def available_actions(app: JhroApp, screen: Screen[Any]
                      ) -> list[tuple[Action, App[Any] | Widget]]:
    """The registry's actions that apply on ``screen`` now, with the node that runs them
    (the palette and the help screen list these)."""
    scope = getattr(screen, "SCOPE", "")
    with_session = app.session is not None and not app.session.locked
    result: list[tuple[Action, App[Any] | Widget]] = []
    for action in actions_for(scope, with_session=with_session):
        if action.id in {"app.palette", "help.close"}:
            continue
        target: App[Any] | Widget = app if action.scope == GLOBAL else screen
        _namespace, name, parameters = parse_action(action.action)
        if target.check_action(name, parameters) is False:
            continue
        result.append((action, target))
    return result


class ActionCommands(Provider):
    """Every action that applies on the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: JhroApp = self.app  # type: ignore[assignment]
        screen = self.screen
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for action, target in available_actions(app, screen):
            run = partial(target.run_action, action.action)
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
