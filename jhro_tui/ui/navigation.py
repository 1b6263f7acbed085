"""Where a key takes the user: destinations declared by the modules that own them.

A module whose screen is reached from anywhere in a session (F3: the case list; F7: the
accounts) declares a ``Destination`` at import: its action in the registry (key, footer,
help, palette), who may go there, what is read before the screen is put up and how the
screen is built from it. The app goes to every destination one way (``go``): back to the
screen when it is open already, otherwise read first, then put the screen up whole, the
keys typed meanwhile held for it (``key_scheduler``). A new module adds a declaration to
its own folder and a line to ``MODULES``, never a method to the App.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.screen import Screen
from textual.widgets import Input

from jhro_tui.errors import JhroError
from jhro_tui.ui.actions import SESSION_ACTIONS, Action, register
from jhro_tui.ui.screens.base import JhroScreen, Route

if TYPE_CHECKING:
    from textual.app import App

    from jhro_tui.services.session import Session
    from jhro_tui.ui.app import JhroApp
    from jhro_tui.ui.key_scheduler import KeyHold
    from jhro_tui.ui.shell import Shell

T = TypeVar("T")
S = TypeVar("S", bound=Screen[Any])

MODULES = ("jhro_tui.ui.screens.cases", "jhro_tui.ui.justice.destination",
           "jhro_tui.ui.detention.destination",
           "jhro_tui.ui.advocacy.destination", "jhro_tui.ui.statistics.destination",
           "jhro_tui.ui.exchange.destination",
           "jhro_tui.ui.screens.accounts", "jhro_tui.ui.screens.audit")
"""The modules that declare destinations, imported before the app builds its bindings."""


@dataclass(frozen=True)
class Destination(Generic[T, S]):
    """A screen reached by a key from anywhere in a session, read before it is put up."""

    action: Action
    """Made by ``go_action``: its Textual action is ``go('<its id>')``."""
    screen: type[S]
    roles: frozenset[str]
    """The roles that may go there."""
    read: Callable[[Session], T]
    """Run on the database thread; what the screen shows first."""
    build: Callable[[T], S]
    again: Callable[[S], object] | None = None
    """What the key does when the screen is open already, once it is on top again (None:
    nothing, and the action is not offered while the screen is on top)."""
    yields_to_text_fields: bool = False
    """Its key, typed in a text field, is the field's own (ctrl+f: delete the next word)."""


DESTINATIONS: dict[str, Destination[Any, Any]] = {}


def go_action(id: str, keys: str, namespace: str, description: str, *,
              show: bool = True) -> Action:
    """The registry's action for the destination ``id``. Priority: the screen is read
    before it is put up, and keys typed meanwhile are held for it only from the moment the
    binding runs; a binding that bubbled up from the focused widget would run after the
    keys typed in the same burst."""
    return Action(id, keys, f"go({id!r})", namespace, description, show=show, priority=True)


def declare(destination: Destination[Any, Any], *, before: str) -> None:
    """Register ``destination`` and its action, placed before the action ``before`` in
    the footer, the help screen and the palette."""
    register(destination.action, before=before)
    SESSION_ACTIONS.add(destination.action.id)
    DESTINATIONS[destination.action.id] = destination


def load_modules() -> None:
    for module in MODULES:
        importlib.import_module(module)


def may_go(app: JhroApp, name: str) -> bool:
    """``go(name)`` applies now (the App's ``check_action``)."""
    destination = DESTINATIONS.get(name)
    session = app.session
    if destination is None or session is None or session.locked \
            or session.user.role not in destination.roles:
        return False
    if destination.again is None and isinstance(app.screen, destination.screen):
        return False
    keys = {key.strip() for key in destination.action.keys.split(",")}
    return not (destination.yields_to_text_fields and app.keys.key_in_dispatch in keys
                and isinstance(app.focused, Input))


async def go(app: JhroApp, name: str) -> None:
    """Back to the destination's screen if it is open, or read it and put it up."""
    if app.check_action("go", (name,)) is not True:
        return
    destination = DESTINATIONS[name]
    for screen in app.screen_stack:
        if isinstance(screen, destination.screen):
            while app.screen is not screen:
                await app.pop_screen()
            if destination.again is not None:
                destination.again(screen)
            return
    open_after_reading(app, destination.read, (), destination.build,
                       group=f"open-{destination.screen.__name__}",
                       unless_open=destination.screen)


def open_after_reading(app: JhroApp, read: Callable[..., T], read_args: tuple[Any, ...],
                       build: Callable[[T], Screen[Any]], *, group: str,
                       hold: KeyHold | None = None,
                       unless_open: type[Screen[Any]] | None = None) -> None:
    """Read (``read(session, *read_args)``), then push the screen built from what was
    read, whole, in one paint; nothing is shown when the read fails or the session locks
    meanwhile. ``hold``: keys already held for it (by default, held from now);
    ``unless_open``: not pushed if a screen of that class came up meanwhile."""
    app.run_worker(read_then_push(app, app, read, read_args, build, hold or app.hold_keys(),
                                  unless_open),
                   group=group, exclusive=True, exit_on_error=False)


async def read_then_push(shell: Shell, app: App[Any], read: Callable[..., T],
                         read_args: tuple[Any, ...], build: Callable[[T], Screen[Any]],
                         hold: KeyHold, unless_open: type[Screen[Any]] | None = None) -> None:
    """The worker of ``open_after_reading``, for a screen to run as its own worker (it
    then ends with the screen): ``shell`` reads, ``app`` (Textual's) puts up the screen."""
    with hold:
        try:
            found = await shell.call_db(read, shell.require_session(), *read_args)
        except JhroError as exc:
            shell.notify(exc.message(), severity="error", markup=False)
            return
        # The session may have locked while the screen was read: never show it over the
        # lock.
        if not shell.session_open or (unless_open is not None and any(
                isinstance(screen, unless_open) for screen in app.screen_stack)):
            return
        app.push_screen(build(found))


def open_routes(app: JhroApp) -> list[Route]:
    """How to build again the screens open now, bottom first (dialogs are not)."""
    return [route for screen in app.screen_stack
            if isinstance(screen, JhroScreen) and (route := screen.route())]


async def rebuild(app: JhroApp, routes: list[Route]) -> None:
    """Replace the screen above the default one with ``routes``, from fresh queries (after
    an unlock, or a change of language); home when there is none."""
    from jhro_tui.ui.screens.home import HomeScreen

    routes = routes or [HomeScreen]
    await app.switch_screen(routes[0]())
    for route in routes[1:]:
        await app.push_screen(route())
