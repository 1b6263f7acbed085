"""Figures taken through a real pseudo-terminal: cold start, bytes sent, a real process's RSS.

A pty is what an SSH session gives jhro: every byte Textual writes is read back here and
counted, and the text on screen is found in the stream once escape sequences are
stripped.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.caseload import PASSPHRASE, REPO, bench_environment, jhro_command

ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)"
                  rb"|P[^\x1b]*\x1b\\|[@-Z\\-_])")
LOGIN_TEXT = "Log in with your account"
HOME_TEXT = "My open cases"
LIST_TEXT = "Reference"
CASE_FILE_TEXT = "Overview"
MINIMAL_TEXT = "minimal app ready"
KEYS = {"down": b"\x1b[B", "f3": b"\x1bOR", "enter": b"\r", "tab": b"\t", "slash": b"/",
        "ctrl+q": b"\x11", "escape": b"\x1b", "pageup": b"\x1b[5~", "pagedown": b"\x1b[6~",
        "home": b"\x1b[H", "end": b"\x1b[F", "f5": b"\x1b[15~", "f11": b"\x1b[23~",
        "f12": b"\x1b[24~", "shift+tab": b"\x1b[Z"}


def visible_text(data: bytes) -> str:
    """What a terminal would show, roughly: the stream without its escape sequences."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


@dataclass
class Terminal:
    """A process on a pty of ``columns``×``rows``, with everything it wrote."""

    process: subprocess.Popen[bytes]
    master: int
    output: bytearray = field(default_factory=bytearray)
    started: float = 0.0

    @classmethod
    def spawn(cls, argv: Sequence[str], columns: int, rows: int) -> Terminal:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = bench_environment()
        env.update(TERM="xterm-256color", COLORTERM="truecolor", LINES=str(rows),
                   COLUMNS=str(columns))
        started = time.perf_counter()
        process = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave,
                                   env=env, cwd=REPO, start_new_session=True,
                                   close_fds=True)
        os.close(slave)
        return cls(process, master, started=started)

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return b""
        self.output += chunk
        return chunk

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Read until ``text`` is on screen; returns the moment it arrived."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self._read(deadline - time.perf_counter()) and \
                    text in visible_text(bytes(self.output[-200_000:])):
                return time.perf_counter()
            if self.process.poll() is not None:
                break
        raise TimeoutError(f"{text!r} never appeared; last output: "
                           f"{visible_text(bytes(self.output[-600:]))!r}")

    def quiet(self, seconds: float, timeout: float = 30.0) -> int:
        """Read until nothing arrives for ``seconds``; returns the bytes read meanwhile."""
        count = 0
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self._read(seconds)
            if not chunk:
                return count
            count += len(chunk)
        return count

    def send(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))

    def peak_rss_kib(self) -> int | None:
        with contextlib.suppress(OSError), \
                open(f"/proc/{self.process.pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def close(self, quit_keys: Sequence[str] = ("ctrl+q",)) -> None:
        with contextlib.suppress(OSError):
            self.send(*quit_keys)
        deadline = time.perf_counter() + 10
        while self.process.poll() is None and time.perf_counter() < deadline:
            self._read(0.05)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(5)
        os.close(self.master)


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def first_screen(argv: Sequence[str], text: str, columns: int = 80, rows: int = 24) -> float:
    """Seconds from starting ``argv`` to ``text`` on its screen."""
    terminal = Terminal.spawn(argv, columns, rows)
    try:
        return terminal.wait_for(text) - terminal.started
    finally:
        terminal.close()


def cold_starts(data_dir: Path, repeat: int) -> tuple[list[float], list[float]]:
    """``jhro`` to its login screen, and a minimal Textual app to its first paint."""
    jhro, minimal = [], []
    for _ in range(repeat):
        jhro.append(first_screen([*jhro_command(), "--data-dir", str(data_dir)], LOGIN_TEXT))
        minimal.append(first_screen(python_module("bench.apps", "minimal"), MINIMAL_TEXT))
    return jhro, minimal


@dataclass
class Traffic:
    """Bytes written to the terminal, per keystroke."""

    cursor_move: list[int] = field(default_factory=list)
    search_keystroke: list[int] = field(default_factory=list)
    stock_datatable_move: list[int] = field(default_factory=list)
    case_file: dict[str, list[int]] = field(default_factory=dict)
    """Per key of ``CASE_FILE_KEYS``, in a case file found by the search."""
    peak_rss_kib: int | None = None


CASE_FILE_KEYS = {"pagedown": "PageDown", "pageup": "PageUp", "end": "End", "home": "Home",
                  "section": "a section jump (`9`, then `1`)"}
"""The keys that move through a case file; each round presses them in this order from the
top, so that every one of them moves the view."""


QUIET = 0.6
"""Silence that ends a keystroke's output: longer than the search box's pause."""


def per_key(terminal: Terminal, keys: Sequence[str], settle: Callable[[], None] | None = None
            ) -> list[int]:
    counts = []
    for key in keys:
        terminal.send(key)
        counts.append(terminal.quiet(QUIET))
        if settle is not None:
            settle()
    return counts


def case_file_moves(terminal: Terminal, repeat: int) -> dict[str, list[int]]:
    """Bytes of each key of ``CASE_FILE_KEYS`` in the open case file, ``repeat`` times."""
    moves: dict[str, list[int]] = {key: [] for key in CASE_FILE_KEYS}
    for _ in range(repeat):
        for key in ("pagedown", "pageup", "end", "home"):
            moves[key] += per_key(terminal, [key])
        moves["section"] += per_key(terminal, ["9", "1"])
    return moves


def traffic(data_dir: Path, repeat: int, search_word: str = "arrest") -> Traffic:
    """Log in at 80×24, open the list, and count what a cursor move, a letter and the keys
    that move through a case file cost."""
    result = Traffic()
    # The cursor blink is stopped (bench.apps): it would otherwise add a repaint every
    # half second to whatever a keystroke sends.
    terminal = Terminal.spawn(python_module("bench.apps", "jhro", "--data-dir",
                                            str(data_dir)), 80, 24)
    try:
        terminal.wait_for(LOGIN_TEXT)
        terminal.quiet(QUIET)
        terminal.send(*"officer", "tab", *PASSPHRASE, "enter")
        terminal.wait_for(HOME_TEXT)
        terminal.quiet(QUIET)
        terminal.send("f3")
        terminal.quiet(QUIET)
        result.cursor_move = per_key(terminal, ["down"] * repeat)
        terminal.send("slash")
        terminal.quiet(QUIET)
        result.search_keystroke = per_key(terminal, list(search_word))
        terminal.send("enter", "enter")  # the search done, the first case it found
        terminal.wait_for(CASE_FILE_TEXT)
        terminal.quiet(QUIET)
        result.case_file = case_file_moves(terminal, repeat)
        result.peak_rss_kib = terminal.peak_rss_kib()
    finally:
        terminal.close(("escape", "escape", "escape", "ctrl+q"))
    stock = Terminal.spawn(python_module("bench.apps", "datatable"), 80, 24)
    try:
        stock.wait_for(MINIMAL_TEXT)
        stock.quiet(QUIET)
        result.stock_datatable_move = per_key(stock, ["down"] * repeat)
    finally:
        stock.close()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Only the bytes figures, on a caseload already built: a minute, not ``make bench``."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    figures = traffic(args.data_dir, args.repeat)
    print(f"cursor move        {figures.cursor_move}")
    print(f"search keystroke   {figures.search_keystroke}")
    print(f"stock DataTable    {figures.stock_datatable_move}")
    for key, counts in figures.case_file.items():
        print(f"case file {key:<8} {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
