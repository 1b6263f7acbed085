"""The Import screen: cases from a file of the account's exchange folder (issue 21).

The file is named with completion (``FileNamePicker``); a supervisor may name the officer
who will hold the cases; an encrypted bundle asks its passphrase on the screen, which is
never shown and forgotten after the attempt. While the rows are written a progress bar
follows them. Then one list shows what came of it: the new cases (Enter opens one) and the
duplicates left out, or every problem of the file, one a line, with the whole of the
problem under the cursor below the list. A file may have thousands of problems: the list
paints only the lines on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, ProgressBar, Static

from jhro_tui.errors import AuthenticationFailed, JhroError
from jhro_tui.i18n import N_, _, format_number, ngettext
from jhro_tui.services import cases
from jhro_tui.services.exchange import importing
from jhro_tui.services.exchange.document import ImportRefused, Problem
from jhro_tui.services.session import Session
from jhro_tui.services.views import AccountChoice
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.widgets.file_picker import FileNamePicker
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.picker import Choice, Picker
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

for _action in (
    Action("import.start", "ctrl+s", "start", N_("import"), N_("Import the file"),
           scope="import", footer=N_("Import")),
    Action("import.reload", "f5", "reload", N_("import"),
           N_("Read the exchange folder again"), scope="import", footer=N_("Reload")),
    Action("import.back", "escape", "back", N_("go"), N_("Back"), scope="import"),
):
    register(_action)

PAGE = 100


@dataclass(frozen=True)
class ImportStart:
    """What the screen offers as it opens."""

    folder: str
    files: tuple[str, ...]
    officers: tuple[AccountChoice, ...]
    """A supervisor's: who may hold the cases (none for an officer, who holds them)."""


def import_start(session: Session) -> ImportStart:
    """The exchange folder and its files, and for a supervisor the office's officers."""
    officers = (cases.reassign_candidates(session) if session.user.role == "supervisor"
                else ())
    return ImportStart(str(cases.exchange_folder(session)),
                       tuple(importing.exchange_files(session)), officers)


class _PassphraseNeeded(Exception):
    """The file is an encrypted bundle and no passphrase was typed yet."""


def problem_columns() -> list[Column]:
    return [Column(_("Line"), 7, align="right"), Column(_("Row"), 14, least=8, gives_way=1),
            Column(_("Field"), 14, least=8, gives_way=2), Column(_("Problem"), least=24)]


def result_columns(references: Sequence[str] = ()) -> list[Column]:
    """As wide as the longest reference (a partner's may be long), up to a point."""
    widest = max((len(reference) for reference in references), default=0)
    return [Column(_("Reference"), min(max(widest, 15), 32)), Column(_("Result"), least=24)]


def problem_row(index: int, problem: Problem) -> VirtualRow:
    return VirtualRow(index, (str(problem.line or ""), problem.where, problem.field,
                              problem.message))


