"""Stored text reaches the screen as text: no markup effect, no control character, no crash."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Input, Label, Static

from jhro_tui.config import Settings
from jhro_tui.services.session import login
from jhro_tui.store.models import Account
from jhro_tui.ui.safe import plain, plain_text, safe_string
from jhro_tui.ui.screens.home import HomeScreen
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir, cli_env, jhro_command
from tests.ui.support import build_app, log_in, screen_text, settle

HOSTILE = ("[bold red]x[/] [link=https://evil.example]y[/link] \x1b]52;c;SGVsbG8=\x07"
           "\x1b]2;pwned\x07\x1b[2J\x9b31m\u202eevil\x1bc\x1b[6n end")
LITERAL = "[bold red]x[/] [link=https://evil.example]y[/link]"
DANGEROUS = ("\x1b]52", "\x1b]2;", "\x1b]8;", "\x1bP", "\x1b[6n", "\x1bc", "\x9b")


class EveryWidget(App[None]):
    """One of each widget kind jhro shows stored text in."""

    def compose(self) -> ComposeResult:
        yield Static(plain(HOSTILE), id="static")
        yield Label(plain(HOSTILE), id="label")
        yield Static(plain(HOSTILE + "\nsecond line", multiline=True), id="multiline")
        yield Input(value=safe_string(HOSTILE), id="input")
        yield DataTable(id="table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(plain_text("name"), plain_text("note"))
        table.add_row(plain_text(HOSTILE), plain_text(HOSTILE))
        self.notify(safe_string(HOSTILE), title=safe_string(HOSTILE), markup=False)


def composed_text(app: App[None]) -> str:
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


async def test_hostile_text_is_literal_in_every_widget_kind() -> None:
    app = EveryWidget()
    async with app.run_test(size=(200, 40), notifications=True) as pilot:
        await pilot.pause()
        text = composed_text(app)
        assert text.count("[bold red]x[/]") >= 5  # static, label, multiline, input, table row
        assert "[link=https://evil.example]y[/link]" in text
        for sequence in DANGEROUS:
            assert sequence not in text
        assert "\x1b" not in text and "\u202e" not in text
        assert app.is_running


async def test_hostile_full_name_renders_literally_on_the_home_screen(vault: VaultDir) -> None:
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    with session.write() as audit:
        Account.update(full_name=HOSTILE).where(Account.name == OFFICER).execute()
        audit("account.update", f"account:{OFFICER}")
    session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(200, 30)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert LITERAL in text
        assert "\x1b" not in text and "\x9b" not in text
        await pilot.press("f1")
        await settle(pilot)
        assert app.is_running


def test_hostile_name_sends_no_escape_sequence_to_a_real_terminal(vault: VaultDir,
                                                                  tmp_path: Path) -> None:
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    with session.write() as audit:
        Account.update(full_name=HOSTILE).where(Account.name == OFFICER).execute()
        audit("account.update", f"account:{OFFICER}")
    session.close()
    env = cli_env(vault.data_dir, TERM="xterm-256color", COLUMNS="120", LINES="30")
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes jhro on the pseudo-terminal
        command = jhro_command()
        os.execvpe(command[0], command, env)
    received = bytearray()

    def read_for(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    received.extend(os.read(fd, 65536))
                except OSError:
                    return

    try:
        read_for(4)
        os.write(fd, OFFICER.encode() + b"\t")
        read_for(0.5)
        os.write(fd, PASSPHRASES[OFFICER].encode() + b"\r")
        read_for(5)
        os.write(fd, b"\x11")  # ctrl+q
        read_for(3)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    output = bytes(received)
    assert b"[bold red]x[/]" in output  # the name was painted, literally
    for sequence in DANGEROUS:
        # The terminal speaks UTF-8: a C1 control arrives as two bytes (0x9b is C2 9B).
        assert sequence.encode("utf-8") not in output
    assert b"Traceback" not in output
