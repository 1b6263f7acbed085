"""The display sanitiser: no control, escape or bidi character survives; text stays text."""

from __future__ import annotations

import os
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from jhro_tui.text import BIDI_AND_INVISIBLE, reveal, sanitize

C0_C1 = [chr(code) for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]]
PAYLOADS = [
    "\x1b]52;c;SGVsbG8=\x07",  # OSC 52: write the client's clipboard
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink spoof
    "\x1b]2;pwned\x07",  # window title
    "\x1bP+q544e\x1b\\",  # DCS
    "\x1b[6n",  # cursor position report: answers on stdin
    "\x1bc",  # full reset
    "\x1b]0;unterminated",
    "\x9b31m",  # 8-bit CSI
    "\u202eevil\u202c",  # right-to-left override
]


def forbidden(text: str, multiline: bool) -> list[str]:
    return [char for char in text
            if (unicodedata.category(char) == "Cc" and not (multiline and char == "\n"))
            or char in BIDI_AND_INVISIBLE]


def test_every_c0_c1_and_bidi_character_is_neutralised() -> None:
    for char in C0_C1 + sorted(BIDI_AND_INVISIBLE):
        assert forbidden(sanitize(f"a{char}b"), multiline=False) == [], repr(char)


def test_known_terminal_payloads_are_neutralised_but_stay_visible() -> None:
    for payload in PAYLOADS:
        shown = sanitize(payload)
        assert "\x1b" not in shown and "\x9b" not in shown
    assert sanitize("\x1b]2;pwned\x07") == "\u241b]2;pwned\u2407"


def test_newlines_only_survive_in_multiline_fields_and_tabs_become_spaces() -> None:
    assert sanitize("a\nb\tc") == "a b    c"
    assert sanitize("a\r\nb", multiline=True) == "a\nb"


def test_an_undecodable_byte_of_a_file_name_shows_as_one_replacement_mark() -> None:
    """os.listdir gives b"caf\\xe9" as a lone surrogate; written out, it would print as
    six characters where the layout counted one, breaking the frame around it."""
    latin1 = os.fsdecode(b"caf\xe9.txt")
    assert sanitize(latin1) == "caf\ufffd.txt"
    assert reveal(latin1) == "caf\ufffd.txt"


def test_markup_is_left_as_literal_text() -> None:
    assert sanitize("[bold red]x[/]") == "[bold red]x[/]"


@settings(max_examples=10_000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
       st.lists(st.sampled_from(C0_C1 + sorted(BIDI_AND_INVISIBLE) + PAYLOADS), max_size=5),
       st.booleans())
def test_nothing_forbidden_ever_survives(text: str, extras: list[str], multiline: bool) -> None:
    mixed = text + "".join(extras) + text
    assert forbidden(sanitize(mixed, multiline=multiline), multiline) == []


@settings(max_examples=5_000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
       st.lists(st.sampled_from(C0_C1 + sorted(BIDI_AND_INVISIBLE) + PAYLOADS), max_size=5))
def test_an_edited_field_shows_one_mark_per_character_and_nothing_forbidden(
        text: str, extras: list[str]) -> None:
    """What a form field shows of a stored value: as long as the value (the cursor's
    position in one is its position in the other), and nothing the terminal would obey."""
    mixed = text + "".join(extras) + text
    shown = reveal(mixed)
    assert len(shown) == len(mixed)
    assert forbidden(shown, multiline=False) == []
    assert reveal("\x1b[31mred\tx", keep_tabs=True) == "␛[31mred\tx"
