"""What a key costs over SSH: the bytes a real ``jhro`` writes to its terminal (a pty).

At 64 kbit/s, 4 KB (one 80×24 screen, repainted) take half a second; an animated
scroll that repaints the screen at every frame took 10 to 24 s per key.
"""

from __future__ import annotations

from pathlib import Path

from bench.terminal import HOME_TEXT, LOGIN_TEXT, QUIET, Terminal, python_module
from jhro_tui.config import Settings
from jhro_tui.services.cases import create_case
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.session import login
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir

ONE_SCREEN = 4096
"""Bytes of an 80×24 screen repainted whole, with its colours."""

NARRATIVE = "\n".join(
    f"Paragraph {number}: the witness described the patrol that came to the village at "
    f"dawn, the houses searched and the men taken to the camp." for number in range(60))


def test_a_case_file_opens_and_moves_in_at_most_a_screen_or_two_per_key(vault: VaultDir
                                                                         ) -> None:
    """Opening the case list and a case file sends the new screen once: Textual paints a
    screen that opens three times over (first paint, resume, end of mount), 13 KB for the
    case list at 80×24 and 15 KB for a case file, where only what changed on the terminal
    is sent (ui/shadow.py): 3.9 KB and 7.8 KB, the second a screen full of text and
    colours from top to bottom. Then each key that moves through it sends one screen at
    most."""
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        create_case(session, CaseForm(title="Raids on Kiwanja", narrative=NARRATIVE,
                                      province_code="CD-NK"))
    finally:
        session.close()
    # bench.apps runs jhro's own command line with the cursor blink stopped, which would
    # otherwise add a repaint twice a second to whatever a key sends.
    terminal = Terminal.spawn(python_module("bench.apps", "jhro", "--data-dir",
                                            str(vault.data_dir)), 80, 24)
    sent: dict[str, int] = {}
    opened: dict[str, int] = {}
    try:
        terminal.wait_for(LOGIN_TEXT)
        terminal.quiet(QUIET)
        terminal.send(*OFFICER, "tab", *PASSPHRASES[OFFICER], "enter")
        terminal.wait_for(HOME_TEXT)
        terminal.quiet(QUIET)
        # From the search box to the list, then open the case.
        for name, keys, shown in (("case list", ("f3",), "Raids on Kiwanja"),
                                  ("case file", ("down", "enter"), "Paragraph 3")):
            before = len(terminal.output)
            terminal.send(*keys)
            terminal.wait_for(shown)
            terminal.quiet(QUIET)
            opened[name] = len(terminal.output) - before
        # Each key moves the view: PageDown from the top, back, to the end and the top
        # again, then to the last section and the first.
        for name, key in (("PageDown", "pagedown"), ("PageDown again", "pagedown"),
                          ("PageUp", "pageup"), ("End", "end"), ("Home", "home"),
                          ("section 0", "0"), ("section 1", "1")):
            terminal.send(key)
            sent[name] = terminal.quiet(QUIET)
    finally:
        terminal.close(("escape", "escape", "escape", "ctrl+q"))
    assert opened["case list"] < ONE_SCREEN, opened
    assert opened["case file"] < 2.5 * ONE_SCREEN, opened
    assert all(0 < count < ONE_SCREEN for count in sent.values()), sent



Step = tuple[str, str, str | None]
"""What a step is called (None: not counted), the key, and the text that says the screen
it opens is up (None: a move)."""


def _bytes_per_key(vault: VaultDir, steps: tuple[Step, ...], account: str = OFFICER
                   ) -> dict[str, int]:
    """``account``'s real ``jhro`` in an 80x24 pty, the ``steps`` from the home screen:
    the bytes each counted step sent to the terminal."""
    terminal = Terminal.spawn(python_module("bench.apps", "jhro", "--data-dir",
                                            str(vault.data_dir)), 80, 24)
    sent: dict[str, int] = {}
    try:
        terminal.wait_for(LOGIN_TEXT)
        terminal.quiet(QUIET)
        terminal.send(*account, "tab", *PASSPHRASES[account], "enter")
        terminal.wait_for(HOME_TEXT)
        terminal.quiet(QUIET)
        for name, key, shown in steps:
            before = len(terminal.output)
            terminal.send(key)
            if shown is not None:
                terminal.wait_for(shown)
            terminal.quiet(QUIET)
            if name:
                sent[name] = len(terminal.output) - before
    finally:
        terminal.close(("escape", "escape", "escape", "ctrl+q"))
    return sent


