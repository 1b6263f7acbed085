"""Translation and locale-aware formatting.

Catalogs are gettext ``.po`` files under ``locales/<lang>/LC_MESSAGES/jhro.po``, read
with Babel when a language is installed. Dates and numbers are formatted by Babel with
an explicit locale, never through the process-wide ``locale.setlocale``.

One date style per language, on every screen: Babel's medium date ("4 Dec 2026",
"4 déc. 2026"), never a numeric one, since the DRC writes 03/12/2026 for 3 December and
the United States for 12 March. Fields a user types in show ISO dates (2026-12-03).
Clock times are the office's, on a 24-hour clock, with the zone's name.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import cast

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_time as _babel_format_time
from babel.dates import get_datetime_format
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
DOMAIN = "jhro"
FORMAT_LOCALES = {"en": "en_GB", "fr": "fr_CD"}
"""The locale dates and numbers are written in, per language: day before month and a
24-hour clock in English too, as a UN office in the DRC writes them."""

_messages: dict[str, str] = {}
_plurals: dict[str, tuple[str, ...]] = {}
_language = DEFAULT_LANGUAGE
_zone: dt.tzinfo | None = None


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair for extraction, for ``ngettext`` later."""
    return singular, plural


@lru_cache(maxsize=len(LANGUAGES))
def _load_catalog(language: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    path = resources.files(__package__) / "locales" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            strings = tuple(message.string) if isinstance(message.string, tuple) else ()
            if all(strings):
                plural[message.id[0]] = strings
        elif message.string:
            singular[cast(str, message.id)] = str(message.string)
    return singular, plural


def install(language: str) -> None:
    """Make ``language`` the one every later ``_()`` call answers in."""
    global _messages, _plurals, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _messages, _plurals = _load_catalog(language)
    _language = language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the installed language (English when missing)."""
    return _messages.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    forms = _plurals.get(singular)
    locale = current_locale()
    if forms:
        index = 0 if locale.plural_form(count) == "one" else min(1, len(forms) - 1)
        return forms[index]
    return singular if count == 1 else plural


def current_locale() -> Locale:
    """The locale of the installed language that dates and numbers are written in."""
    return _locale(FORMAT_LOCALES.get(_language, _language))


@lru_cache(maxsize=2 * len(LANGUAGES))
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def install_time_zone(zone: dt.tzinfo | None) -> None:
    """Make ``zone`` (the office's; None: the machine's) the one clock times are shown in."""
    global _zone
    _zone = zone


def format_number(value: int | float) -> str:
    return format_decimal(value, locale=current_locale())


def format_date(value: dt.date) -> str:
    """A calendar date as the reader writes it: ``4 Dec 2026``, ``4 déc. 2026``."""
    return _babel_format_date(value, format="medium", locale=current_locale())


def widest_date() -> int:
    """Cells the longest ``format_date`` text takes in the installed language, for a
    column of dates."""
    return max(len(format_date(dt.date(2000, month, 28))) for month in range(1, 13))


def format_datetime(value: dt.datetime, *, zone_shown: bool = True) -> str:
    """An instant (stored in UTC) on the office's clock: ``4 Dec 2026, 14:32 CAT``.

    The zone's name is shown unless the text around it already gives it: an office may
    be read from another zone (Kinshasa and Goma are an hour apart).
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(_zone)
    locale = current_locale()
    clock = _babel_format_time(local, format="HH:mm", locale=locale)
    if zone_shown:
        clock += f" {local.tzname()}"
    return str(get_datetime_format("medium", locale=locale)).replace(
        "{1}", format_date(local.date())).replace("{0}", clock)


def language_name(language: str) -> str:
    """The name of a language in that language (``Français``), for pickers."""
    return cast(str, _locale(language).get_display_name(language)).capitalize()
