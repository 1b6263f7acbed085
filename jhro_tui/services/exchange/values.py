"""One stored value in its file form and back.

A file written by jhro holds codes; a file typed by a partner may hold a code or its
English or French label ("Rape", "Viol"), matched without case or accents, and partial
dates as the forms read them (``2024``, ``2024-03``, ``~15/03/2024``). Reading a value
never guesses: anything else is a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import LANGUAGES, N_, _load_catalog
from jhro_tui.services import forms
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.exchange.graph import Column
from jhro_tui.services.reference import Catalog, fold

VOCABULARY_OF = {
    "province_code": "province", "territory_code": "territory", "type_code": "violation_type",
    "category_code": "perpetrator_category", "service_code": "referral_service",
    "court_code": "court_type", "charge_code": "charge", "requalified_code": "charge",
}
"""Columns holding a code of the reference data, by name (the same in every table)."""

CHOICE_OF: dict[tuple[str, str], str] = {
    ("case_file", "priority"): "priority", ("case_file", "confidentiality"): "confidentiality",
    ("violation", "verification_status"): "verification_status", ("victim", "sex"): "sex",
    ("victim", "age_group"): "age_group", ("victim", "disability"): "disability",
    ("victim", "displacement"): "displacement", ("victim", "risk_level"): "risk_level",
    ("consent", "purpose"): "consent_purpose", ("victim_violation", "involvement"):
    "involvement", ("perpetrator_involvement", "role"): "perpetrator_role",
    ("source", "kind"): "source_kind", ("source", "reliability"): "reliability",
    ("source", "credibility"): "credibility", ("referral", "status"): "referral_status",
    ("case_link", "kind"): "case_link", ("proceeding", "stage"): "proceeding_stage",
    ("proceeding_stage", "stage"): "proceeding_stage",
    ("proceeding", "jurisdiction"): "jurisdiction", ("charge", "verdict"): "verdict",
    ("accused", "sentence_kind"): "sentence_kind", ("reparation", "currency"): "currency",
}
"""Columns holding a code of one of the forms' closed lists."""

LARGEST = 2 ** 53
"""No count, amount or id of a case file is larger; SQLite holds at most 2**63 - 1."""
RANK_OF_PRIORITY = forms.PRIORITY_RANK
PRIORITY_OF_RANK = {rank: name for name, rank in forms.PRIORITY_RANK.items()}


def _bad(column: Column, message: str, **values: Any) -> ValidationError:
    return ValidationError(column.name, message, **values)


@functools.cache
def _choice_labels(name: str) -> dict[str, str | int]:
    """Folded English and French labels of a closed list, to its codes."""
    labels: dict[str, str | int] = {}
    for language in LANGUAGES:
        translations = _load_catalog(language)[0] if language != "en" else {}
        for code, label in forms.CHOICES[name].items():
            labels.setdefault(fold(translations.get(label, label)), code)
    return labels


