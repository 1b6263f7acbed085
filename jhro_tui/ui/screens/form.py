"""Keyboard forms: labelled fields, ctrl+s to save through a service, Escape to leave.

A form's text lives only in these widgets: nothing is written anywhere until the service
saves it in the encrypted database. A refusal from the service is shown on the form
and focuses the field at fault; nothing is saved.

A field edits the stored value itself: control, bidi and invisible characters stay in it
and are only shown as visible marks (``FieldInput``, ``FieldArea``), so that saving a
form does not rewrite what it did not change. A field left as it opened hands the
service the stored value byte for byte (``Values.untouched``), whatever its widget did
to it (a text area joins its lines with one kind of line end).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from jhro_tui.errors import DiskFull, JhroError, ValidationError, shorten
from jhro_tui.i18n import N_, _, format_number
from jhro_tui.text import reveal
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroModal
from jhro_tui.ui.widgets.picker import Choice, ChoiceField, MultiPicker, Picker

if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold

T = TypeVar("T")
SAVING_NOTICE_AFTER = 0.3
"""Seconds a save may take before the form says it is saving."""
Fields = dict[str, str | None]
"""Field values by key, as a draft keeps them."""


class Values(dict[str, str | None]):
    """What a form holds, by field key: text, a picker's code (None: none), or the codes of
    a multiple choice one per line (``codes``)."""

    def __init__(self, values: Mapping[str, str | None] | None = None,
                 untouched: Iterable[str] = ()) -> None:
        super().__init__(values or {})
        self.untouched = frozenset(untouched)
        """Text fields still as the form opened them: each holds the stored value itself,
        to be passed on as it is (not trimmed), so that the service sees it unchanged."""


LABEL_CELLS = 18
"""The narrowest label column."""
FIELD_CELLS = 48
"""What a field keeps before its label column may grow to fit the longest label: at
80 columns a label of up to 22 cells reads on one line, a longer one wraps."""

for _action in (
    Action("form.save", "ctrl+s", "save", N_("form"), N_("Save"), scope="form"),
    Action("form.cancel", "escape", "cancel", N_("form"), N_("Cancel"), scope="form"),
    # Priority, as Tab is (``base._screen_bindings``): focus moves before the keys typed
    # after Enter are delivered, so a fast typist's next words land in the next field.
    Action("form.next", "enter", "advance", N_("form"),
           N_("Next field; in a list, take the entry"), scope="form", show=False,
           priority=True),
    Action("confirm.yes", "y,o", "answer(True)", N_("confirm"), N_("Yes"), scope="confirm",
           key_display="y/o"),
    Action("confirm.no", "n,escape", "answer(False)", N_("confirm"), N_("No"),
           scope="confirm"),
):
    register(_action)


@dataclass(frozen=True)
class FormField:
    """One field of a form."""

    key: str
    label: str
    kind: str = "text"
    """text, area (several lines), choice (a picker), choices (any number of entries, the
    value their codes one per line), password."""
    value: str | None = ""
    choices: Sequence[Choice] = ()
    placeholder: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    """Names a service may use for this field in a ``ValidationError``."""
    within: str = ""
    """The key of a choice field whose entry narrows this one's (a territory's province)."""


class FieldInput(Input):
    """A one-line field that holds its text as stored and shows it safely (one visible mark
    for each control or invisible character); text pasted over several lines is joined
    into one, and said so, rather than cut after its first line."""

    # Input paints ``_value`` and places its cursor by ``_position_to_cell``: the two places
    # that read the text for the screen, so the only ones to show it revealed.
    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        return Text(reveal(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        if self.password:
            return super()._position_to_cell(position)
        return cell_len(reveal(self.value[:position]))

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return  # Input's own handler takes it
        event.prevent_default()
        event.stop()
        text = " ".join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        self.notify(_("The {count} pasted lines were joined into one: this field holds one "
                      "line.").format(count=format_number(len(lines))),
                    severity="warning", markup=False)


class FieldArea(TextArea):
    """A text area that holds its text as stored and shows each line safely.

    It measures lines as stored, where an ESC takes no cell and its mark one: a line with
    control characters in it may wrap a cell or two late, never show one."""

    def get_line(self, line_index: int) -> Text:
        return Text(reveal(self.document.get_line(line_index), keep_tabs=True), end="",
                    no_wrap=True)


class ConfirmScreen(JhroModal[bool]):
    """A yes/no question."""

    SCOPE = "confirm"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        self.asks_to_quit = False
        """The question is ctrl+q's: a second ctrl+q does not ask it again."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question, multiline=True))
            yield Label(plain(_("y: yes   n: no")), classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def confirm_then(app: App[object], question: str, act: Callable[[], object]) -> None:
    """Ask ``question``; ``act()`` on yes, nothing on no or Escape."""

    def answered(yes: bool | None) -> None:
        if yes:
            act()

    app.push_screen(ConfirmScreen(question), answered)


class FormScreen(JhroModal[T], Generic[T]):
    """A dialog that collects ``fields`` and hands them to ``submit``."""

    SCOPE = "form"
    HELP_NOTES = N_("Tab or Enter goes to the next field, shift+Tab back. In a list, type a "
                    "few letters to narrow it, ↑ ↓ to move, Enter or Tab to take the entry. "
                    "In a multiple choice, Enter adds the entry or takes it out; Tab leaves "
                    "the field. Dates: YYYY-MM-DD.")

    def __init__(self, title: str, fields: Sequence[FormField],
                 submit: Callable[[Values], Awaitable[T]], *, intro: str = "",
                 choose_with_enter: bool = False) -> None:
        """``choose_with_enter``: a form that only chooses (one picker) goes on as soon as
        Enter takes a choice, rather than waiting for ctrl+s."""
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.submit = submit
        self.intro = intro
        self.choose_with_enter = choose_with_enter
        self.draft_key: str | None = None
        """Which form this is, for a draft kept when the session locks or ends (None: its
        text is not kept)."""
        self.prefill: Mapping[str, str | None] = {}
        """A draft's values, put in the fields once they are up."""
        self._initial: list[object] = []
        self._opened_with: Fields = {}
        """What each field's widget held when the form opened (before any draft)."""
        self._saving = False

    def then(self, after: Callable[[T], Awaitable[T]]) -> None:
        """Run ``after`` on what ``submit`` returned, still before the form closes (the
        case file reads the case back, so the form comes down on it as saved)."""
        submit = self.submit

        async def submit_then(values: Values) -> T:
            return await after(await submit(values))

        self.submit = submit_then

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(plain(self.title_text), classes="panel-title")
            if self.intro:
                yield Static(plain(self.intro, multiline=True), classes="hint")
            with VerticalScroll(classes="form-fields"):
                for spec in self.fields:
                    with Horizontal(classes=f"form-row form-row-{spec.kind}"):
                        yield Label(plain(spec.label), classes="field-label")
                        yield self._widget(spec)
            yield Static("", id="form-message")
            yield Label(plain(self.keys_hint()), classes="hint")

    def keys_hint(self) -> str:
        """The line under the form saying how to send it and how to leave."""
        return (_("Enter: choose   Esc: cancel") if self.choose_with_enter
                else _("ctrl+s: save   Esc: cancel"))

    def _widget(self, spec: FormField) -> Widget:
        widget_id = f"field-{spec.key}"
        if spec.kind == "area":
            return FieldArea(spec.value or "", id=widget_id, soft_wrap=True,
                             tab_behavior="focus", show_line_numbers=False)
        if spec.kind == "choice":
            return Picker(spec.choices, value=spec.value, placeholder=spec.placeholder,
                          id=widget_id)
        if spec.kind == "choices":
            return MultiPicker(spec.choices, values=(spec.value or "").split(),
                               placeholder=spec.placeholder or _(
                                   "type, Enter adds or removes"), id=widget_id)
        return FieldInput(value=spec.value or "", placeholder=spec.placeholder,
                          password=spec.kind == "password", id=widget_id)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_labels(event.size)

    def _fit_labels(self, screen: Size) -> None:
        """The label column as wide as the longest label, as long as each field keeps
        ``FIELD_CELLS``: at 200 columns every label reads on one line, at 80 the fields
        keep their room and only the longest labels wrap. Set before the form is laid
        out."""
        dialog = self.query_one(".dialog.form").styles
        width = Fraction(screen.width)
        for limit in (dialog.width, dialog.max_width):
            if limit is not None:
                width = min(width, limit.resolve(screen, screen))
        scrollbar = self.query_one(".form-fields").styles.scrollbar_size_vertical
        most = int(width) - dialog.gutter.width - scrollbar - FIELD_CELLS
        # As wide as the longest label that fits; a longer one wraps in any case.
        cells = max([LABEL_CELLS, *(cell_len(spec.label) + 1 for spec in self.fields
                                    if cell_len(spec.label) < most)])
        for label in self.query(".form-row > .field-label"):
            label.styles.width = cells

    def on_mount(self) -> None:
        # Before the first paint, not on the resize that follows it: the form would be
        # sent twice, once with the labels at their first width.
        self._fit_labels(self.app.size)
        for spec in self.fields:
            if spec.within:
                self._narrow(spec, self._picker(spec.within).value)
        self._opened_with = self._read_fields()
        self._initial = self._state()
        self._fill(self.prefill)  # a draft is unsaved text: leaving it asks first
        first = self.fields[0] if self.fields else None
        if first is not None:
            self.focus_field(first.key)

    def _fill(self, values: Mapping[str, str | None]) -> None:
        for spec in self.fields:
            if spec.key not in values or spec.kind == "password":
                continue
            value = values[spec.key]
            widget = self.query_one(f"#field-{spec.key}")
            if isinstance(widget, TextArea):
                widget.load_text(value or "")
            elif isinstance(widget, MultiPicker):
                widget.set_values((value or "").split())
            elif isinstance(widget, Picker):
                widget.set_value(value)
            elif isinstance(widget, Input):
                widget.value = value or ""

    def draft(self) -> Fields:
        """What a draft keeps of this form: every field but passphrases."""
        secret = {spec.key for spec in self.fields if spec.kind == "password"}
        return {key: value for key, value in self.values().items() if key not in secret}

    def _picker(self, key: str) -> Picker:
        return self.query_one(f"#field-{key}", Picker)

    def _narrow(self, spec: FormField, group: str | None) -> None:
        self.query_one(f"#field-{spec.key}", ChoiceField).restrict(group)

    def focus_field(self, key: str) -> None:
        for spec in self.fields:
            if key == spec.key or key in spec.aliases:
                widget = self.query_one(f"#field-{spec.key}")
                widget.focus()
                widget.scroll_visible()
                return

    def values(self) -> Values:
        """What the fields hold; a text field left as it opened holds the stored value."""
        held = self._read_fields()
        untouched = [spec.key for spec in self.fields
                     if spec.kind in ("text", "area") and spec.key in self._opened_with
                     and held[spec.key] == self._opened_with[spec.key]]
        held.update((spec.key, spec.value) for spec in self.fields if spec.key in untouched)
        return Values(held, untouched)

    def _read_fields(self) -> Fields:
        result: Fields = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.key}")
            if isinstance(widget, TextArea):
                result[spec.key] = widget.text
            elif isinstance(widget, MultiPicker):
                result[spec.key] = "\n".join(widget.values)
            elif isinstance(widget, Picker | Input):
                result[spec.key] = widget.value
        return result

    def _state(self) -> list[object]:
        """Every field's content, text typed in a list included."""
        return [widget.state if isinstance(widget, ChoiceField) else value
                for (_key, value), widget in zip(
                    self._read_fields().items(),
                    (self.query_one(f"#field-{spec.key}") for spec in self.fields),
                    strict=True)]

    @property
    def is_dirty(self) -> bool:
        return self._state() != self._initial

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            # In a text area Enter is a new line.
            return isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_advance(self) -> None:
        """Enter: take what a list field holds, then go on to the next field (or, in a
        form that only chooses, go on with the choice)."""
        choice_field = self._choice_field_focused()
        if choice_field is not None and not choice_field.enter():
            if choice_field.typed and choice_field.highlighted() is None:
                self._not_in_list(choice_field)
            return
        if self.choose_with_enter:
            self.action_save()
        else:
            self.focus_next()

    def _choice_field_focused(self) -> ChoiceField | None:
        focused = self.focused
        parent = focused.parent if focused is not None else None
        return parent if isinstance(parent, ChoiceField) else None

    def on_picker_changed(self, event: Picker.Changed) -> None:
        for spec in self.fields:
            if spec.within and event.picker.id == f"field-{spec.within}":
                self._narrow(spec, event.code)

    def _not_in_list(self, choice_field: ChoiceField) -> None:
        self._show(_("“{text}” is not in the list: choose one from it.").format(
            text=shorten(choice_field.typed)), alarm=True)
        choice_field.focus()
        choice_field.input.select_all()  # what is typed next replaces it

    def action_save(self) -> None:
        for choice_field in self.query(ChoiceField):
            if not choice_field.take_typed():
                self._not_in_list(choice_field)
                return
        if not self._saving:
            self._saving = True
            # Most saves finish within a frame or two: saying so would only cost a layout.
            still_saving = self.set_timer(SAVING_NOTICE_AFTER, lambda: self._show(_("Saving…")))
            # Keys typed while it saves are for the screen below once the form closes (or
            # for the form again, if the save is refused), not for fields about to go.
            self._save(self.values(), still_saving, self.jhro.hold_keys())

    @work(exclusive=True, group="form", exit_on_error=False)
    async def _save(self, values: Values, still_saving: Timer, hold: KeyHold) -> None:
        with hold:
            try:
                result = await self.submit(values)
            except ValidationError as exc:
                self._saving = False
                self._forget_passphrases()
                self._show(exc.message(), alarm=True)
                self.focus_field(exc.field)
            except DiskFull:
                self._saving = False
                self._forget_passphrases()
                self._show(_("The disk is full: nothing was saved; your text is still in "
                             "the form."), alarm=True)
            except JhroError as exc:
                self._saving = False
                self._forget_passphrases()
                self._show(exc.message(), alarm=True)
            except Exception:
                # The app's handler records it and says so; the form stays as it was.
                self._saving = False
                self._forget_passphrases()
                self._show(_("Nothing was saved; your text is still in the form."),
                           alarm=True)
                raise
            else:
                self._forget_passphrases()
                self._initial = self._state()
                self.dismiss(result)
            finally:
                still_saving.stop()

    def _forget_passphrases(self) -> None:
        """A form keeps no passphrase once sent: refused, each is typed again, as on the
        first run."""
        for spec in self.fields:
            if spec.kind == "password":
                self.query_one(f"#field-{spec.key}", Input).value = ""

    def _show(self, text: str, alarm: bool = False) -> None:
        message = self.query_one("#form-message", Static)
        message.update(plain(text, multiline=True))
        message.set_class(alarm, "alarm")

    def action_cancel(self) -> None:
        if not self.is_dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(_("Leave without saving? Your changes will be "
                                             "lost.")), answered)


def text_or_none(values: Values, key: str) -> str:
    """A text field's value, trimmed if it was typed (a stored one stays as stored)."""
    value = values.get(key) or ""
    return value if key in values.untouched else value.strip()


def codes(values: Values, key: str) -> list[str]:
    """The codes chosen in a multiple-choice field."""
    return (values.get(key) or "").split()


