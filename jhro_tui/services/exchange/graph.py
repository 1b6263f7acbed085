"""Which tables an exported case carries, read from the models themselves.

A table *hangs on* a case when one of its foreign keys goes to the case file, or to a
table that hangs on one, with ``ON DELETE CASCADE``: its rows go when their parent goes,
so they are part of it. A table that such rows need and that hangs on nothing itself (a
proceeding, which several cases may share through ``proceeding_case``) is *carried*: it
comes with the rows that need it. Everything else is out, and ``LEFT_OUT`` names the
tables a reader might expect, with the reason; a test fails when a table is neither
carried nor named, so a new kind is a decision, never an accident.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    DateField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegerField,
    Select,
)

from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Account, Case

CASE_TABLE = Case._meta.table_name

LEFT_OUT: dict[str, str] = {
    "account": "accounts are this server's; a file names the authors, the importer owns "
               "what it brings",
    "office": "the importing office receives the cases",
    "office_case_counter": "references are numbered by the importing office",
    "setting": "settings are the server's",
    "reference_term": "reference data ships with jhro; rows carry codes",
    "case_share": "sharing is a decision of the importing office",
    "case_access_change": "the assignment history of the exporting office",
    "case_status_change": "an imported case starts as a draft, to be reviewed here",
    "case_snapshot": "a validated snapshot belongs to the review that took it",
    "counted_violation": "statistics are counted again from cases validated here",
    "counted_victim": "statistics are counted again from cases validated here",
    "counted_perpetrator": "statistics are counted again from cases validated here",
    "case_search": "kept by triggers from the case's text",
    "form_draft": "unsaved typing belongs to its account",
    "bulk_load": "a flag of the demo builder",
    "mobile_session": "a court sitting supported by an office, not part of a case",
    "session_release": "a court sitting supported by an office, not part of a case",
    "facility": "detention monitoring belongs to the office that visits the facility",
    "detention_visit": "detention monitoring belongs to the office that visits the facility",
    "visit_officer": "detention monitoring belongs to the office that visits the facility",
    "detainee": "detention monitoring belongs to the office that visits the facility",
    "detention_step": "detention monitoring belongs to the office that visits the facility",
    "law": "advocacy belongs to the office that follows the law",
    "law_stage": "advocacy belongs to the office that follows the law",
    "advocacy_action": "advocacy belongs to the office that follows the law",
    "advocacy_case": "advocacy belongs to the office that follows the law; the case does "
                     "not carry what illustrates it there",
}

LEFT_OUT_COLUMNS: dict[tuple[str, str], str] = {
    ("follow_up", "visit_id"): "a detention visit's follow-up has no case",
    ("follow_up", "action_id"): "an advocacy action's follow-up has no case",
}
"""Columns of carried tables that point at what is left out, without a foreign key."""

DERIVED: dict[str, frozenset[str]] = {
    CASE_TABLE: frozenset({"incident_start", "incident_end", "incident_precision",
                           "incident_estimated", "status", "source_reference", "reference"}),
    "incident": frozenset({"period_end"}),
}
"""Columns the importing side works out itself (kept by triggers, or set by the import):
written to a file for a reader, never read from one."""

OFFICE_COLUMN = "office"
"""A carried row's field office column: always the importing office."""


@dataclass(frozen=True)
class Column:
    """One field of a carried table, as a file holds it."""

    name: str
    """The model's field name, which is the key in a file's row."""
    kind: str
    """``id``, ``case`` (a case, by its row in the file), ``link`` (a row of another
    carried table), ``account`` (an author, by name), ``out`` (points at what is left out:
    empty on import), ``text``, ``integer``, ``boolean``, ``date``, ``datetime``, ``blob``,
    or ``partial`` (a partial date, from ``<name>_value``/``_precision``/``_estimated``)."""
    field: Field | None
    target: str = ""
    """For ``case`` and ``link``: the table pointed at."""
    required: bool = False
    cascades: bool = False
    """A link its row hangs on: the parent must be in the file too."""


@dataclass(frozen=True)
class Table:
    name: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    carried: bool
    """Needed by rows that hang on a case, hanging on none itself (a proceeding)."""

    def column(self, name: str) -> Column | None:
        return self.by_name.get(name)

    @functools.cached_property
    def by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    @functools.cached_property
    def unique(self) -> tuple[tuple[str, ...], ...]:
        """The model's unique indexes over what a file gives (a victim's code within its
        case), so that a file breaking one is refused before it reaches the database."""
        return tuple(tuple(names) for names, unique in self.model._meta.indexes
                     if unique and all(name in self.by_name for name in names))

    @property
    def parents(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind in ("case", "link") and c.cascades)

    @property
    def driving(self) -> Column:
        """The parent a selection goes through: the case when the row names it, else the
        first. One ``IN`` over an indexed column (every foreign key has its index) is
        read the same whatever the planner knows; two made SQLite, without statistics,
        look up every pair of two lists (77 s for 10,000 cases' victims)."""
        return next((c for c in self.parents if c.kind == "case"), self.parents[0])


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for model in pending.pop().__subclasses__():
            pending.append(model)
            if getattr(model._meta, "table_name", None) and model._meta.fields:
                found.setdefault(model._meta.table_name, model)
    found.pop("tracked", None)
    return found


