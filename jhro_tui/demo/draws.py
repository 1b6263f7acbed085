"""Random draws the generator makes many of, cheaper than ``random``'s own."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Options (value, weight), each drawn in proportion to its weight. The running totals
    are summed once: a case makes some twenty draws."""

    def __init__(self, options: Iterable[tuple[T, int]]) -> None:
        self.values: list[T] = []
        self.totals: list[int] = []
        running = 0
        for value, weight in options:
            running += weight
            self.values.append(value)
            self.totals.append(running)

    def draw(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.totals, rng.random() * self.totals[-1])]


def stamp(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment of office hours on ``day``."""
    microseconds = int(rng.random() * 12 * 3600 * 1_000_000)
    return dt.datetime.combine(day, dt.time(6)) + dt.timedelta(microseconds=microseconds)


def randint(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint`` at a fraction of its cost (inclusive bounds)."""
    return low + int(rng.random() * (high - low + 1))


def choice(rng: random.Random, options: Sequence[T]) -> T:
    return options[int(rng.random() * len(options))]
