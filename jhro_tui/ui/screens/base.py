"""What every jhro screen shares: bindings from the registry, and a way back after a lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual.binding import Binding, BindingsMap
from textual.screen import ModalScreen, Screen

from jhro_tui.errors import JhroError
from jhro_tui.ui.actions import Action, bindings_map
from jhro_tui.ui.pacing import FramePacer
from jhro_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

ResultType = TypeVar("ResultType")
T = TypeVar("T")
Route = Callable[[], "JhroScreen"]


def _screen_bindings(base: BindingsMap | None, scope: str, *, modal: bool = False
                     ) -> BindingsMap:
    bindings = bindings_map(base or BindingsMap(), scoped_actions(scope))
    # Priority focus keys move focus before the keys typed after them are delivered, so
    # type-ahead over a slow SSH link lands in the next field, not the previous one.
    bindings.key_to_bindings["tab"] = [Binding("tab", "app.focus_next", show=False,
                                               priority=True, system=True)]
    bindings.key_to_bindings["shift+tab"] = [Binding("shift+tab", "app.focus_previous",
                                                     show=False, priority=True, system=True)]
    if modal:
        # A dialog stops the app's own bindings (Textual's modal binding chain): F1 is
        # repeated here so that help opens over a form too.
        bindings.key_to_bindings.setdefault("f1", [Binding("f1", "app.help", show=False,
                                                           system=True)])
    return bindings


def scoped_actions(scope: str) -> list[Action]:
    from jhro_tui.ui.actions import ACTIONS

    return [action for action in ACTIONS if action.scope == scope]


class PacedScreen(Screen[ResultType]):
    """The base of every jhro screen and dialog: painted by a ``FramePacer`` instead of
    Textual's update timer, and knowing its app as a ``Shell``."""

    def __init__(self) -> None:
        super().__init__()
        self._pacer = FramePacer(self)

    @property
    def jhro(self) -> Shell:
        """The app as screens may use it (``JhroApp`` keeps to ``Shell``: mypy checks it
        in ``ui/app.py``)."""
        return cast("Shell", self.app)

    @property
    def _update_timer(self) -> FramePacer:  # type: ignore[override]
        return self._pacer

    def on_unmount(self) -> None:
        self._pacer.pause()


class JhroScreen(PacedScreen[None]):
    """A full screen. ``SCOPE`` names its actions in the registry."""

    SCOPE: ClassVar[str] = ""
    HOLDS_CASE_DATA: ClassVar[bool] = False
    """True when the screen shows case data: it is torn down when the session locks."""
    AUTO_FOCUS = "*"

    def __init__(self) -> None:
        super().__init__()
        self._bindings = _screen_bindings(self._merged_bindings, self.SCOPE)

    def route(self) -> Route | None:
        """How to rebuild this screen after an unlock (None: it is not rebuilt)."""
        return None

    def help_notes(self) -> list[tuple[str, str]]:
        """(keys, what they do) the help screen shows besides the registry's actions: keys
        of widgets (a list's arrows, Tab), marks on the screen. A note on a key stands in
        for the registry's line on that key."""
        return []

    async def read_or_say(self, service: Callable[..., T], *args: Any, **options: Any
                          ) -> T | None:
        """``service(session, *args, **options)`` on the database thread, to show again;
        a refusal or a failure is said in a notification and gives None (the screen keeps
        what it showed)."""
        try:
            return await self.jhro.call_db(service, self.jhro.require_session(), *args,
                                           **options)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return None


class JhroModal(PacedScreen[ResultType], ModalScreen[ResultType]):
    """A dialog; closes with Escape and returns a typed result through ``dismiss``."""

    SCOPE: ClassVar[str] = ""
    AUTO_FOCUS = "*"

    def __init__(self) -> None:
        super().__init__()
        self._bindings = _screen_bindings(self._merged_bindings, self.SCOPE, modal=True)

    def on_mount(self) -> None:
        # The screen behind is left as it is (app.tcss): its key bar would offer keys the
        # dialog does not pass on. The dialog's own bar covers it with the dialog's keys.
        self.mount(KeyBar())
