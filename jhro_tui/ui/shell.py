"""What a screen may ask of the application: the ``Shell`` protocol.

Screens and forms reach the app through it (``PacedScreen.jhro``), never through the
concrete ``JhroApp``: a module's screens depend on this page, not on ``ui/app.py``.
Textual's own ``App`` (``push_screen``, ``pop_screen``) stays ``screen.app``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.widget import Widget

    from jhro_tui.config import Paths, Settings
    from jhro_tui.security.keys import KdfParams
    from jhro_tui.services.drafts import Draft
    from jhro_tui.services.session import Session
    from jhro_tui.ui.key_scheduler import KeyHold

T = TypeVar("T")


class Shell(Protocol):
    """The session, the database thread, the keys, the clock and navigation."""

    paths: Paths
    settings: Settings
    kdf: KdfParams
    """The Argon2 cost of passphrases set from the app (cheap in tests)."""
    login_language: str | None
    """The language chosen with F2 at login, for the session about to open."""
    session: Session | None
    """The session, open or locked; None before a login."""
    wall_clock: Callable[[], float]
    """The time of day (login throttling)."""

    # -- the session and the database ------------------------------------------------

    @property
    def session_open(self) -> bool:
        """A session is open and not locking: screens with case data may be shown."""

    def require_session(self) -> Session: ...

    async def call_db(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service call on the single database thread."""

    def today(self) -> dt.date:
        """The office's calendar day."""

    def start_session(self, session: Session, hold: KeyHold) -> None: ...

    def resume_after_unlock(self, hold: KeyHold) -> None: ...

    def set_language(self, language: str) -> None: ...

    def action_change_passphrase(self) -> None: ...

    # -- keys (``key_scheduler``: the rule every screen follows) ----------------------

    def hold_keys(self) -> KeyHold: ...

    def hold_keys_behind(self, widget: Widget, then: Callable[[KeyHold], object]) -> None: ...

    # -- navigation (destinations reached by a key: ``navigation``) --------------------

    def open_case(self, case_id: int, hold: KeyHold | None = None, *,
                  draft: Draft | None = None) -> None: ...

    def go_back(self) -> None: ...

    def replace_screen(self, screen: Screen[Any]) -> None: ...

    def show_login(self, account: str = "") -> None: ...

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = True) -> None: ...