class ImportScreen(JhroScreen):
    """Import cases from a file of the exchange folder (officers and supervisors)."""

    SCOPE = "import"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#import-file Input"
    DEFAULT_CSS = """
    ImportScreen .form-row { height: auto; padding: 0 1; }
    ImportScreen .field-label { width: 14; }
    ImportScreen .form-row Input, ImportScreen .form-row ChoiceField { width: 1fr; }
    #import-passphrase-row { display: none; }
    #import-passphrase-row.-needed { display: block; }
    #import-status { height: auto; padding: 0 1; }
    #import-progress { display: none; padding: 0 1; }
    #import-progress.-running { display: block; }
    #import-detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    #import-results, #import-results-header { display: none; margin: 0 1; }
    #import-results.-shown, #import-results-header.-shown { display: block; }
    """

    def __init__(self, start: ImportStart) -> None:
        super().__init__()
        # Tab completes in the file field: the screens' Tab, a priority binding (so that
        # typed-ahead keys land in the next field), would move on first.
        self._bindings.key_to_bindings["tab"] = [Binding(
            "tab", "complete_or_next", show=False, priority=True, system=True)]
        self.start = start
        self.running = False
        self.problems: tuple[Problem, ...] = ()
        self.rows: list[VirtualRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="bar"):
            yield Label(plain(_("Import cases from a file")), id="import-title")
            yield Static("", id="import-folder")
        with Horizontal(classes="form-row"):
            yield Label(plain(_("File")), classes="field-label")
            yield FileNamePicker(self.start.files, id="import-file",
                                 placeholder=_("a name: Tab completes it"))
        if self.start.officers:
            with Horizontal(classes="form-row"):
                yield Label(plain(_("Held by")), classes="field-label")
                yield Picker([Choice(officer.name, officer.full_name or officer.name,
                                     officer.name) for officer in self.start.officers],
                             id="import-officer", placeholder=_("yourself, until assigned"))
        with Horizontal(classes="form-row", id="import-passphrase-row"):
            yield Label(plain(_("Passphrase")), classes="field-label")
            yield Input(password=True, id="import-passphrase",
                        placeholder=_("the bundle's passphrase"))
        yield Static("", id="import-status")
        yield ProgressBar(total=1, show_eta=False, id="import-progress")
        table = VirtualTable(result_columns(), self._page, page_size=PAGE,
                             id="import-results")
        yield ColumnHeader(table, id="import-results-header")
        yield table
        yield Static("", id="import-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_folder()
        table = self.query_one("#import-results", VirtualTable)
        self.watch(table, "cursor", self._show_detail, init=False)

    def route(self) -> Route:
        start = self.start
        return lambda: ImportScreen(start)

    def help_notes(self) -> list[tuple[str, str]]:
        return [("Tab", _("file: complete the name; again: the next that fits")),
                ("↑ ↓ Enter", _("file: pick a name; Enter again imports it")),
                ("Enter", _("on an imported case: open it"))]

    # -- the form -----------------------------------------------------------------

    def _show_folder(self) -> None:
        files = len(self.start.files)
        text = ngettext("Your exchange folder {folder} holds {count} file: a JSON or CSV "
                        "file, or an encrypted bundle, put there with sftp.",
                        "Your exchange folder {folder} holds {count} files: a JSON or CSV "
                        "file, or an encrypted bundle, put there with sftp.", files)
        self.query_one("#import-folder", Static).update(plain(text.format(
            folder=self.start.folder, count=format_number(files))))

    @property
    def file_field(self) -> FileNamePicker:
        return self.query_one("#import-file", FileNamePicker)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "reload") and self.running:
            return None  # shown, greyed: the import is under way
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "import-passphrase":
            self.action_start()
            return
        field = self.file_field
        if event.input.parent is field:
            # Enter takes the name typed or moved to; on the name taken, it imports.
            choice = field.highlighted()
            if choice is not None and choice.code != field.value:
                field.enter()
            else:
                self.action_start()
            return
        officer = event.input.parent
        if isinstance(officer, Picker) and officer.enter():
            self.focus_next()

    def action_complete_or_next(self) -> None:
        """Tab: complete the file name, or go to the next field."""
        field = self.file_field
        if self.focused is field.input:
            if field.complete():
                return
            if field.value is None and field.input.value:
                self._say(_("No file of your exchange folder begins with {typed} (F5 reads "
                            "the folder again).").format(typed=field.input.value), error=True)
                return
        self.focus_next()

    def action_back(self) -> None:
        if self.running:
            self.notify(_("The import is under way: it ends on its own, in one "
                          "transaction."), severity="warning")
            return
        self.jhro.go_back()

    def action_reload(self) -> None:
        self._reload()

    @work(exclusive=True, group="import-reload", exit_on_error=False)
    async def _reload(self) -> None:
        try:
            start = await call(self.jhro, import_start)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.start = start
        self.file_field.set_names(start.files)
        self._show_folder()

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.set_class(error, "alarm")
        status.update(plain(text, multiline=True))

    # -- the import ---------------------------------------------------------------

    def action_start(self) -> None:
        if self.running:
            return
        field = self.file_field
        field.take_typed()
        if not field.value:
            typed = field.input.value.strip()
            self._say(_("No file {name} in your exchange folder: type a name from the "
                        "list (F5 reads the folder again).").format(name=typed) if typed
                      else _("Type the name of a file of your exchange folder."), error=True)
            field.focus()
            return
        officers = self.query("#import-officer")
        officer = officers.first(Picker).value if officers else None
        passphrase_field = self.query_one("#import-passphrase", Input)
        passphrase = passphrase_field.value
        passphrase_field.value = ""  # never kept past the attempt
        self.running = True
        self.refresh_bindings()
        self.set_focus(None)  # the list of names closes: the progress shows under the form
        self._run(field.value, officer, passphrase)

    @work(exclusive=True, group="import", exit_on_error=False)
    async def _run(self, name: str, officer: str | None, passphrase: str) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=1, progress=0)
        bar.add_class("-running")
        self._show_rows([], result_columns())
        self._say(_("Reading and checking {name}…").format(name=name))
        try:
            document = await call(self.jhro, importing.read_exchange_file, name,
                                  passphrase=self._passphrase_of(passphrase))
            report = await call(self.jhro, importing.import_cases, document,
                                officer=officer, progress=self._progress_to(bar, name))
        except _PassphraseNeeded:
            self._ask_passphrase(_("{name} is an encrypted bundle: type its passphrase, "
                                   "then Enter.").format(name=name))
        except ImportRefused as refused:
            self._show_problems(refused)
        except AuthenticationFailed as exc:
            self._ask_passphrase(exc.message())
        except JhroError as exc:
            self._say(exc.message(), error=True)
            self.file_field.focus()
        else:
            self._show_report(report, officer)
        finally:
            self.running = False
            bar.remove_class("-running")
            self.refresh_bindings()

    def _passphrase_of(self, typed: str) -> Callable[[], str]:
        """What the service calls when the file is a bundle: the passphrase typed, or a
        question on the screen when none was."""
        def ask() -> str:
            if not typed:
                raise _PassphraseNeeded
            return typed
        return ask

    def _ask_passphrase(self, text: str) -> None:
        self.query_one("#import-passphrase-row").add_class("-needed")
        self._say(text, error=True)
        self.query_one("#import-passphrase", Input).focus()

    def _progress_to(self, bar: ProgressBar, name: str) -> importing.Progress:
        """Moves ``bar`` from the database thread, once per percent written."""
        shown = [-1]

        def show(done: int, total: int, first: bool) -> None:
            # The screen may be gone (a lock tore it down): the import goes on, and a
            # failure here would undo it.
            if not bar.is_attached:
                return
            if first:
                self._say(ngettext("Writing {count} row of {name}…",
                                   "Writing {count} rows of {name}…", total).format(
                                       count=format_number(total), name=name))
            bar.update(total=total, progress=done)

        def progress(done: int, total: int) -> None:
            percent = done * 100 // max(total, 1)
            if percent != shown[0]:
                first, shown[0] = shown[0] < 0, percent
                self.app.call_from_thread(show, done, total, first)
        return progress

    # -- what came of it ------------------------------------------------------------

    def _show_report(self, report: importing.ImportReport, officer: str | None) -> None:
        self.query_one("#import-passphrase-row").remove_class("-needed")
        count = report.cases
        text = ngettext("{count} case imported as a draft", "{count} cases imported as drafts",
                        count).format(count=format_number(count)) if count else _(
                            "No case imported")
        if officer and count:
            names = {choice.name: choice.full_name for choice in self.start.officers}
            text += " " + _("held by {officer}").format(officer=names.get(officer) or officer)
        if report.duplicates:
            text += "; " + ngettext(
                "{count} already imported, left out", "{count} already imported, left out",
                len(report.duplicates)).format(count=format_number(len(report.duplicates)))
        if count:
            text += ". " + _("Enter on a case opens it.")
        self._say(text + ("" if count else "."))
        rows = [VirtualRow(case_id, (reference, _("imported as a draft, from {source}")
                                     .format(source=source)))
                for case_id, reference, source in zip(report.case_ids, report.references,
                                                      report.sources, strict=True)]
        rows += [VirtualRow(-index - 1, (reference, _("already imported: left out")))
                 for index, reference in enumerate(report.duplicates)]
        self._show_rows(rows, result_columns([row.cells[0] for row in rows]))
        (self.query_one("#import-results", VirtualTable) if rows else self.file_field).focus()

    def _show_problems(self, refused: ImportRefused) -> None:
        self.problems = refused.problems
        self._say(refused.message(), error=True)
        self._show_rows([problem_row(index, problem)
                         for index, problem in enumerate(self.problems)], problem_columns())
        self.query_one("#import-results", VirtualTable).focus()

    def _show_rows(self, rows: list[VirtualRow], columns: Sequence[Column]) -> None:
        if not rows:
            self.problems = ()
        self.rows = rows
        table = self.query_one("#import-results", VirtualTable)
        table.columns = list(columns)
        table.reset(len(rows), first_page=rows[:PAGE])
        table.set_class(bool(rows), "-shown")
        header = self.query_one("#import-results-header", ColumnHeader)
        header.set_class(bool(rows), "-shown")
        header.refresh()
        self._show_detail()

    async def _page(self, offset: int, limit: int, _previous: VirtualRow | None
                    ) -> list[VirtualRow]:
        return self.rows[offset:offset + limit]

    def _show_detail(self) -> None:
        """The whole of the problem under the cursor, which its line may cut."""
        table = self.query_one("#import-results", VirtualTable)
        detail = self.query_one("#import-detail", Static)
        if not self.problems or not table.total:
            detail.update("")
            return
        detail.update(plain(str(self.problems[table.cursor]), multiline=True))

    def on_virtual_table_selected(self, event: VirtualTable.Selected) -> None:
        if not self.problems and event.row.key > 0:
            self.jhro.open_case(event.row.key)
