"""Opening, from a justice list, what its row is about: a proceeding's case file, a
session, the list behind a figure. Each is read first, then put up whole, the keys typed
meanwhile held for it (``key_scheduler``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from jhro_tui.errors import JhroError
from jhro_tui.i18n import _
from jhro_tui.services.justice.proceedings import get_proceeding
from jhro_tui.ui.navigation import read_then_push
from jhro_tui.ui.screens.base import PacedScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from jhro_tui.ui.key_scheduler import KeyHold

T = TypeVar("T")


def open_after_reading(screen: PacedScreen[Any], read: Callable[..., T], args: tuple[Any, ...],
                       build: Callable[[T], Screen[Any]], *, group: str) -> None:
    """``read(session, *args)``, then push ``build(found)``, as a worker of ``screen``;
    nothing when the read fails or the session locks meanwhile."""
    screen.run_worker(read_then_push(screen.jhro, screen.app, read, args, build,
                                     screen.jhro.hold_keys()),
                      group=group, exclusive=True, exit_on_error=False)


def open_proceeding_case(screen: PacedScreen[Any], proceeding_id: int) -> None:
    """The case file of the first case of the proceeding this account may see."""
    hold = screen.jhro.hold_keys()

    async def read_then_open(hold: KeyHold = hold) -> None:
        app = screen.jhro
        try:
            proceeding = await app.call_db(get_proceeding, app.require_session(),
                                           proceeding_id)
        except JhroError as exc:
            hold.release()
            screen.notify(exc.message(), severity="error", markup=False)
            return
        if not proceeding.cases or not app.session_open:
            hold.release()
            if not proceeding.cases:
                screen.notify(_("None of this proceeding's cases is open to you."),
                              markup=False)
            return
        app.open_case(proceeding.cases[0].case_id, hold)

    screen.run_worker(read_then_open(), group="justice-open-case", exclusive=True,
                      exit_on_error=False)
