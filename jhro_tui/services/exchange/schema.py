"""The JSON Schema of a file of cases, made from the same table list the import reads
(``graph``), so the two cannot disagree: ``python -m jhro_tui.services.exchange.schema``
writes ``data/schema/jhro-cases-v1.schema.json``, and a test fails when the committed
file is not what this makes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jhro_tui.services.exchange.document import FORMAT, VERSION
from jhro_tui.services.exchange.graph import DERIVED, LEFT_OUT, TABLES, Column, Table
from jhro_tui.services.exchange.values import CHOICE_OF, VOCABULARY_OF
from jhro_tui.services.forms import CHOICES

FILE = (Path(__file__).resolve().parents[3] / "data" / "schema"
        / f"jhro-cases-v{VERSION}.schema.json")

_KINDS: dict[str, dict[str, Any]] = {
    "id": {"type": "integer", "description": "this row's id in the file, which links name"},
    "case": {"type": ["integer", "null"], "description": "the id of a case_file row"},
    "link": {"type": ["integer", "null"]},
    "account": {"type": ["string", "null"],
                "description": "who did it where the file was written (read, not kept: "
                               "the importing account is the author here)"},
    "out": {"type": "null", "description": "not carried by a file"},
    "text": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "boolean": {"type": ["boolean", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
    "datetime": {"type": ["string", "null"], "format": "date-time",
                 "description": "UTC unless an offset is given"},
    "blob": {"type": ["string", "null"], "contentEncoding": "base64"},
    "partial": {"type": ["string", "null"],
                "pattern": r"^~?\d{4}(-\d{2}(-\d{2})?)?$|^~?(\d{1,2}/)?\d{1,2}/\d{4}$",
                "description": "a date known to the year, the month or the day, ~ if "
                               "estimated: 2024, 2024-03, ~15/03/2024"},
}


def _column(table: Table, column: Column) -> dict[str, Any]:
    schema = dict(_KINDS[column.kind])
    if column.kind == "link":
        schema["description"] = f"the id of a {column.target} row"
    if column.name in VOCABULARY_OF and column.kind == "text":
        schema["description"] = (f"a code of the reference list "
                                 f"{VOCABULARY_OF[column.name]}, or its English or French "
                                 f"label")
    choice = CHOICE_OF.get((table.name, column.name))
    if choice is not None:
        schema["type"] = ["string", "integer", "null"]
        schema["description"] = ("one of " + ", ".join(str(code) for code in CHOICES[choice])
                                 + ", or its English or French label")
    return schema


def _table(table: Table) -> dict[str, Any]:
    properties = {column.name: _column(table, column) for column in table.columns}
    for name in sorted(DERIVED.get(table.name, ())):
        properties.setdefault(name, {})["description"] = (
            "written for a reader; the importing side works it out")
    if table.name == "case_file":
        properties["reference"] = {"type": "string", "description": (
            "the case's reference where the file was written: kept as its source "
            "reference, and a case whose reference was imported before is left out")}
    required = ["id"] + [c.name for c in table.columns
                         if c.required and c.kind in ("case", "link")]
    if table.name == "case_file":
        required.append("reference")
    return {"type": "object", "required": required, "properties": properties,
            "additionalProperties": False,
            "description": "carried with the cases that need it" if table.carried
            else "hangs on a case"}


def schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"jhro file of cases, version {VERSION}",
        "description": ("Rows of each table, linked by the ids they have in the file. "
                        "Not carried: " + "; ".join(f"{name} ({why})"
                                                    for name, why in LEFT_OUT.items())),
        "type": "object",
        "required": ["format", "version", "tables"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "tables": {"type": "object", "additionalProperties": False, "properties": {
                table.name: {"type": "array", "items": {"$ref": f"#/$defs/{table.name}"}}
                for table in TABLES}},
        },
        "$defs": {table.name: _table(table) for table in TABLES},
    }


def text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    FILE.parent.mkdir(parents=True, exist_ok=True)
    FILE.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"{FILE}\n")
