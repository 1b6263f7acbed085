"""Textual's Linux driver, reading the terminal's bytes so that no byte can end the app.

Textual decodes standard input as strict UTF-8: one Latin-1 "é" from a misconfigured
terminal raised ``UnicodeDecodeError`` in the input thread, which panicked the app with a
traceback on screen and the unsaved form lost. Here what is not UTF-8 becomes U+FFFD, and
anything else the input thread raises ends the app through its one handler (recorded,
one line, no traceback).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver


class TolerantLinuxDriver(LinuxDriver):
    """``LinuxDriver`` with a forgiving decoder of the terminal's input."""

    def _run_input_thread(self) -> None:
        try:
            self.run_input_thread()
        except Exception as error:  # to the app's handler: recorded, never a traceback
            self._app.call_later(self._app._handle_exception, error)

    def run_input_thread(self) -> None:
        """Textual's loop (``LinuxDriver.run_input_thread``) with ``errors="replace"``."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode

        def process(selector_events: list[tuple[selectors.SelectorKey, int]],
                    final: bool = False) -> None:
            for last, (_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
