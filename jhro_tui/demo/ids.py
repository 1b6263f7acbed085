"""Which case is which: its random source, its date and reference, its rows' ids."""

from __future__ import annotations

import datetime as dt
import random
from array import array
from dataclasses import dataclass, field
from typing import Any

from peewee import Model

from jhro_tui.demo.vocabulary import OFFICE_DRAW
from jhro_tui.store.models import (
    Case,
    FollowUp,
    Incident,
    Note,
    Perpetrator,
    Referral,
    Source,
    Victim,
    Violation,
)

WINDOW_START = dt.date(2019, 1, 1)
WINDOW_END = dt.date(2026, 10, 31)


@dataclass
class Rows:
    """Rows of one piece, per model, each as the values of its fields by name (what
    ``Model.create`` takes); ``supply.encode`` gives them the model's shape."""

    tables: dict[type[Model], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[Model], **values: Any) -> None:
        self.tables.setdefault(model, []).append(values)


# Rows that other rows point to get explicit ids from a fixed number of slots per case, so
# that any chunk can be generated on its own (in another process) and still link.
SLOTS: dict[type[Model], int] = {Incident: 2, Violation: 6, Perpetrator: 2, Victim: 4,
                                 Referral: 8, Source: 2, Note: 3, FollowUp: 2}


class CaseIds:
    """The ids of one case's rows: case ``n`` owns slots ``(n-1)*k+1 .. n*k`` per table."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.used: dict[type[Model], int] = {}

    def take(self, model: type[Model]) -> int:
        if model is Case:
            return self.number
        index = self.used.get(model, 0)
        slots = SLOTS[model]
        assert index < slots, f"more than {slots} {model.__name__} rows in one case"
        self.used[model] = index + 1
        return (self.number - 1) * slots + index + 1


def case_rng(seed: int, number: int) -> random.Random:
    """The random source of case ``number``: its first draw is its office."""
    return random.Random(seed * 10_000_019 + number)


class Timeline:
    """When case ``n`` of ``count`` was opened, and its reference.

    Cases are numbered in the order they were opened, spread over the window a little
    more densely in recent years; so the date of any case is known without generating the
    ones before it. Its reference counts the cases of its office in its year
    (``office_numbers``, worked out once for the whole caseload).
    """

    def __init__(self, count: int, end: dt.date, office_numbers: bytes = b"",
                 codes: dict[str, str] | None = None) -> None:
        self.count = max(count, 1)
        self.end = end
        self.days = (end - WINDOW_START).days
        self.numbers = array("I", office_numbers)
        self.codes = codes or {}

    def opened_on(self, number: int) -> dt.date:
        share = (number - 1) / max(self.count - 1, 1)
        return WINDOW_START + dt.timedelta(days=int(self.days * share ** 0.8))

    def reference(self, number: int, office: str) -> str:
        year = self.opened_on(number).year
        return f"{self.codes[office]}-{year:04d}-{self.numbers[number - 1]:04d}"


def office_numbers(seed: int, count: int, timeline: Timeline
                   ) -> tuple[bytes, dict[tuple[str, int], int]]:
    """Each case's number within its office and year (as ``array("I")`` bytes), and the
    last number each office used in each year: one draw per case, as ``Generator.case``
    draws its office first."""
    numbers = array("I")
    last: dict[tuple[str, int], int] = {}
    for number in range(1, count + 1):
        key = (OFFICE_DRAW.draw(case_rng(seed, number)).name, timeline.opened_on(number).year)
        last[key] = last.get(key, 0) + 1
        numbers.append(last[key])
    return numbers.tobytes(), last


@dataclass(frozen=True)
class Staff:
    by_office: dict[str, list[tuple[int, str]]]
    """Officers (id, name) of each office."""
    supervisors: dict[str, int]
    all_officers: list[tuple[int, str, str]]
    """(id, name, office) of every officer, for shares across offices."""
    names: dict[int, tuple[str, str]]
    """(name, full name) of every account, by id."""


