"""A file name typed with completion, over the names of a folder (there is no mouse, and
no file dialog over SSH).

The list under the input narrows as the user types, as any picker's does (Up, Down and
Enter take a name); Tab completes as a shell does: the longest prefix the matching names
share, the name itself when one is left, and, pressed again with several left, each of
them in turn.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from jhro_tui.ui.safe import safe_string
from jhro_tui.ui.widgets.picker import Choice, Picker


def _choices(names: Sequence[str]) -> list[Choice]:
    """A name as the input shows it: made safe (a partner's file may be named with an
    escape sequence); the name itself stays the choice's code."""
    return [Choice(name, safe_string(name)) for name in names]


class FileNamePicker(Picker):
    """Picks one of ``names`` (``value``: the name, or None)."""

    def __init__(self, names: Sequence[str], *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__(_choices(names), placeholder=placeholder, id=id)
        self._cycle: list[Choice] = []
        """The names Tab goes through when no longer prefix is shared."""

    def complete(self) -> bool:
        """Tab in the field: complete what is typed. False when there is nothing to
        complete (nothing typed, or a name already taken): Tab then moves on."""
        codes = [choice.code for choice in self._cycle]
        if self.value in codes:
            self._take(self._cycle[(codes.index(self.value) + 1) % len(codes)])
            return True
        typed = self.input.value if self.value is None else ""
        if not typed:
            return False
        # Names that begin with what is typed, else those the list shows (a word of the
        # name: "goma" finds "partner-goma.json").
        matches = ([choice for choice in self.all_choices if choice.label.startswith(typed)]
                   or [choice for choice in self.all_choices
                       if choice.label.lower().startswith(typed.lower())]
                   or list(self._shown))
        if not matches:
            return False  # the screen says so
        if len(matches) == 1:
            self._take(matches[0])
            return True
        shared = os.path.commonprefix([choice.label for choice in matches])
        if len(shared) > len(typed) and typed.lower() in shared.lower():
            self.input.value = shared
            self.input.cursor_position = len(shared)
            return True
        self._cycle = matches
        self._take(matches[0])
        return True

    def _take(self, choice: Choice) -> None:
        cycle = self._cycle
        self.set_value(choice.code)
        self.input.cursor_position = len(choice.label)
        if cycle:  # the list keeps to the names Tab goes through
            self._cycle = cycle
            self._shown = list(cycle)
            self._refresh_options(cycle.index(choice))

    def _typed_changed(self) -> None:
        self._cycle = []
        super()._typed_changed()

    def set_names(self, names: Sequence[str]) -> None:
        """The folder was read again: offer ``names``, keeping the name taken if it is
        still there."""
        kept = self.value if self.value in names else None
        self.all_choices = _choices(names)
        self._by_code = {choice.code: choice for choice in self.all_choices}
        self._cycle = []
        if kept is None:
            self.value = None
            self._filter(self.typed)  # what the user typed stays
        else:
            self.set_value(kept)
