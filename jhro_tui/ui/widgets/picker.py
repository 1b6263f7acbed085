"""Fields that pick entries from a list, narrowing it as the user types.

Used for closed lists (sex, priority), reference taxonomies (violation types, provinces),
which are a few hundred entries at most, and a case's own records: the filtering runs in
memory. The best match comes first (``match_rank``): what the user typed exactly, then
entries with a word starting with it, then entries merely containing it, so Enter never
takes "Female" for "male".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from jhro_tui.i18n import ngettext
from jhro_tui.services.reference import depth, match_rank
from jhro_tui.ui.safe import plain

MAX_SHOWN = 50
SUMMARY_SHOWN = 6
"""Chosen entries a multiple choice names when it does not have focus; the rest are counted."""


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    hint: str = ""
    """Shown after the label (a category, a province), and searched too."""
    keywords: tuple[str, ...] = ()
    """Searched but not shown: a code a user may type, the label in the other language."""
    group: str = ""
    """The entry of another field this one belongs to (a territory's province)."""


class ChoiceField(Vertical, can_focus=False):
    """An input over a list of ``choices`` that narrows as the user types."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(5)", show=False),
        Binding("pageup", "move(-5)", show=False),
    ]
    DEFAULT_CSS = """
    ChoiceField { height: auto; }
    ChoiceField > OptionList { height: auto; max-height: 6; display: none; border: none;
                               padding: 0; }
    ChoiceField.-open > OptionList { display: block; }
    /* The list never has focus (the input keeps it): show the choice Enter takes as if
       it had, where the blurred style barely differs from the background. */
    ChoiceField > OptionList > .option-list--option-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    def __init__(self, choices: Sequence[Choice], *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_choices = list(choices)
        self.group: str | None = None
        """When set, only the entries of that group are offered (``restrict``)."""
        self.placeholder = placeholder
        self._shown: list[Choice] = []
        self._moved = False
        """The user moved the highlight with the arrows since the list was last narrowed."""

    @property
    def choices(self) -> list[Choice]:
        """The entries on offer (those of ``group`` when it is set)."""
        if self.group is None:
            return self.all_choices
        return [choice for choice in self.all_choices if choice.group == self.group]

    def compose(self) -> ComposeResult:
        yield Input(value=self._shown_text(), placeholder=self.placeholder,
                    select_on_focus=True)
        options = OptionList()
        options.can_focus = False  # the list follows the input; Tab goes to the next field
        yield options

    def on_mount(self) -> None:
        self._filter("")

    # The list shows while the input has focus. Not with ``:focus-within`` in CSS: Textual
    # restyles, on a focus change, only the focused widget's ancestors that have such a
    # rule, and the list is the input's sibling, so it stayed hidden.
    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        self.add_class("-open")

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self.remove_class("-open")
        self.take_typed()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def typed(self) -> str:
        """What the user typed and has not turned into a choice yet ("" if nothing)."""
        text = self.input.value
        return "" if text == self._shown_text() else text.strip()

    def focus(self, scroll_visible: bool = True) -> ChoiceField:
        # Open at once: the focus message comes after the form's first paint, and the
        # form would be sent again with the list open (3 KB more at 80x24).
        if self.input.focusable:
            self.add_class("-open")
        self.input.focus(scroll_visible)
        return self

    def _shown_text(self) -> str:
        """What the input shows for the current choice."""
        raise NotImplementedError

    def _current(self) -> str | None:
        """The code the list opens on (a recorded choice)."""
        return None

    def _option_text(self, choice: Choice) -> str:
        return f"{choice.label}  · {choice.hint}" if choice.hint else choice.label

    def _filter(self, text: str) -> None:
        ranked = sorted(
            ((rank, depth(choice.group) if text.strip() else 0, position, choice)
             for position, choice in enumerate(self.choices)
             if (rank := match_rank(text, choice.label, hint=choice.hint,
                                    keywords=choice.keywords)) is not None),
            key=lambda hit: hit[:3])
        matches = [hit[3] for hit in ranked]
        codes = [choice.code for choice in matches]
        current = self._current()
        chosen = codes.index(current) if not text and current in codes else 0
        # A recorded choice is where the list opens (with its neighbours), even past the
        # first MAX_SHOWN; what is typed starts from the best match.
        start = 0 if chosen < MAX_SHOWN else chosen - MAX_SHOWN // 2
        self._shown = matches[start:start + MAX_SHOWN]
        self._moved = False
        self._refresh_options(chosen - start if self._shown else None)

    def _refresh_options(self, highlighted: int | None) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(plain(self._option_text(choice)))
                             for choice in self._shown])
        if highlighted is not None:
            options.highlighted = highlighted

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self._shown_text():
            return
        self._typed_changed()
        self._filter(event.value)

    def _typed_changed(self) -> None:
        """The user typed: a single choice is undone until one is taken again."""

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self._shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self._shown) - 1, current + step))
        self._moved = True

    def highlighted(self) -> Choice | None:
        """The entry Enter would take, if the user typed or moved to one."""
        index = self.query_one(OptionList).highlighted
        if not (self.typed or self._moved) or index is None or index >= len(self._shown):
            return None
        return self._shown[index]

    def take_typed(self) -> bool:
        """Take what the user typed or moved to, as Enter would; False when the typed text
        matches nothing (it is kept, for the form to say so)."""
        raise NotImplementedError

    def enter(self) -> bool:
        """Enter in the field: take what is typed or highlighted. True when the form may
        move on to the next field."""
        return self.take_typed()

    def restrict(self, group: str | None) -> None:
        """Offer only the entries of ``group`` (None: all of them)."""
        self.group = group
        self._filter(self.typed)

    @property
    def state(self) -> tuple[object, str]:
        """What the field holds, typed text included (for a form's unsaved changes)."""
        raise NotImplementedError


