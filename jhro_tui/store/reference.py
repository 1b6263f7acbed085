"""Reference vocabularies shipped in ``data/reference``, loaded into the database.

Each CSV file opens with ``#`` comment lines (one of them ``# version: <n>``), then a
header row. Loading is an idempotent upsert keyed by (vocabulary, code): labels may be
corrected by a later version, codes are never deleted (a code a file no longer lists is
marked inactive, and cases that use it keep a label). The version and a digest of each
file are kept in ``setting``, so opening a database whose vocabularies are current costs
one small query.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from peewee import EXCLUDED, Database

from jhro_tui.errors import DamagedData
from jhro_tui.i18n import N_
from jhro_tui.store.models import ReferenceTerm, Setting

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
SETTING_PREFIX = "reference."

_generation = 0


def generation() -> int:
    """A number that changes each time this process loads new reference data."""
    return _generation


@dataclass(frozen=True)
class VocabularyFile:
    """How one CSV file maps onto ``reference_term``."""

    vocabulary: str
    filename: str
    parent_column: str | None = None


VOCABULARIES = (
    VocabularyFile("violation_type", "violation_types.csv", "parent_code"),
    VocabularyFile("perpetrator_category", "perpetrator_categories.csv", "parent_code"),
    VocabularyFile("province", "provinces.csv"),
    VocabularyFile("territory", "territories.csv", "province_code"),
    VocabularyFile("referral_service", "referral_services.csv"),
    VocabularyFile("court_type", "court_types.csv"),
    VocabularyFile("charge", "charges.csv"),
    VocabularyFile("detention_limit", "detention_limits.csv"),
)
BASE_COLUMNS = {"code", "label_en", "label_fr"}


@dataclass(frozen=True)
class ParsedFile:
    vocabulary: str
    version: str
    digest: str
    rows: list[dict[str, str]]

    @property
    def stamp(self) -> str:
        return f"{self.version} {self.digest}"  # the same text as ``stamp(raw)``


def _broken(filename: str, reason: str) -> DamagedData:
    return DamagedData(N_("Reference file {file} is not valid: {reason}"),
                       file=filename, reason=reason)


def _version(raw: bytes) -> str:
    """The ``# version:`` of a file, read from its leading comment lines only."""
    for line in raw.splitlines():
        if not line.startswith(b"#"):
            break
        comment = line[1:].strip().decode("utf-8")
        if comment.lower().startswith("version:"):
            return comment.split(":", 1)[1].strip()
    return ""


def stamp(raw: bytes) -> str:
    """What ``setting`` records for a loaded file: its version and SHA-256."""
    return f"{_version(raw)} {hashlib.sha256(raw).hexdigest()}"


def parse_file(spec: VocabularyFile, directory: Path) -> ParsedFile:
    """Read one vocabulary file: its ``# version:``, its digest and its rows."""
    path = directory / spec.filename
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    version = _version(raw)
    body = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    if not version:
        raise _broken(spec.filename, "no '# version:' line")
    rows = list(csv.DictReader(io.StringIO("".join(body))))
    codes = {row.get("code", "") for row in rows}
    for number, row in enumerate(rows, start=1):
        if not row.get("code") or not row.get("label_en") or not row.get("label_fr"):
            raise _broken(spec.filename, f"row {number} lacks a code or a label")
        parent = row.get(spec.parent_column or "", "") if spec.parent_column else ""
        if spec.parent_column == "parent_code" and parent and parent not in codes:
            raise _broken(spec.filename, f"row {number}: unknown parent {parent}")
    if len(codes) != len(rows):
        raise _broken(spec.filename, "a code appears twice")
    return ParsedFile(spec.vocabulary, version, hashlib.sha256(raw).hexdigest(), rows)


def _stamps() -> dict[str, str]:
    query = Setting.select(Setting.key, Setting.value).where(
        Setting.key.startswith(SETTING_PREFIX))
    rows = cast("Iterable[tuple[str, str]]", query.tuples())
    return {key[len(SETTING_PREFIX):]: value for key, value in rows}


def sync(db: Database, directory: Path | None = None) -> list[str]:
    """Load every vocabulary whose file changed since the last load; return their names.

    Nothing is read from the database but the stored stamps when all files are current.
    A missing reference directory leaves the database as it is.
    """
    directory = directory or REFERENCE_DIR
    if not directory.is_dir():
        return []
    present = [spec for spec in VOCABULARIES if (directory / spec.filename).exists()]
    stored = _stamps()
    if all(stored.get(spec.vocabulary) == stamp((directory / spec.filename).read_bytes())
           for spec in present):
        return []
    parsed = [parse_file(spec, directory) for spec in present]
    loaded: list[str] = []
    with db.atomic():
        stamps = _stamps()  # again, under the write lock: another process may have loaded
        for item in parsed:
            if stamps.get(item.vocabulary) == item.stamp:
                continue
            spec = next(spec for spec in VOCABULARIES if spec.vocabulary == item.vocabulary)
            _load(spec, item)
            # peewee's stubs leave Model.replace unannotated.
            Setting.replace(  # type: ignore[no-untyped-call]
                key=SETTING_PREFIX + item.vocabulary, value=item.stamp).execute()
            loaded.append(item.vocabulary)
    if loaded:
        global _generation
        _generation += 1
    return loaded


def _load(spec: VocabularyFile, item: ParsedFile) -> None:
    rows = []
    for row in item.rows:
        parent = row.get(spec.parent_column, "") if spec.parent_column else ""
        extra = {key: value for key, value in row.items()
                 if key not in BASE_COLUMNS and key != spec.parent_column and key is not None}
        rows.append({"vocabulary": spec.vocabulary, "code": row["code"],
                     "parent_code": parent or "", "label_en": row["label_en"],
                     "label_fr": row["label_fr"],
                     "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True),
                     "active": True})
    for start in range(0, len(rows), 200):
        (ReferenceTerm.insert_many(rows[start:start + 200])
         .on_conflict(conflict_target=[ReferenceTerm.vocabulary, ReferenceTerm.code],
                      update={ReferenceTerm.parent_code: EXCLUDED.parent_code,
                              ReferenceTerm.label_en: EXCLUDED.label_en,
                              ReferenceTerm.label_fr: EXCLUDED.label_fr,
                              ReferenceTerm.extra: EXCLUDED.extra,
                              ReferenceTerm.active: EXCLUDED.active})
         .execute())
    codes = [row["code"] for row in rows]
    (ReferenceTerm.update(active=False)
     .where(ReferenceTerm.vocabulary == spec.vocabulary, ReferenceTerm.code.not_in(codes))
     .execute())

