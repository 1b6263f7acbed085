"""Translation and locale-aware formatting.

Catalogs are gettext ``.po`` files under ``locales/<lang>/LC_MESSAGES/jhro.po``, read
with Babel when a language is installed. Dates and numbers are formatted by Babel with
an explicit locale, never through the process-wide ``locale.setlocale``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import cast

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
DOMAIN = "jhro"

_messages: dict[str, str] = {}
_plurals: dict[str, tuple[str, ...]] = {}
_language = DEFAULT_LANGUAGE


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
    return _locale(_language)


@lru_cache(maxsize=len(LANGUAGES))
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def format_number(value: int | float) -> str:
    return format_decimal(value, locale=current_locale())


def format_date(value: dt.date, length: str = "medium") -> str:
    return _babel_format_date(value, format=length, locale=current_locale())


def format_datetime(value: dt.datetime, length: str = "medium") -> str:
    """Format a UTC timestamp in the machine's local time zone for the reader."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone()
    return _babel_format_datetime(local, format=length, locale=current_locale())


def language_name(language: str) -> str:
    """The name of a language in that language (``Français``), for pickers."""
    return cast(str, _locale(language).get_display_name(language)).capitalize()
