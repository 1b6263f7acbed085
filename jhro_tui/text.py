"""Make stored text safe to show on a terminal.

Stored values keep every byte (evidence integrity); only what is displayed is cleaned.
Textual and Rich strip just BEL, BS, VT, FF and CR, so ESC sequences, C1 controls
(including the 8-bit CSI 0x9B), OSC 52 clipboard writes and bidi overrides would reach
the terminal. Control characters become visible symbols rather than vanishing, so an
officer can see that a field holds something odd.
"""

from __future__ import annotations

import unicodedata

# Invisible characters that reorder or hide text (Trojan Source, CVE-2021-42574).
BIDI_AND_INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    "\u2028\u2029\u200b\u2060\u180e"
)
_TAB_WIDTH = 4
# Controls, and lone surrogates: a file name's undecodable byte arrives as one
# (surrogateescape), counts one cell, and a terminal writer prints it as "\udce9".
_NOT_SHOWN = frozenset({"Cc", "Cs"})


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "Control Pictures": ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def sanitize(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` with every control, bidi and invisible format character neutralised.

    Tabs become spaces. Newlines are kept only when ``multiline`` is true, otherwise they
    become spaces, so a one-line cell stays one line.
    """
    if value.isprintable() and "\t" not in value:
        return value
    out: list[str] = []
    for char in value:
        if char == "\n":
            out.append("\n" if multiline else " ")
        elif char == "\t":
            out.append(" " * _TAB_WIDTH)
        elif char == "\r" or char in BIDI_AND_INVISIBLE:
            continue
        elif unicodedata.category(char) in _NOT_SHOWN:
            out.append(_visible(char))
        else:
            out.append(char)
    return "".join(out)


def reveal(value: str, *, keep_tabs: bool = False) -> str:
    """``value`` with each control, bidi and invisible character replaced by one visible
    mark, for a field that edits it: one character for one, so that cursor positions in
    the shown text are positions in the value. Tabs stay when ``keep_tabs`` (a widget
    that expands them itself)."""
    if value.isprintable() and "\t" not in value:
        return value
    out: list[str] = []
    for char in value:
        if char == "\t" and keep_tabs:
            out.append(char)
        elif char in BIDI_AND_INVISIBLE:
            out.append("\ufffd")
        elif unicodedata.category(char) in _NOT_SHOWN:
            out.append(_visible(char))
        else:
            out.append(char)
    return "".join(out)


def is_safe(value: str, *, multiline: bool = False) -> bool:
    """True when ``value`` holds nothing that ``sanitize`` would change."""
    return sanitize(value, multiline=multiline) == value


def spreadsheet_cell(value: str) -> str:
    """Stored text in a CSV cell: safe for a terminal, and never read as a formula."""
    safe = sanitize(value)
    return "'" + safe if safe.startswith(("=", "+", "-", "@")) else safe


def markdown_literal(value: str) -> str:
    """Stored text in a Markdown line: safe for a terminal, its table and markup signs
    taken literally."""
    safe = sanitize(value)
    for sign in ("\\", "|", "*", "_", "`", "[", "]", "<", ">", "#"):
        safe = safe.replace(sign, "\\" + sign)
    return safe