def to_file(table: str, column: Column, value: Any, accounts: dict[int, str]) -> Any:
    """The file form of a stored value (a partial date's columns come as a tuple)."""
    if value is None:
        return None
    kind = column.kind
    if kind == "account":
        return accounts.get(value, "")
    if kind == "out":
        return None
    if kind == "partial":
        first, precision, estimated = value
        if first is None:
            return None
        text = PartialDate.from_storage(first, precision, estimated).iso()
        return text
    if (table, column.name) == ("case_file", "priority"):
        return PRIORITY_OF_RANK.get(value, "normal")
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        return value.isoformat(timespec="microseconds")
    if kind == "blob":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def from_file(table: str, column: Column, raw: Any, catalog: Catalog, *,
              required: bool | None = None) -> Any:
    """The stored value of a file's value, checked for its type and, for codes, against
    the reference data and the forms' lists; raises ``ValidationError`` on the field."""
    kind = column.kind
    if raw is None or raw == "" and kind not in ("text",):
        if (column.required if required is None else required) and \
                kind not in ("account", "out"):
            raise _bad(column, N_("This field is required."))
        return None
    if kind in ("id", "case", "link", "integer"):
        if isinstance(raw, bool) or not isinstance(raw, int):
            if kind == "integer" and (table, column.name) in CHOICE_OF:
                return _choice(table, column, raw)
            raise _bad(column, N_("{value} is not a whole number."), value=_shown(raw))
        if (table, column.name) in CHOICE_OF:
            return _choice(table, column, raw)
        if not -LARGEST <= raw <= LARGEST:
            raise _bad(column, N_("{value} is too large a number."), value=_shown(raw))
        return raw
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise _bad(column, N_("{value} is not true or false."), value=_shown(raw))
        return raw
    if kind == "account":
        if not isinstance(raw, str):
            raise _bad(column, N_("{value} is not an account name."), value=_shown(raw))
        return raw
    if kind == "out":
        return None
    if not isinstance(raw, str):
        raise _bad(column, N_("{value} is not text."), value=_shown(raw))
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON's \u escapes can spell
        raise _bad(column, N_("The text is not valid Unicode.")) from None
    if kind == "partial":
        return PartialDate.parse(raw, column.name)
    if kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise _bad(column, N_("{value} is not a date (YYYY-MM-DD)."),
                       value=_shown(raw)) from None
    if kind == "datetime":
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise _bad(column, N_("{value} is not a date and time (ISO 8601)."),
                       value=_shown(raw)) from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment
    if kind == "blob":
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise _bad(column, N_("The content is not base64.")) from None
    if column.name in VOCABULARY_OF and raw:
        return _code(column, VOCABULARY_OF[column.name], raw, catalog)
    if (table, column.name) in CHOICE_OF and raw:
        return _choice(table, column, raw)
    return raw


_ASIDE = re.compile(r"\s*\(([^)]*)\)")


def _names(label: str) -> Iterator[tuple[int, str]]:
    """What a person may type for a label, most exact first: the label, the label
    without its parenthesis ("Viol" for "Viol (y compris viol collectif)"), the
    parenthesis alone ("M23/AFC")."""
    yield 0, fold(label)
    bare = _ASIDE.sub("", label).strip()
    if bare != label:
        yield 1, fold(bare)
        for aside in _ASIDE.findall(label):
            yield 2, fold(aside)


@functools.lru_cache(maxsize=32)
def _label_index(catalog: Catalog, vocabulary: str) -> dict[tuple[int, str], set[str]]:
    index: dict[tuple[int, str], set[str]] = {}
    for term in catalog.terms(vocabulary, include_inactive=True):
        index.setdefault((0, fold(term.code)), set()).add(term.code)
        for label in (term.label_en, term.label_fr):
            for rank, name in _names(label):
                index.setdefault((rank, name), set()).add(term.code)
    return index


def _code(column: Column, vocabulary: str, raw: str, catalog: Catalog) -> str:
    if catalog.has(vocabulary, raw):
        return raw
    wanted = fold(raw.strip())
    index = _label_index(catalog, vocabulary)
    for rank in range(3):
        codes = index.get((rank, wanted), set())
        if len(codes) == 1:
            return next(iter(codes))
        if len(codes) > 1:
            raise _bad(column, N_("{value} could be any of {codes}: give the code."),
                       value=_shown(raw), codes=", ".join(sorted(codes)))
    raise _bad(column, N_("Unknown code {code}: choose one from the list."), code=_shown(raw))


def _choice(table: str, column: Column, raw: Any) -> Any:
    name = CHOICE_OF[(table, column.name)]
    allowed = forms.CHOICES[name]
    code: Any = raw
    if raw not in allowed:
        code = _choice_labels(name).get(fold(str(raw).strip()), None)
        if code is None and isinstance(raw, str) and raw.strip().isdigit():
            code = int(raw.strip()) if int(raw.strip()) in allowed else None
        if code is None:
            raise _bad(column, N_("Unknown value {value}: choose one from the list."),
                       value=_shown(raw))
    if (table, column.name) == ("case_file", "priority"):
        return RANK_OF_PRIORITY[code]
    return code


def _shown(raw: Any) -> str:
    """A file's value quoted in a message: short, and one line."""
    text = repr(raw) if not isinstance(raw, str) else raw
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"
