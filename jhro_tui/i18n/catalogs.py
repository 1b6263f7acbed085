"""Keep the gettext catalogs in step with the source (``python -m jhro_tui.i18n.catalogs``).

Extracts every string marked with ``_``, ``N_`` or ``ngettext`` and merges it into the
English and French ``.po`` files, keeping existing translations. English entries are
filled with their own text; new French entries stay empty until translated, and a test
fails until they are.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from jhro_tui.i18n import DOMAIN, LANGUAGES

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}


def catalog_path(language: str) -> Path:
    return PACKAGE / "i18n" / "locales" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> list[str | tuple[str, str]]:
    """Every marked message in the package, in first-seen order."""
    seen: dict[str | tuple[str, str], None] = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        seen.setdefault(message if isinstance(message, str)
                        else cast("tuple[str, str]", tuple(message)), None)
    return list(seen)


def load(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update() -> None:
    messages = extract()
    for language in LANGUAGES:
        old = load(language)
        new = Catalog(locale=language, domain=DOMAIN, project="jhro",
                      header_comment=f"# jhro messages ({language}).")
        # The catalog's plural forms are the translators' choice, and what ``ngettext``
        # reads (one, other), not whatever the installed Babel's CLDR says: Babel 2.19
        # gives French a third form, which left every French plural incomplete.
        new.mime_headers = [(name, value) for name, value in old.mime_headers
                            if name.lower() == "plural-forms"]
        for message in messages:
            key = message if isinstance(message, str) else message[0]
            existing = old.get(key)
            if existing is not None and existing.string:
                string = existing.string
            elif language == "en":
                string = message if isinstance(message, str) else tuple(message)
            else:
                string = "" if isinstance(message, str) else ("", "")
            new.add(message, string)
        path = catalog_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, new, no_location=True, sort_output=True, width=100)


def missing(language: str) -> list[str]:
    catalog = load(language)
    return [str(m.id) for m in catalog if m.id and (not m.string or (
        isinstance(m.string, tuple) and not all(m.string)))]


if __name__ == "__main__":
    update()
    gaps = missing("fr")
    for gap in gaps:
        sys.stdout.write(f"untranslated (fr): {gap}\n")
