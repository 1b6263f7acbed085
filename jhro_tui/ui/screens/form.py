"""Keyboard forms: labelled fields, ctrl+s to save through a service, Escape to leave.

A form's text lives only in these widgets: nothing is written anywhere until the service
saves it in the encrypted database. A refusal from the service is shown on the form
and focuses the field at fault; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.safe import plain, safe_string
from jhro_tui.ui.screens.base import JhroModal
from jhro_tui.ui.widgets.picker import Choice, Picker

if TYPE_CHECKING:
    from jhro_tui.ui.app import KeyHold

T = TypeVar("T")
SAVING_NOTICE_AFTER = 0.3
"""Seconds a save may take before the form says it is saving."""
Values = dict[str, str | None]
LABEL_CELLS = 18
"""The narrowest label column."""
FIELD_CELLS = 48
"""What a field keeps before its label column may grow to fit the longest label: at
80 columns a label of up to 22 cells reads on one line, a longer one wraps."""

for _action in (
    Action("form.save", "ctrl+s", "save", N_("form"), N_("Save"), scope="form"),
    Action("form.cancel", "escape", "cancel", N_("form"), N_("Cancel"), scope="form"),
    Action("confirm.yes", "y", "answer(True)", N_("confirm"), N_("Yes"), scope="confirm"),
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
    """text, area (several lines), choice (a picker), password."""
    value: str | None = ""
    choices: Sequence[Choice] = ()
    placeholder: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    """Names a service may use for this field in a ``ValidationError``."""


class ConfirmScreen(JhroModal[bool]):
    """A yes/no question."""

    SCOPE = "confirm"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question, multiline=True))
            yield Label(plain(_("y: yes   n: no")), classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class FormScreen(JhroModal[T], Generic[T]):
    """A dialog that collects ``fields`` and hands them to ``submit``."""

    SCOPE = "form"

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
        self._initial: Values = {}
        self._saving = False

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
            yield Label(plain(_("Enter: choose   Esc: cancel") if self.choose_with_enter
                              else _("ctrl+s: save   Esc: cancel")), classes="hint")

    def _widget(self, spec: FormField) -> Widget:
        widget_id = f"field-{spec.key}"
        if spec.kind == "area":
            area = TextArea(safe_string(spec.value or "", multiline=True), id=widget_id,
                            soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
            return area
        if spec.kind == "choice":
            return Picker(spec.choices, value=spec.value, placeholder=spec.placeholder,
                          id=widget_id)
        return Input(value=safe_string(spec.value or ""), placeholder=spec.placeholder,
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
        self._initial = self.values()
        first = self.fields[0] if self.fields else None
        if first is not None:
            self.focus_field(first.key)

    def focus_field(self, key: str) -> None:
        for spec in self.fields:
            if key == spec.key or key in spec.aliases:
                widget = self.query_one(f"#field-{spec.key}")
                widget.focus()
                widget.scroll_visible()
                return

    def values(self) -> Values:
        result: Values = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.key}")
            if isinstance(widget, TextArea):
                result[spec.key] = widget.text
            elif isinstance(widget, Picker | Input):
                result[spec.key] = widget.value
        return result

    @property
    def is_dirty(self) -> bool:
        return self.values() != self._initial

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if self.choose_with_enter:
            self.action_save()
        else:
            self.focus_next()

    @on(Picker.Changed)
    def _chosen(self, event: Picker.Changed) -> None:
        if self.choose_with_enter and event.code is not None:
            self.action_save()

    def action_save(self) -> None:
        for spec in self.fields:
            picker = self.query_one(f"#field-{spec.key}")
            if isinstance(picker, Picker) and not picker.take_typed():
                self._show(_("“{text}” is not in the list: choose one from it.").format(
                    text=picker.input.value.strip()), alarm=True)
                picker.focus()
                picker.input.select_all()  # what is typed next replaces it
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
                self._show(exc.message(), alarm=True)
                self.focus_field(exc.field)
            except JhroError as exc:
                self._saving = False
                self._show(exc.message(), alarm=True)
            else:
                self._initial = values
                self.dismiss(result)
            finally:
                still_saving.stop()

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
    value = values.get(key)
    return (value or "").strip()


