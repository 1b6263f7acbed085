"""The spreadsheet a partner keeps: one row per violation, case and incident repeated.

``HEADER`` is the documented list of columns (README, "Importing cases"). A row is one
violation of one incident of one case; rows with the same ``case_reference`` are one
case, and within it rows with the same ``incident_number`` one incident and the same
``violation_number`` one violation, whose columns must then agree. A violation with
several named victims (or perpetrators) takes one row for each, its other columns
repeated; a victim is known within its case by ``victim_code``, a perpetrator by its
category, unit and name. ``victim_consent`` lists the purposes a victim consented to
(``documentation;justice``).

The spreadsheet carries documentation only (cases, incidents, violations, victims and
their consent, perpetrators): a full transfer, justice steps, notes and the rest, is the
JSON file. Reading builds that JSON file's tables, so both pass the same checks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services.exchange.document import Document, NotReadable, Problem

CASE_COLUMNS = {"case_reference": "reference", "case_title": "title",
                "case_opened_on": "opened_on", "case_province": "province_code",
                "case_priority": "priority", "case_confidentiality": "confidentiality",
                "case_narrative": "narrative"}
INCIDENT_COLUMNS = {"incident_date": "date", "incident_end": "end",
                    "incident_province": "province_code",
                    "incident_territory": "territory_code",
                    "incident_locality": "locality", "incident_description": "description"}
VIOLATION_COLUMNS = {"violation_type": "type_code",
                     "violation_verification": "verification_status",
                     "violation_description": "description", "unnamed_men": "unnamed_men",
                     "unnamed_women": "unnamed_women", "unnamed_boys": "unnamed_boys",
                     "unnamed_girls": "unnamed_girls", "unnamed_unknown": "unnamed_unknown"}
VICTIM_COLUMNS = {"victim_code": "code", "victim_name": "name", "victim_contact": "contact",
                  "victim_sex": "sex", "victim_age": "age", "victim_age_group": "age_group"}
PERPETRATOR_COLUMNS = {"perpetrator_category": "category_code",
                       "perpetrator_unit": "unit", "perpetrator_name": "name",
                       "perpetrator_rank": "rank"}
LINK_COLUMNS = ("incident_number", "violation_number", "victim_involvement",
                "victim_consent", "perpetrator_role")
HEADER: tuple[str, ...] = (
    "case_reference", "case_title", "case_opened_on", "case_province", "case_priority",
    "case_confidentiality", "case_narrative", "incident_number", *INCIDENT_COLUMNS,
    "violation_number", *VIOLATION_COLUMNS, *VICTIM_COLUMNS, "victim_involvement",
    "victim_consent", *PERPETRATOR_COLUMNS, "perpetrator_role")
REQUIRED = ("case_reference", "case_title", "incident_number", "incident_date",
            "incident_province", "violation_number", "violation_type")
WHOLE_NUMBERS = {"age", "unnamed_men", "unnamed_women", "unnamed_boys", "unnamed_girls",
                 "unnamed_unknown"}
MAX_FIELD = 200_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.lines: dict[tuple[str, int], int] = {}
        self.problems: list[Problem] = []
        self.keys: dict[tuple[str, tuple[Any, ...]], dict[str, Any]] = {}
        self.links: set[tuple[str, int, int]] = set()

    def add(self, table: str, key: tuple[Any, ...], values: dict[str, Any], line: int
            ) -> dict[str, Any]:
        """The row of ``table`` known by ``key``, made now or checked against ``values``."""
        known = self.keys.get((table, key))
        if known is None:
            rows = self.tables.setdefault(table, [])
            known = {"id": len(rows) + 1, **values}
            self.lines[(table, len(rows))] = line
            rows.append(known)
            self.keys[(table, key)] = known
            return known
        for name, value in values.items():
            if value != known.get(name):
                self.problem(line, table, name, ValidationError(
                    name, N_("Differs from the row that began this {table} (line {line}): "
                             "repeat the same value on every row."), table=table,
                    line=self.lines.get((table, known["id"] - 1), "?")))
                break
        return known

    def link(self, table: str, first: str, first_id: int, second: str, second_id: int,
             extra: dict[str, Any], line: int) -> None:
        if (table, first_id, second_id) in self.links:
            return
        self.links.add((table, first_id, second_id))
        rows = self.tables.setdefault(table, [])
        self.lines[(table, len(rows))] = line
        rows.append({"id": len(rows) + 1, first: first_id, second: second_id, **extra})

    def problem(self, line: int, table: str, field: str, error: ValidationError) -> None:
        self.problems.append(Problem(self.name, line, f"{table}, row", field,
                                     error.message()))


def _rows(text: str, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        unknown = [column for column in header if column not in HEADER]
        missing = [column for column in REQUIRED if column not in header]
        if unknown or missing or len(set(header)) != len(header):
            raise NotReadable("file", N_("{name}, line 1: not the header of a file of cases "
                                         "(unknown: {unknown}; missing: {missing}). The "
                                         "columns are listed in the README."), name=name,
                              unknown=", ".join(unknown) or "-",
                              missing=", ".join(missing) or "-")
        for row in reader:
            if None in row:
                raise NotReadable("file", N_("{name}, line {line}: more values than "
                                             "columns."), name=name, line=reader.line_num)
            yield reader.line_num, {key: _unquoted((value or "").strip())
                                    for key, value in row.items()}
    except csv.Error as exc:
        raise NotReadable("file", N_("{name}, line {line}: not CSV ({reason})."), name=name,
                          line=reader.line_num, reason=str(exc)) from None


def _unquoted(cell: str) -> str:
    """A cell as written by ``_cell``: the quote mark that kept a formula out goes."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def _typed(values: dict[str, str], line: int, table: str, reader: _Reader
           ) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in WHOLE_NUMBERS and value:
            try:
                out[name] = int(value)
            except ValueError:
                reader.problem(line, table, name, ValidationError(
                    name, N_("{value} is not a whole number."), value=value))
                return None
        else:
            out[name] = value or None
    return out


