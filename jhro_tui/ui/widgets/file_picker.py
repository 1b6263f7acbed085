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

from jhro_tui.ui.widgets.picker import Choice, Picker


class FileNamePicker(Picker):
    """Picks one of ``names`` (``value``: the name, or None)."""

    def __init__(self, names: Sequence[str], *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__([Choice(name, name) for name in names], placeholder=placeholder,
                         id=id)
        self.names = list(names)
        self._cycle: list[str] = []
        """The names Tab goes through when no longer prefix is shared."""

    def complete(self) -> bool:
        """Tab in the field: complete what is typed. False when there is nothing to
        complete (nothing typed, or a name already taken): Tab then moves on."""
        if self._cycle and self.value in self._cycle:
            at = (self._cycle.index(self.value) + 1) % len(self._cycle)
            self._take(self._cycle[at])
            return True
        typed = self.input.value if self.value is None else ""
        if not typed:
            return False
        # Names that begin with what is typed, else those the list shows (a word of the
        # name: "goma" finds "partner-goma.json").
        matches = ([name for name in self.names if name.startswith(typed)]
                   or [name for name in self.names if name.lower().startswith(typed.lower())]
                   or [choice.code for choice in self._shown])
        if not matches:
            return False  # the screen says so
        if len(matches) == 1:
            self._take(matches[0])
            return True
        shared = os.path.commonprefix(matches)
        if len(shared) > len(typed) and typed.lower() in shared.lower():
            self.input.value = shared
            self.input.cursor_position = len(shared)
            return True
        self._cycle = matches
        self._take(matches[0])
        return True

    def _take(self, name: str) -> None:
        cycle = self._cycle
        self.set_value(name)
        self.input.cursor_position = len(name)
        if cycle:  # the list keeps to the names Tab goes through
            self._cycle = cycle
            self._shown = [Choice(each, each) for each in cycle]
            self._refresh_options(cycle.index(name))

    def _typed_changed(self) -> None:
        self._cycle = []
        super()._typed_changed()

    def set_names(self, names: Sequence[str]) -> None:
        """The folder was read again: offer ``names``, keeping the name taken if it is
        still there."""
        kept = self.value if self.value in names else None
        self.names = list(names)
        self.all_choices = [Choice(name, name) for name in names]
        self._by_code = {choice.code: choice for choice in self.all_choices}
        self._cycle = []
        if kept is None:
            self.value = None
            self._filter(self.typed)  # what the user typed stays
        else:
            self.set_value(kept)