def test_the_justice_screen_and_a_session_s_figures_cost_a_screen_at_most_per_key(
        vault: VaultDir) -> None:
    """F12 from the home screen, then the keys that move through the Justice screen's
    lists: each sends one screen at most; opening a screen (the Justice screen, a
    session's figures) sends it once, as the case file does (3.6 KB and 4.3 KB)."""
    from tests.ui.justice_data import record_court_work

    record_court_work(vault)
    sent = _bytes_per_key(vault, (
        ("F12", "f12", "Proceedings by stage"), ("Down", "down", None),
        ("Tab", "tab", None), ("Tab again", "tab", None),
        ("Tab to the sessions", "tab", None), ("PageDown", "pagedown", None),
        ("a session's figures", "enter", "Days sitting"),
        ("Down a figure", "down", None), ("Down again", "down", None)))
    opening = {name: sent.pop(name) for name in ("F12", "a session's figures")}
    assert all(count < 2.5 * ONE_SCREEN for count in opening.values()), opening
    assert all(count < ONE_SCREEN for count in sent.values()), sent


def test_the_detention_screen_and_a_visit_cost_a_screen_at_most_per_key(
        vault: VaultDir) -> None:
    """F11 from the home screen, then the keys that move through the Detention screen's
    lists: each sends one screen at most; opening a screen (the Detention screen, a
    visit) sends it once."""
    from tests.ui.detention_data import office_at_work

    office_at_work(vault)
    sent = _bytes_per_key(vault, (
        ("F11", "f11", "Held past the legal limit"), ("Down", "down", None),
        ("Tab", "tab", None), ("Down a facility", "down", None),
        ("Tab to the visits", "tab", None), ("Down a visit", "down", None),
        ("shift+Tab", "shift+tab", None), ("Reload", "f5", None), ("", "tab", None),
        ("a visit", "enter", "Officers:")))
    opening = {name: sent.pop(name) for name in ("F11", "a visit")}
    assert all(count < 2.5 * ONE_SCREEN for count in opening.values()), opening
    assert all(count < ONE_SCREEN for count in sent.values()), sent


def test_the_advocacy_board_costs_a_screen_at_most_per_key(vault: VaultDir) -> None:
    """ctrl+y from the home screen, then the board's keys as a terminal sends them (the
    arrows, shift+→ as xterm encodes it, which opens the stage form): each sends one
    screen at most (the stage form too: a dialog sends only what it covers); opening
    the board, or switching to the list, the actions and back, sends it once (4.9 KB,
    3.8 KB, 4.3 KB)."""
    from tests.ui.test_advocacy_board_ui import record_laws

    record_laws(vault)
    sent = _bytes_per_key(vault, (
        ("ctrl+y", "\x19", "Identified (2)"), ("Down", "down", None),
        ("Right", "\x1b[C", None), ("Right again", "\x1b[C", None),
        ("Right: the board scrolls", "\x1b[C", "Adopted (1)"), ("Left", "\x1b[D", None),
        ("every stage", "e", "Tabled (0)"), ("folded again", "e", None),
        ("the list", "v", "Follow-up"), ("Down the list", "down", None),
        ("the actions", "v", "Summary"), ("Down the actions", "down", None),
        ("the board", "v", None),
        ("shift+right", "\x1b[1;2C", "Move to another stage"), ("", "escape", None)))
    opening = {name: sent.pop(name) for name in ("ctrl+y", "the list", "the actions",
                                                  "the board")}
    assert all(count < 2.5 * ONE_SCREEN for count in opening.values()), opening
    assert all(count < ONE_SCREEN for count in sent.values()), sent


