"""The one way stored or echoed text reaches a widget: sanitised, and never parsed as markup.

Textual parses plain strings given to ``Static``, ``Label``, ``DataTable`` cells and
``notify()`` as markup (a stray ``[link=…]`` raises and exits the app), and passes ESC
and C1 control characters straight through to the terminal. Everything that came from a
user, a file or the database goes through ``plain`` (or ``plain_text`` for Rich
renderables) first.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from jhro_tui.text import sanitize


def plain(value: object, *, multiline: bool = False) -> Content:
    """A ``Content`` holding ``value`` as literal text."""
    return Content(sanitize("" if value is None else str(value), multiline=multiline))


def plain_text(value: object, *, multiline: bool = False, style: str = "") -> Text:
    """A Rich ``Text`` holding ``value`` literally (for DataTable cells and Rich APIs)."""
    return Text(sanitize("" if value is None else str(value), multiline=multiline),
                style=style, no_wrap=not multiline, overflow="ellipsis")


def safe_string(value: object, *, multiline: bool = False) -> str:
    """A plain string for APIs that take ``markup=False`` (notifications, Input values)."""
    return sanitize("" if value is None else str(value), multiline=multiline)
