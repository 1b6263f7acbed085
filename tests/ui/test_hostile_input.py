"""No byte from the terminal ends jhro: random bytes, invalid UTF-8 and broken escape
sequences, fed to the real ``jhro`` in a pty, leave it running with no traceback."""

from __future__ import annotations

import os
import random
import time

from bench.terminal import LOGIN_TEXT, Terminal, python_module
from tests.conftest import VaultDir

HOSTILE = [b"\xe9", b"\xff\xfe", b"\xc3", b"\x80\x81", b"\x1b[", b"\x1b[1;", b"\x1bO",
           b"\x1b]52;c;", b"\x1b[<0;1;", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]


def test_random_and_invalid_bytes_never_stop_jhro_or_show_a_traceback(
        vault: VaultDir) -> None:
    terminal = Terminal.spawn(python_module("jhro_tui", "--data-dir", str(vault.data_dir)),
                              80, 24)
    chance = random.Random(16)
    try:
        terminal.wait_for(LOGIN_TEXT)
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            chunk = chance.choice(HOSTILE) + bytes(
                chance.randrange(0x20, 0x100) for _ in range(chance.randrange(1, 8)))
            os.write(terminal.master, chunk)
            terminal._read(0.02)
        terminal._read(1.0)
        assert terminal.process.poll() is None, bytes(terminal.output[-2000:])
        assert b"Traceback" not in terminal.output
    finally:
        terminal.process.kill()
        terminal.process.wait()
