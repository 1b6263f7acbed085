"""A field that picks one entry from a list, narrowing it as the user types.

Used for closed lists (sex, priority) and for reference taxonomies (violation types,
provinces), which are a few hundred entries at most: the filtering runs in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from jhro_tui.services.reference import fold
from jhro_tui.ui.safe import plain

MAX_SHOWN = 50


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    hint: str = ""
    """Shown after the label (a category, a province), and searched too."""
    keywords: str = ""
    """Searched but not shown: the label in the other language, synonyms."""


class Picker(Vertical, can_focus=False):
    """An input that filters ``choices``; Enter or a move in the list chooses one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]
    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker > OptionList { height: auto; max-height: 6; display: none; border: none;
                          padding: 0; }
    Picker.-open > OptionList { display: block; }
    /* The list never has focus (the input keeps it): show the choice Enter takes as if
       it had, where the blurred style barely differs from the background. */
    Picker > OptionList > .option-list--option-highlighted {
        color: $block-cursor-foreground; background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    @dataclass
    class Changed(Message):
        picker: Picker
        code: str | None

    def __init__(self, choices: Sequence[Choice], *, value: str | None = None,
                 placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self._by_code = {choice.code: choice for choice in self.choices}
        self.value: str | None = value if value in self._by_code else None
        self.placeholder = placeholder
        self._shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        chosen = self._by_code.get(self.value or "")
        yield Input(value=chosen.label if chosen else "", placeholder=self.placeholder,
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

    def take_typed(self) -> bool:
        """Leaving the field takes the choice its typed text highlights, as Enter would:
        "hig" then Tab is High, not the field left empty. False when the text matches
        nothing (it is kept, for the form to say so)."""
        if self.value is not None or not self.input.value.strip():
            return True
        self._choose_highlighted()
        return self.value is not None

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def focus(self, scroll_visible: bool = True) -> Picker:
        self.input.focus(scroll_visible)
        return self

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        matches = [choice for choice in self.choices
                   if all(word in fold(" ".join((choice.label, choice.hint, choice.code,
                                                 choice.keywords)))
                          for word in words)]
        codes = [choice.code for choice in matches]
        chosen = codes.index(self.value) if self.value in codes else 0
        # A recorded choice is where the list opens (with its neighbours), even past the
        # first MAX_SHOWN; what is typed starts from the top.
        start = 0 if chosen < MAX_SHOWN else chosen - MAX_SHOWN // 2
        self._shown = matches[start:start + MAX_SHOWN]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([
            Option(plain(f"{choice.label}  · {choice.hint}" if choice.hint else choice.label))
            for choice in self._shown])
        if self._shown:
            options.highlighted = chosen - start

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        chosen = self._by_code.get(self.value or "")
        if chosen is not None and event.value == chosen.label:
            return
        self.value = None
        self._filter(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self.value is None:
            event.stop()
            self._choose_highlighted()
            self.screen.focus_next()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self._shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self._shown) - 1, current + step))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index >= len(self._shown):
            return
        self.set_value(self._shown[index].code)

    def set_value(self, code: str | None) -> None:
        chosen = self._by_code.get(code or "")
        self.value = chosen.code if chosen else None
        with self.input.prevent(Input.Changed):
            self.input.value = chosen.label if chosen else ""
        self.post_message(self.Changed(self, self.value))

    @property
    def is_dirty(self) -> bool:
        return self.value is not None
