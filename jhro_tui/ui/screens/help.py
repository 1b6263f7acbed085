"""Help: every key that works here and everywhere, read from the action registry."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from jhro_tui.i18n import _
from jhro_tui.ui.actions import Action
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroModal


class HelpScreen(JhroModal[None]):
    SCOPE = "help"

    def __init__(self, actions: list[Action], notes: list[tuple[str, str]] | None = None,
                 text: str = "") -> None:
        """``notes``: the screen's own (keys, what they do), listed first; ``text``: how
        the screen is used, beyond its keys."""
        super().__init__()
        self.actions = actions
        self.notes = notes or []
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(_("Keys"), id="help-title")
            with VerticalScroll(id="help-list"):
                if self.text:
                    yield Static(plain(self.text, multiline=True), id="help-notes")
                rows = [*self.notes, *((action.key_label, action.title)
                                       for action in self.actions)]
                for keys, what in rows:
                    with Vertical(classes="help-row"):
                        yield Label(plain(keys), classes="help-key")
                        yield Label(plain(what), classes="help-description")
            yield Label(_("Esc closes this help. Ctrl+P opens the same commands by name."),
                        id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
