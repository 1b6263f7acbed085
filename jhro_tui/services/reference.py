"""Reference vocabularies for pickers and labels, in the reader's language.

The terms are read once per database (and again only after ``store.reference`` loaded new
files) into an in-memory ``Catalog``: pickers filter it as the user types without a
query per key press.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import cast

from jhro_tui.i18n import current_language
from jhro_tui.services.session import Session
from jhro_tui.store import reference as store_reference
from jhro_tui.store.db import database
from jhro_tui.store.models import ReferenceTerm

VOCABULARIES = tuple(spec.vocabulary for spec in store_reference.VOCABULARIES)


def fold(text: str) -> str:
    """Lower-case without accents, for matching what a user types against labels."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def depth(parent_code: str) -> int:
    """How deep an entry sits in its vocabulary: among equal matches the broader entry
    comes first ("police" is the national police before the military police)."""
    return parent_code.count(".") + 1 if parent_code else 0


_WORD = re.compile(r"[^\W_]+")
EXACT, STARTS_ENTRY, STARTS_HINT, INSIDE = range(4)
"""How well typed text matches an entry, best first (``match_rank``)."""


def match_rank(typed: str, label: str, *, hint: str = "", keywords: Sequence[str] = ()
               ) -> int | None:
    """How well ``typed`` matches an entry of a list, or None when it does not.

    ``EXACT``: the label or a keyword (a code, the other language's label) is what was
    typed. ``STARTS_ENTRY``: every typed word starts a word of the label or a keyword, so
    "b" is the reliability grade B, not "A: completely reliable". ``STARTS_HINT``: the same,
    counting the hint's words (a territory's province). ``INSIDE``: every typed word is
    somewhere in them. Accents and case are ignored.
    """
    text = fold(typed).strip()
    if not text:
        return EXACT
    entry = [fold(label), *(fold(keyword) for keyword in keywords)]
    if text in entry:
        return EXACT
    typed_words = _WORD.findall(text) or [text]
    entry_words = {word for phrase in entry for word in _WORD.findall(phrase)}
    if all(any(word.startswith(part) for word in entry_words) for part in typed_words):
        return STARTS_ENTRY
    folded_hint = fold(hint)
    hint_words = entry_words | set(_WORD.findall(folded_hint))
    if all(any(word.startswith(part) for word in hint_words) for part in typed_words):
        return STARTS_HINT
    haystack = " ".join((*entry, folded_hint))
    if all(part in haystack for part in text.split()):
        return INSIDE
    return None


@dataclass(frozen=True)
class Term:
    """One vocabulary entry, with its labels in both languages."""

    vocabulary: str
    code: str
    parent_code: str
    label_en: str
    label_fr: str
    active: bool
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Other columns of the file: ``kind``, ``capital``, ``jurisdiction``…"""

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (default: the installed language)."""
        return self.label_fr if (language or current_language()) == "fr" else self.label_en

    @property
    def is_sexual_violence(self) -> bool:
        """True for a charge the office counts as sexual violence (``sexual_violence``
        column), war-crime and crime-against-humanity rape included."""
        return self.extra.get("sexual_violence") == "yes"

    @property
    def is_category(self) -> bool:
        """True for a top-level entry of a vocabulary with levels (no parent)."""
        return not self.parent_code


class Catalog:
    """Every term of every vocabulary, indexed by code; read-only."""

    def __init__(self, terms: list[Term]) -> None:
        self._by_key: dict[tuple[str, str], Term] = {}
        self._by_vocabulary: dict[str, list[Term]] = {name: [] for name in VOCABULARIES}
        self._children: set[tuple[str, str]] = set()
        for term in terms:
            self._by_key[(term.vocabulary, term.code)] = term
            self._by_vocabulary.setdefault(term.vocabulary, []).append(term)
            if term.parent_code:
                self._children.add((term.vocabulary, term.parent_code))

    def get(self, vocabulary: str, code: str) -> Term | None:
        return self._by_key.get((vocabulary, code))

    def has(self, vocabulary: str, code: str, *, active_only: bool = True) -> bool:
        term = self._by_key.get((vocabulary, code))
        return term is not None and (term.active or not active_only)

    def has_children(self, vocabulary: str, code: str) -> bool:
        return (vocabulary, code) in self._children

    def label(self, vocabulary: str, code: str, language: str | None = None) -> str:
        """The label of ``code``, or the code itself when unknown (never raises)."""
        if not code:
            return ""
        term = self._by_key.get((vocabulary, code))
        return term.label(language) if term else code

    def terms(self, vocabulary: str, *, parent: str | None = None,
              include_inactive: bool = False) -> list[Term]:
        """Terms in file order; ``parent`` keeps the children of one code only."""
        return [term for term in self._by_vocabulary.get(vocabulary, [])
                if (include_inactive or term.active)
                and (parent is None or term.parent_code == parent)]

    def search(self, vocabulary: str, text: str, *, language: str | None = None,
               parent: str | None = None, limit: int = 50) -> list[Term]:
        """Active terms matching ``text`` in either language or by code, best first
        (``match_rank``), broader entries first, then in file order."""
        hits: list[tuple[int, int, int, Term]] = []
        for position, term in enumerate(self.terms(vocabulary, parent=parent)):
            rank = match_rank(text, term.label(language),
                              keywords=(term.code, term.label_en, term.label_fr))
            if rank is not None:
                hits.append((rank, depth(term.parent_code) if text.strip() else 0, position,
                             term))
        hits.sort(key=lambda hit: hit[:3])
        return [hit[3] for hit in hits[:limit]]


_lock = threading.Lock()
_cached: dict[str, tuple[int, Catalog]] = {}


def load_catalog() -> Catalog:
    """The catalog of the bound database (cached until reference data is loaded again)."""
    key = str(getattr(database.obj, "database", ""))
    generation = store_reference.generation()
    with _lock:
        hit = _cached.get(key)
        if hit is not None and hit[0] == generation:
            return hit[1]
    rows = cast("Iterable[tuple[str, str, str, str, str, bool, str]]", ReferenceTerm
                .select(ReferenceTerm.vocabulary, ReferenceTerm.code, ReferenceTerm.parent_code,
                        ReferenceTerm.label_en, ReferenceTerm.label_fr, ReferenceTerm.active,
                        ReferenceTerm.extra)
                .order_by(ReferenceTerm.id).tuples())
    terms = [Term(vocabulary, code, parent, label_en, label_fr, bool(active),
                  MappingProxyType(json.loads(extra or "{}")))
             for vocabulary, code, parent, label_en, label_fr, active, extra in rows]
    catalog = Catalog(terms)
    with _lock:
        _cached[key] = (generation, catalog)
    return catalog


def catalog(session: Session) -> Catalog:
    """The reference catalog, for an unlocked session (vocabularies are not confidential)."""
    session.vault  # noqa: B018 -- raises PermissionDenied while the session is locked
    return load_catalog()


def terms(session: Session, vocabulary: str, *, parent: str | None = None) -> list[Term]:
    """Active terms of ``vocabulary`` (optionally the children of ``parent``)."""
    return catalog(session).terms(vocabulary, parent=parent)


def search_terms(session: Session, vocabulary: str, text: str, *, parent: str | None = None,
                 limit: int = 50) -> list[Term]:
    """What a picker shows for ``text``, in the account's language."""
    return catalog(session).search(vocabulary, text, parent=parent, limit=limit)


def label(session: Session, vocabulary: str, code: str) -> str:
    return catalog(session).label(vocabulary, code)