def _pick(row: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    return {field: row.get(column, "") for column, field in columns.items()}


def read(text: str, name: str) -> Document:
    reader = _Reader(name)
    for line, row in _rows(text, name):
        if not any(row.values()):
            continue
        reference = row.get("case_reference", "")
        case = _typed(_pick(row, CASE_COLUMNS), line, "case_file", reader)
        incident = _typed(_pick(row, INCIDENT_COLUMNS), line, "incident", reader)
        violation = _typed(_pick(row, VIOLATION_COLUMNS), line, "violation", reader)
        if case is None or incident is None or violation is None:
            continue
        case_row = reader.add("case_file", (reference,), case, line)
        incident_row = reader.add("incident", (reference, row.get("incident_number")),
                                  {**incident, "case": case_row["id"]}, line)
        violation_row = reader.add(
            "violation", (reference, row.get("incident_number"), row.get("violation_number")),
            {**violation, "incident": incident_row["id"], "case": case_row["id"]}, line)
        if row.get("victim_code"):
            victim = _typed(_pick(row, VICTIM_COLUMNS), line, "victim", reader)
            if victim is None:
                continue
            victim_row = reader.add("victim", (reference, row["victim_code"]),
                                    {**victim, "case": case_row["id"]}, line)
            reader.link("victim_violation", "victim", victim_row["id"], "violation",
                        violation_row["id"],
                        {"involvement": row.get("victim_involvement") or "direct"}, line)
            for purpose in filter(None, (p.strip() for p in
                                         row.get("victim_consent", "").split(";"))):
                reader.add("consent", (reference, row["victim_code"], purpose),
                           {"victim": victim_row["id"], "purpose": purpose, "given": True},
                           line)
        if row.get("perpetrator_category"):
            perpetrator = _pick(row, PERPETRATOR_COLUMNS)
            perpetrator_row = reader.add(
                "perpetrator", (reference, perpetrator["category_code"], perpetrator["unit"],
                                perpetrator["name"]),
                {**perpetrator, "case": case_row["id"]}, line)
            reader.link("perpetrator_involvement", "perpetrator", perpetrator_row["id"],
                        "violation", violation_row["id"],
                        {"role": row.get("perpetrator_role") or "direct"}, line)
    lines = reader.lines
    return Document(name, reader.tables, {}, lambda table, index: lines.get((table, index)),
                    reader.problems)


def write(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """The spreadsheet of an export's tables (documentation only, as the module says)."""
    by_id = {name: {row["id"]: row for row in rows} for name, rows in tables.items()}
    victims_of: dict[int, list[tuple[dict[str, Any], str]]] = {}
    for link in tables.get("victim_violation", []):
        victims_of.setdefault(link["violation"], []).append(
            (by_id["victim"][link["victim"]], link["involvement"]))
    perpetrators_of: dict[int, list[tuple[dict[str, Any], str]]] = {}
    for link in tables.get("perpetrator_involvement", []):
        perpetrators_of.setdefault(link["violation"], []).append(
            (by_id["perpetrator"][link["perpetrator"]], link["role"]))
    consents: dict[int, list[str]] = {}
    for consent in tables.get("consent", []):
        if consent["given"] and not consent.get("revoked_at"):
            consents.setdefault(consent["victim"], []).append(consent["purpose"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    numbers: dict[int, int] = {}
    per_case: dict[int, int] = {}
    for violation in tables.get("violation", []):
        incident = by_id["incident"][violation["incident"]]
        case = by_id["case_file"][violation["case"]]
        if incident["id"] not in numbers:
            per_case[case["id"]] = per_case.get(case["id"], 0) + 1
            numbers[incident["id"]] = per_case[case["id"]]
        incident_number = numbers[incident["id"]]
        base = {**{column: case.get(field) for column, field in CASE_COLUMNS.items()},
                "incident_number": incident_number,
                **{column: incident.get(field) for column, field in INCIDENT_COLUMNS.items()},
                "violation_number": violation["id"],
                **{column: violation.get(field) for column, field in
                   VIOLATION_COLUMNS.items()}}
        victims = victims_of.get(violation["id"], [])
        perpetrators = perpetrators_of.get(violation["id"], [])
        for k in range(max(1, len(victims), len(perpetrators))):
            row = dict(base)
            if k < len(victims):
                victim, involvement = victims[k]
                row.update({column: victim.get(field) for column, field in
                            VICTIM_COLUMNS.items()})
                row.update(victim_involvement=involvement,
                           victim_consent=";".join(consents.get(victim["id"], [])))
            if k < len(perpetrators):
                perpetrator, role = perpetrators[k]
                row.update({column: perpetrator.get(field) for column, field in
                            PERPETRATOR_COLUMNS.items()})
                row.update(perpetrator_role=role)
            writer.writerow([_cell(row.get(column)) for column in HEADER])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    """A value as a cell; text a spreadsheet would run as a formula gets a leading quote
    mark, as the statistics' CSV does."""
    if value is None:
        return ""
    text = str(value)
    if text[:1] in FORMULA_STARTS or text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return "'" + text
    return text