def test_the_statistics_screen_costs_a_screen_at_most_per_key(vault: VaultDir) -> None:
    """ctrl+t from a supervisor's home, October chosen (the pty's day is the real one),
    then the keys that move through bars, tables and a table's cells: each sends one
    screen at most; opening the screen and the list behind a bar send it once."""
    from tests.ui.statistics_data import record_october

    record_october(vault)
    period = tuple(("", key, None) for key in
                   ("p", "end", "\x15", *"2026-10", "tab", "end", "\x15", "\x13"))
    sent = _bytes_per_key(vault, (
        ("ctrl+t", "\x14", "Summary and trends"), *period,
        ("", "n", None), ("Next table", "n", "By category"), ("Down a bar", "down", None),
        ("Down again", "down", None), ("the cases behind", "enter", "Reference"),
        ("Back", "escape", None), ("to the table", "t", "Total"), ("Down a cell", "down", None),
        ("Right a cell", "\x1b[C", None), ("back to the chart", "t", None)),
        account=SUPERVISOR)
    opening = {name: sent.pop(name) for name in ("ctrl+t", "the cases behind")}
    assert all(count < 2.5 * ONE_SCREEN for count in opening.values()), opening
    assert all(count < ONE_SCREEN for count in sent.values()), sent


def test_the_import_screen_and_its_problem_list_cost_a_screen_at_most_per_key(
        vault: VaultDir, tmp_path: Path) -> None:
    """ctrl+o from the home screen, a file named with Tab and imported, then the keys that
    move through its problems: opening the screen and showing the problems send a
    screen once, a move through the list less than one."""
    from tests.ui.test_import_ui import FAULTY, _pretty

    folder = tmp_path / "import-exchange" / OFFICER
    folder.mkdir(parents=True)
    (folder / "faulty.json").write_bytes(_pretty(FAULTY))
    vault.paths.settings_file.write_text(
        f'exchange_dir = "{folder.parent}"\n', encoding="utf-8")
    sent = _bytes_per_key(vault, (
        ("ctrl+o", "\x0f", "Import cases from a file"), ("", "f", None), ("", "a", None),
        ("Tab", "tab", None), ("the problems", "\x13", "nothing was imported"),
        ("Down a problem", "down", None), ("Down again", "down", None),
        ("End", "end", None)))
    opening = {name: sent.pop(name) for name in ("ctrl+o", "the problems")}
    assert all(count < 2.5 * ONE_SCREEN for count in opening.values()), opening
    assert all(count < ONE_SCREEN for count in sent.values()), sent


def test_a_dialog_opens_and_closes_in_less_than_a_screen(vault: VaultDir) -> None:
    """A dialog leaves the screen behind it as it is, and is sent once, at its size, as
    the cells it covers and its key bar: opening or closing the case form, the stage
    form over the board and a confirmation each cost well under a screen (1.8, 2.2 and
    0.7 KB to open, 1.5, 1.0 and 0.4 KB to close; the screen behind repainted dimmed,
    several times, cost 8.9, 16.7 and 3.4 KB, and 3.6, 3.9 and 3.3 KB)."""
    from tests.ui.test_advocacy_board_ui import record_laws

    record_laws(vault)
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        create_case(session, CaseForm(title="Raids on Kiwanja", narrative=NARRATIVE,
                                      province_code="CD-NK"))
    finally:
        session.close()
    saved = "ctrl+s: save"
    sent = _bytes_per_key(vault, (
        ("", "f3", "Raids on Kiwanja"), ("", "down", None), ("", "enter", "Paragraph 3"),
        ("the case form", "e", saved), ("the case form closed", "escape", None),
        ("", "e", None), ("", "x", None),
        ("a confirmation", "escape", "Leave without saving"),
        ("the confirmation closed", "n", None), ("", "escape", None),
        ("both closed", "y", None), ("", "escape", None),
        ("", "\x19", "Identified (2)"),
        ("the stage form", ">", "Move to another stage"),
        ("the stage form closed", "escape", None)))
    assert all(count < ONE_SCREEN * 3 / 4 for count in sent.values()), sent