def _hanging(models: dict[str, type[BaseModel]]) -> tuple[list[str], list[str]]:
    """The tables that hang on a case, in an order where parents come first, and the
    tables they need that hang on nothing."""
    hanging = [CASE_TABLE]
    carried: list[str] = []
    grew = True
    while grew:
        grew = False
        for name, model in models.items():
            if name in hanging or name in carried or name in LEFT_OUT:
                continue
            cascades = [f for f in model._meta.sorted_fields
                        if isinstance(f, ForeignKeyField) and f.on_delete == "CASCADE"]
            targets = {f.rel_model._meta.table_name for f in cascades}
            if cascades and targets <= set(hanging) | set(carried):
                hanging.append(name)
                grew = True
            elif cascades and targets & set(hanging):
                # Needs a table that hangs on nothing: carry it, then this one follows.
                for target in targets - set(hanging) - set(carried):
                    carried.append(target)
                    hanging.append(target)
                grew = True
    return hanging, carried


def _column(table: str, field: Field, order: list[str]) -> Column | None:
    name = field.name
    if isinstance(field, ForeignKeyField):
        target = field.rel_model._meta.table_name
        cascades = field.on_delete == "CASCADE"
        if field.rel_model is Account:
            return Column(name, "account", field)
        if target == CASE_TABLE:
            return Column(name, "case", field, target, not field.null, cascades)
        if target in order:
            return Column(name, "link", field, target, not field.null, cascades)
        return Column(name, "out", field, target)
    if (table, name) in LEFT_OUT_COLUMNS:
        return Column(name, "out", field)
    if name.endswith(("_precision", "_estimated")) and \
            name.rsplit("_", 1)[0] + "_value" in field.model._meta.fields:
        return None
    if name.endswith("_value") and name[:-6] + "_precision" in field.model._meta.fields:
        return Column(name[:-6], "partial", field, required=not field.null)
    kinds: list[tuple[type[Field], str]] = [
        (AutoField, "id"), (BooleanField, "boolean"), (IntegerField, "integer"),
        (DateTimeField, "datetime"), (DateField, "date"), (BlobField, "blob")]
    kind = next((k for cls, k in kinds if isinstance(field, cls)), "text")
    required = not field.null and field.default is None
    return Column(name, kind, field, required=required)


def _tables() -> tuple[Table, ...]:
    models = _models()
    order, carried = _hanging(models)
    tables = []
    for name in order:
        model = models[name]
        columns = tuple(column for field in model._meta.sorted_fields
                        if (column := _column(name, field, order)) is not None)
        tables.append(Table(name, model, columns, name in carried))
    return tuple(tables)


TABLES: tuple[Table, ...] = _tables()
"""Every carried table, parents before the rows that need them."""
BY_NAME = {table.name: table for table in TABLES}


def unplaced() -> set[str]:
    """Tables of the schema neither carried nor left out with a reason (a test keeps
    this empty). The audit trail and sign-ins are no models: never carried."""
    return set(_models()) - set(BY_NAME) - set(LEFT_OUT) | set(LEFT_OUT) - set(_models())


def _depends(name: str, on: str) -> bool:
    """Whether rows of ``name`` hang, through their parents, on rows of ``on``."""
    return name == on or any(_depends(c.target, on) for c in BY_NAME[name].parents
                             if c.target != name)


def users_of(name: str) -> list[tuple[Table, Column]]:
    """The tables whose rows bring rows of the carried table ``name`` along (a case's
    place in a proceeding brings the proceeding), with the link that does it: a link it
    hangs on, beside another parent that does not itself hang on ``name``."""
    found = []
    for user in TABLES:
        for column in user.parents:
            others = [c for c in user.parents if c is not column]
            if column.target == name and others and not any(
                    _depends(c.target, name) for c in others):
                found.append((user, column))
    return found


def selections(cases: Select) -> dict[str, Select]:
    """For each carried table, a query of the ids of the rows that may go with ``cases``
    (a query of case ids): rows whose driving parent goes (the caller keeps those whose
    other parents go too), and the carried rows they need."""
    chosen: dict[str, Select] = {CASE_TABLE: cases}

    def pick(name: str) -> Select:
        if name in chosen:
            return chosen[name]
        table = BY_NAME[name]
        model: Any = table.model
        if not table.carried:
            column = table.driving
            chosen[name] = model.select(model.id).where(
                getattr(model, column.name).in_(pick(column.target)))
            return chosen[name]
        ids: Any = None
        for user, column in users_of(name):
            others = [c for c in user.parents if c is not column]
            other = others[0] if len(others) == 1 else user.driving
            query = user.model.select(getattr(user.model, column.name)).where(
                getattr(user.model, other.name).in_(pick(other.target)))
            ids = query if ids is None else ids | query
        assert ids is not None, name
        chosen[name] = model.select(model.id).where(model.id.in_(ids))
        return chosen[name]

    for table in TABLES:
        pick(table.name)
    return chosen
