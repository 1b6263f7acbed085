"""The marker ``jhro demo`` leaves in a directory it builds: that the directory is a
synthetic demo it may replace, and whether the build that made it finished.

Kept apart from the builder, which imports the whole generator: logging in reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jhro_tui.config import Paths
from jhro_tui.errors import UsageError
from jhro_tui.i18n import N_
from jhro_tui.security.files import atomic_write

NOTICE = "This directory holds a synthetic jhro demo caseload; `jhro demo` may replace it.\n"


@dataclass(frozen=True)
class DemoBuild:
    """What the marker says of the build that made the directory."""

    finished: bool | None
    """None for a marker written before builds recorded whether they finished."""
    cases: int | None = None
    seed: int | None = None


def write(paths: Paths, build: DemoBuild) -> None:
    state = "finished" if build.finished else "building"
    atomic_write(paths.demo_marker, (f"{NOTICE}state: {state}\ncases: {build.cases}\n"
                                     f"seed: {build.seed}\n").encode())


def read(paths: Paths) -> DemoBuild | None:
    """The build recorded in ``paths.data_dir``; None if it is not a demo directory."""
    try:
        text = paths.demo_marker.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    fields = dict(re.findall(r"^(state|cases|seed): *(\S+) *$", text, re.MULTILINE))
    if "state" not in fields:
        return DemoBuild(None)

    def number(name: str) -> int | None:
        value = fields.get(name, "")
        return int(value) if value.isdigit() else None

    return DemoBuild(fields["state"] == "finished", number("cases"), number("seed"))


def is_built(paths: Paths, cases: int, seed: int) -> bool:
    """Whether the directory holds a finished demo of ``cases`` cases from ``seed``."""
    build = read(paths)
    if build is None or build.finished is False:
        return False
    if build.finished is None:  # built before builds recorded how: kept, as it was then
        return paths.keyring.exists()
    return (build.cases, build.seed) == (cases, seed)


def refuse_unfinished(paths: Paths) -> None:
    """A build cut short leaves a database that is not what the builder makes (the case
    table's indexes come last, the journal is not yet the write-ahead log): say so rather
    than open it."""
    build = read(paths)
    if build is not None and build.finished is False:
        raise UsageError(N_("The demo caseload in {path} was not finished. Build it again "
                            "with: jhro demo --data-dir {path}"), path=paths.data_dir)
