"""What a key costs over SSH: the bytes a real ``jhro`` writes to its terminal (a pty).

At 64 kbit/s, 4 KB (one 80×24 screen, repainted) take half a second; an animated
scroll that repaints the screen at every frame took 10 to 24 s per key.
"""

from __future__ import annotations

from bench.terminal import HOME_TEXT, LOGIN_TEXT, QUIET, Terminal, python_module
from jhro_tui.config import Settings
from jhro_tui.services.cases import create_case
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.session import login
from tests.conftest import OFFICER, PASSPHRASES, VaultDir

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



def test_the_justice_screen_and_a_session_s_figures_cost_a_screen_at_most_per_key(
        vault: VaultDir) -> None:
    """F12 from the home screen, then the keys that move through the Justice screen's
    lists: each sends one screen at most; opening a screen (the Justice screen, a
    session's figures) sends it once, as the case file does (3.6 KB and 4.3 KB)."""
    from tests.ui.justice_data import record_court_work

    record_court_work(vault)
    terminal = Terminal.spawn(python_module("bench.apps", "jhro", "--data-dir",
                                            str(vault.data_dir)), 80, 24)
    sent: dict[str, int] = {}
    try:
        terminal.wait_for(LOGIN_TEXT)
        terminal.quiet(QUIET)
        terminal.send(*OFFICER, "tab", *PASSPHRASES[OFFICER], "enter")
        terminal.wait_for(HOME_TEXT)
        terminal.quiet(QUIET)
        before = len(terminal.output)
        terminal.send("f12")
        terminal.wait_for("Proceedings by stage")
        terminal.quiet(QUIET)
        sent["F12"] = len(terminal.output) - before
        for name, key in (("Down", "down"), ("Tab", "tab"), ("Tab again", "tab"),
                          ("Tab to the sessions", "tab"), ("PageDown", "pagedown")):
            terminal.send(key)
            sent[name] = terminal.quiet(QUIET)
        before = len(terminal.output)
        terminal.send("enter")
        terminal.wait_for("Days sitting")
        terminal.quiet(QUIET)
        sent["a session's figures"] = len(terminal.output) - before
        for name, key in (("Down a figure", "down"), ("Down again", "down")):
            terminal.send(key)
            sent[name] = terminal.quiet(QUIET)
    finally:
        terminal.close(("escape", "escape", "escape", "ctrl+q"))
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
    terminal = Terminal.spawn(python_module("bench.apps", "jhro", "--data-dir",
                                            str(vault.data_dir)), 80, 24)
    sent: dict[str, int] = {}
    try:
        terminal.wait_for(LOGIN_TEXT)
        terminal.quiet(QUIET)
        terminal.send(*OFFICER, "tab", *PASSPHRASES[OFFICER], "enter")
        terminal.wait_for(HOME_TEXT)
        terminal.quiet(QUIET)
        before = len(terminal.output)
        terminal.send("f11")
        terminal.wait_for("Held past the legal limit")
        terminal.quiet(QUIET)
        sent["F11"] = len(terminal.output) - before
        for name, key in (("Down", "down"), ("Tab", "tab"), ("Down a facility", "down"),
                          ("Tab to the visits", "tab"), ("Down a visit", "down"),
                          ("shift+Tab", "shift+tab"), ("Reload", "f5")):
            terminal.send(key)
            sent[name] = terminal.quiet(QUIET)
        terminal.send("tab")
        terminal.quiet(QUIET)
        before = len(terminal.output)
        terminal.send("enter")
        terminal.wait_for("Officers:")
        terminal.quiet(QUIET)
        sent["a visit"] = len(terminal.output) - before
    finally:
        terminal.close(("escape", "escape", "escape", "ctrl+q"))
    opening = {name: sent.pop(name) for name in ("F11", "a visit")}
    assert all(count < 2.5 * ONE_SCREEN for count in opening.values()), opening
    assert all(count < ONE_SCREEN for count in sent.values()), sent