class Picker(ChoiceField):
    """Picks one entry (``value``: its code, or None)."""

    @dataclass
    class Changed(Message):
        picker: Picker
        code: str | None

    def __init__(self, choices: Sequence[Choice], *, value: str | None = None,
                 placeholder: str = "", id: str | None = None) -> None:
        super().__init__(choices, placeholder=placeholder, id=id)
        self._by_code = {choice.code: choice for choice in self.all_choices}
        self.value: str | None = value if value in self._by_code else None

    def _shown_text(self) -> str:
        chosen = self._by_code.get(self.value or "")
        return chosen.label if chosen else ""

    def _current(self) -> str | None:
        return self.value

    def _typed_changed(self) -> None:
        if self.value is not None:
            self.value = None
            self.post_message(self.Changed(self, None))

    def take_typed(self) -> bool:
        choice = self.highlighted()
        if choice is not None:
            self.set_value(choice.code)
            return True
        return not self.typed

    def restrict(self, group: str | None) -> None:
        chosen = self._by_code.get(self.value or "")
        if chosen is not None and group is not None and chosen.group != group:
            self.set_value(None)  # a territory of another province is no longer right
        super().restrict(group)

    def set_value(self, code: str | None) -> None:
        chosen = self._by_code.get(code or "")
        self.value = chosen.code if chosen else None
        with self.input.prevent(Input.Changed):
            self.input.value = chosen.label if chosen else ""
        self._filter("")
        self.post_message(self.Changed(self, self.value))

    @property
    def state(self) -> tuple[object, str]:
        return self.value, self.typed


class MultiPicker(ChoiceField):
    """Picks any number of entries (``values``: their codes, in the list's order).

    Enter adds the entry typed or highlighted, or removes it if it was chosen; Enter on an
    untouched field, or Tab, moves on. Out of focus, the input names what is chosen.
    """

    @dataclass
    class Changed(Message):
        picker: MultiPicker
        codes: tuple[str, ...]

    def __init__(self, choices: Sequence[Choice], *, values: Sequence[str] = (),
                 placeholder: str = "", id: str | None = None) -> None:
        super().__init__(choices, placeholder=placeholder, id=id)
        known = {choice.code for choice in self.all_choices}
        self._chosen = {code for code in values if code in known}

    @property
    def values(self) -> list[str]:
        return [choice.code for choice in self.all_choices if choice.code in self._chosen]

    def _shown_text(self) -> str:
        if self.input_has_focus:
            return ""
        labels = [choice.label for choice in self.all_choices if choice.code in self._chosen]
        if len(labels) <= SUMMARY_SHOWN:
            return ", ".join(labels)
        rest = len(labels) - SUMMARY_SHOWN
        return ", ".join(labels[:SUMMARY_SHOWN]) + " " + ngettext(
            "and {count} more", "and {count} more", rest).format(count=rest)

    @property
    def input_has_focus(self) -> bool:
        return self.is_mounted and self.input.has_focus

    def _option_text(self, choice: Choice) -> str:
        mark = "✓ " if choice.code in self._chosen else "  "
        return mark + super()._option_text(choice)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        super().on_descendant_focus(event)
        self._show_text("")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        super().on_descendant_blur(event)
        self._show_text(self._shown_text())

    def _show_text(self, text: str) -> None:
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self._filter("")

    def set_values(self, codes: Sequence[str]) -> None:
        known = {choice.code for choice in self.all_choices}
        self._chosen = {code for code in codes if code in known}
        self._show_text(self._shown_text())
        self.post_message(self.Changed(self, tuple(self.values)))

    def toggle(self, code: str) -> None:
        self._chosen.symmetric_difference_update({code})
        self.post_message(self.Changed(self, tuple(self.values)))

    def take_typed(self) -> bool:
        choice = self.highlighted()
        if choice is not None:
            if self.typed:
                self._chosen.add(choice.code)  # leaving with a name typed adds it
                self.post_message(self.Changed(self, tuple(self.values)))
            return True
        return not self.typed

    def enter(self) -> bool:
        choice = self.highlighted()
        if choice is None:
            return not self.typed  # nothing typed nor moved to: move on
        self.toggle(choice.code)
        index = self.query_one(OptionList).highlighted
        if self.typed:
            self._show_text("")  # ready for the next name
        else:
            self._refresh_options(index)
            self._moved = True
        return False

    @property
    def state(self) -> tuple[object, str]:
        return tuple(self.values), self.typed
