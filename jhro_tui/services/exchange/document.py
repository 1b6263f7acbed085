"""A file of cases read into memory: its tables of rows, and where each row began.

The format (``FORMAT``, ``VERSION``) is the JSON Schema of ``data/schema``::

    {"format": "jhro.cases", "version": 1, ..., "tables": {"case_file": [{...}], ...}}

Rows name their parents by the ``id`` they have in the file. Errors are reported with
the line a row starts on; JSON parsers do not say where a value was, so the lines are
found only when there is an error to report, by one scan of the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_, _, format_number, ngettext

FORMAT = "jhro.cases"
VERSION = 1


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    where: str
    """The row: ``victim 3`` (its id in the file) or the table's row number."""
    field: str
    message: str
    """Translated already: the reason, with the values it quotes made safe."""

    def __str__(self) -> str:
        place = _("{file}, line {line}").format(file=self.file, line=self.line) \
            if self.line else self.file
        return f"{place}, {self.where}, {self.field}: {self.message}"


class ImportRefused(JhroError):
    """Problems were found: nothing was imported."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(count=len(problems))
        self.problems = tuple(problems)

    def message(self) -> str:
        return ngettext("{count} problem in the file: nothing was imported.",
                        "{count} problems in the file: nothing was imported.",
                        len(self.problems)).format(count=format_number(len(self.problems)))


@dataclass
class Document:
    name: str
    """The file's name, as errors name it."""
    tables: dict[str, list[Any]]
    header: dict[str, Any] = field(default_factory=dict)
    line_of: Callable[[str, int], int | None] = lambda table, index: None
    """The line where row ``index`` of ``table`` starts (found on demand)."""
    problems: list[Problem] = field(default_factory=list)
    """What reading found already (rows of a spreadsheet that disagree)."""


class NotReadable(ValidationError):
    """The file as a whole cannot be read: not UTF-8, not JSON, another format."""


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise NotReadable("file", N_("{name}, line {line}: not UTF-8 text (byte {byte} of "
                                     "the file)."), name=name, line=line,
                          byte=exc.start + 1) from None


def read_json(text: str, name: str) -> Document:
    try:
        raw = json.loads(text)
    except RecursionError:
        raise NotReadable("file", N_("{name}: nested too deeply to be a file of cases."),
                          name=name) from None
    except json.JSONDecodeError as exc:
        raise NotReadable("file", N_("{name}, line {line}: not valid JSON ({reason})."),
                          name=name, line=exc.lineno, reason=exc.msg) from None
    except ValueError:  # a number of thousands of digits
        raise NotReadable("file", N_("{name}: a number in it is too long to be read."),
                          name=name) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise NotReadable("file", N_("{name} is not a jhro file of cases (its \"format\" "
                                     "is not \"{format}\")."), name=name, format=FORMAT)
    if raw.get("version") != VERSION:
        raise NotReadable("file", N_("{name} is version {version} of the format; this jhro "
                                     "reads version {supported}."), name=name,
                          version=str(raw.get("version")), supported=VERSION)
    tables = raw.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(rows, list)
                                               for rows in tables.values()):
        raise NotReadable("file", N_("{name}: \"tables\" must map each table to a list of "
                                     "rows."), name=name)
    header = {key: value for key, value in raw.items() if key != "tables"}
    lines: dict[tuple[str, int], int] = {}

    def line_of(table: str, index: int) -> int | None:
        if not lines:
            lines.update(_row_lines(text))
        return lines.get((table, index))

    return Document(name, tables, header, line_of)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def _row_lines(text: str) -> dict[tuple[str, int], int]:
    """Where each row of ``{"tables": {name: [row, ...]}}`` starts, by one scan."""
    found: dict[tuple[str, int], int] = {}
    stack: list[str] = []
    keys: list[str | None] = []
    last_string: str | None = None
    counts: dict[str, int] = {}
    line, position = 1, 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == ":":
            if keys:
                keys[-1] = last_string
            continue
        if token.startswith('"'):
            last_string = token[1:-1]
            continue
        if token in "{[":
            if token == "{" and len(stack) == 3 and stack[2] == "[" and \
                    keys[0] == "tables" and keys[1] is not None:
                table = keys[1]
                line += text.count("\n", position, match.start())
                position = match.start()
                found[(table, counts.get(table, 0))] = line
                counts[table] = counts.get(table, 0) + 1
            stack.append(token)
            keys.append(None)
        else:
            if stack:
                stack.pop()
                keys.pop()
    return found


def dumps(header: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """The file: one row per line, so that a reader (and an error's line) finds it."""
    parts = ["{"]
    for key, value in header.items():
        parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    parts.append('"tables": {')
    names = [name for name, rows in tables.items()]
    for t, name in enumerate(names):
        rows = tables[name]
        parts.append(f"{json.dumps(name)}: [")
        for r, row in enumerate(rows):
            comma = "," if r < len(rows) - 1 else ""
            parts.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + comma)
        parts.append("]" + ("," if t < len(names) - 1 else ""))
    parts.append("}}")
    return ("\n".join(parts) + "\n").encode("utf-8")
