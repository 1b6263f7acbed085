"""Both catalogs stay complete: every marked string of the source, translated, same fields."""

from __future__ import annotations

import datetime as dt
import re
import string
import zoneinfo

import pytest

from jhro_tui.i18n import (
    LANGUAGES,
    _,
    format_date,
    format_datetime,
    format_number,
    install,
    install_time_zone,
    ngettext,
    widest_date,
)
from jhro_tui.i18n.catalogs import extract, load

FIELD = re.compile(r"\{[^{}]*\}")


def ids(language: str) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in load(language) if m.id}


def test_every_marked_string_of_the_source_is_in_both_catalogs() -> None:
    source = {m if isinstance(m, str) else m[0] for m in extract()}
    for language in LANGUAGES:
        missing = sorted(source - ids(language))
        assert not missing, f"{language} catalog lacks: {missing[:10]} (run make i18n)"


def test_catalogs_have_the_same_keys() -> None:
    assert ids("en") == ids("fr")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_empty_or_fuzzy(language: str) -> None:
    empty = [m.id for m in load(language) if m.id and (not m.string or m.fuzzy or (
        isinstance(m.string, tuple) and not all(m.string)))]
    assert not empty, f"{language}: untranslated {empty[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    for message in load(language):
        if not message.id or not isinstance(message.id, str):
            continue
        assert sorted(FIELD.findall(message.id)) == sorted(FIELD.findall(message.string)), (
            f"{language}: {message.id!r} -> {message.string!r}")
        # The template must still format (a typo like "{nom}" would raise at run time).
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(message.id)
                  if name}
        message.string.format(**{name: 1 for name in fields})


def test_french_is_applied_and_english_restored() -> None:
    try:
        install("fr")
        assert _("Lock") == "Verrouiller"
        assert format_date(dt.date(2026, 3, 5)) == "5 mars 2026"
        assert format_number(12345.5) == "12\u202f345,5"
    finally:
        install("en")
    assert _("Lock") == "Lock"
    assert format_date(dt.date(2026, 3, 5)) == "5 Mar 2026"


def test_french_plurals_are_read_from_the_catalog() -> None:
    try:
        install("fr")
        assert ngettext("{count} case", "{count} cases", 1) == "{count} dossier"
        assert ngettext("{count} case", "{count} cases", 3) == "{count} dossiers"
    finally:
        install("en")


@pytest.mark.parametrize(("language", "december", "september"), [
    ("en", "4 Dec 2026", "28 Sept 2026"),
    ("fr", "4 déc. 2026", "28 sept. 2026"),
])
def test_one_date_style_per_language_day_first_and_never_numeric(
        language: str, december: str, september: str) -> None:
    """The DRC writes 04/12/2026 for 4 December and the United States for 12 April: a
    date on screen spells its month out."""
    try:
        install(language)
        assert format_date(dt.date(2026, 12, 4)) == december
        assert format_date(dt.date(2026, 9, 28)) == september
        assert widest_date() == max(len(format_date(dt.date(2026, month, 28)))
                                    for month in range(1, 13))
    finally:
        install("en")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "4 Dec 2026, 23:32 CAT"),
    ("fr", "4 déc. 2026, 23:32 CAT"),
])
def test_an_instant_stored_in_utc_reads_on_the_office_clock_with_its_zone(
        language: str, expected: str) -> None:
    # Naive UTC, as the database keeps it (store.models.utc_now).
    stored = dt.datetime(2026, 12, 4, 21, 32, tzinfo=dt.UTC).replace(tzinfo=None)
    try:
        install(language)
        install_time_zone(zoneinfo.ZoneInfo("Africa/Lubumbashi"))
        assert format_datetime(stored) == expected
        assert format_datetime(stored, zone_shown=False) == expected.removesuffix(" CAT")
        install_time_zone(zoneinfo.ZoneInfo("Africa/Kinshasa"))  # an hour behind Goma
        assert format_datetime(stored).endswith(", 22:32 WAT")
        # Just before midnight UTC is already the next day in Lubumbashi.
        install_time_zone(zoneinfo.ZoneInfo("Africa/Lubumbashi"))
        assert format_datetime(stored + dt.timedelta(hours=1, minutes=38)).startswith(
            "5 Dec 2026" if language == "en" else "5 déc. 2026")
    finally:
        install("en")
        install_time_zone(None)



def test_a_file_the_system_refuses_is_explained_in_the_readers_language() -> None:
    import errno

    from jhro_tui.errors import ValidationError, os_reason

    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/report.pdf")
    refusal = ValidationError("file", "Cannot read {path}: {reason}", path="/x/report.pdf",
                              reason=os_reason(missing))
    try:
        install("fr")
        assert "ce fichier ou dossier n'existe pas" in refusal.message()
        assert "No such file" not in refusal.message()
    finally:
        install("en")
    assert refusal.message() == "Cannot read /x/report.pdf: there is no such file or folder"
