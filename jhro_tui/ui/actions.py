"""The one registry of actions: footer, help screen and command palette all read it.

Each action has an id, a key (or keys), a namespace and a description. Descriptions are
translated when bindings are built, per screen instance, so a change of language
relabels the footer of every screen created afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap

from jhro_tui.i18n import N_, _

GLOBAL = "global"


@dataclass(frozen=True)
class Action:
    """One thing a user can do, wherever it applies."""

    id: str
    """Stable identifier (``session.lock``), also the Textual binding id for keymaps."""
    keys: str
    """Textual key names, comma-separated."""
    action: str
    """The Textual action run on the scope's node (the App for global actions)."""
    namespace: str
    description: str
    scope: str = GLOBAL
    """Where it applies: ``global`` or a screen's ``SCOPE``."""
    show: bool = True
    """Shown in the footer (every action is in help and the palette regardless)."""
    priority: bool = False
    key_display: str | None = None
    footer: str | None = None
    """A shorter description for the key bar, where room is short (help and the palette
    show ``description``)."""

    @property
    def title(self) -> str:
        """The palette title, namespaced: ``session: Lock``."""
        return f"{_(self.namespace)}: {_(self.description)}"

    @property
    def key_label(self) -> str:
        return self.key_display or ", ".join(display_key(key) for key in self.keys.split(","))


KEY_NAMES = {"question_mark": "?", "escape": N_("Esc"), "enter": N_("Enter"), "tab": "Tab",
             "slash": "/", "space": N_("Space"), "delete": N_("Del"), "pageup": N_("PgUp"),
             "pagedown": N_("PgDn"), "home": "Home", "end": N_("End"), "up": "↑",
             "down": "↓"}


def display_key(key: str) -> str:
    key = key.strip()
    if key in KEY_NAMES:
        return _(KEY_NAMES[key])
    if key.startswith("ctrl+"):
        return "^" + display_key(key[5:]).upper()
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key


ACTIONS: list[Action] = [
    # Global: available on every screen once logged in (and help/quit before).
    Action("app.help", "f1,question_mark", "help", N_("app"), N_("Help")),
    Action("app.palette", "ctrl+p", "command_palette", N_("app"), N_("Commands"),
           priority=True, show=False),
    Action("app.quit", "ctrl+q", "quit", N_("app"), N_("Quit"), priority=True),
    Action("session.lock", "ctrl+l", "lock", N_("session"), N_("Lock"), priority=True),
    Action("go.home", "ctrl+g", "go_home", N_("go"), N_("Home"), show=False),
    # The screens reached from anywhere (F3, F7) are declared by their modules
    # (``navigation.declare``), placed here.
    Action("case.new", "ctrl+n", "new_case", N_("case"), N_("New")),
    Action("session.passphrase", "f9", "change_passphrase", N_("session"),
           N_("Change my passphrase…"), show=False),
    # The same key as on the login screen, which has its own binding for it.
    Action("session.language", "f2", "switch_language", N_("session"),
           N_("Language: Français / English"), show=False),
    # Login screen.
    Action("login.submit", "enter", "submit", N_("login"), N_("Log in"), scope="login",
           show=False, priority=True),
    Action("login.language", "f2", "switch_language", N_("login"), N_("Français / English"),
           scope="login"),
    # First-run wizard.
    Action("wizard.create", "ctrl+s", "create", N_("setup"), N_("Create the database"),
           scope="wizard"),
    Action("wizard.language", "f2", "switch_language", N_("setup"), N_("Français / English"),
           scope="wizard"),
    # Priority, as on the login screen: the next field has focus before the keys typed
    # after Enter are delivered.
    Action("wizard.next", "enter", "advance", N_("setup"), N_("Next field"), scope="wizard",
           show=False, priority=True),
    # Lock screen.
    Action("lock.unlock", "enter", "unlock", N_("session"), N_("Unlock"), scope="lock",
           show=False, priority=True),
    # Help screen.
    Action("help.close", "escape", "close", N_("help"), N_("Close"), scope="help"),
]

SESSION_ACTIONS = {"session.lock", "go.home", "case.new", "session.passphrase",
                   "session.language"}
"""The global actions that make sense only in a session (destinations add theirs)."""


def actions_for(scope: str, *, with_session: bool = True) -> list[Action]:
    """The actions that apply on a screen of ``scope``: its own, then the global ones."""
    own = [action for action in ACTIONS if action.scope == scope]
    shared = [action for action in ACTIONS if action.scope == GLOBAL
              and (with_session or action.id not in SESSION_ACTIONS)]
    return own + shared


def bindings_map(base: BindingsMap, actions: Iterable[Action]) -> BindingsMap:
    """``base`` (Textual's own bindings for the node) plus ``actions``, translated now."""
    bindings = base.copy()
    bindings.key_to_bindings = {key: list(value) for key, value in base.key_to_bindings.items()}
    for action in actions:
        for key in action.keys.split(","):
            # The registry's binding replaces any default on the same key (^Q, Enter…).
            bindings.key_to_bindings.pop(key.strip(), None)
        for key in action.keys.split(","):
            bindings._add_binding(Binding(
                key.strip(), action.action, _(action.footer or action.description),
                show=action.show, key_display=action.key_display, priority=action.priority,
                id=action.id))
    return bindings


def register(action: Action, *, before: str | None = None) -> None:
    """Add an action (screens of later features register theirs at import): last, or
    before the action ``before`` (the order of the footer, the help and the palette)."""
    if any(existing.id == action.id for existing in ACTIONS):
        raise ValueError(f"duplicate action id {action.id}")
    if before is None:
        ACTIONS.append(action)
    else:
        ACTIONS.insert(next(index for index, existing in enumerate(ACTIONS)
                            if existing.id == before), action)
