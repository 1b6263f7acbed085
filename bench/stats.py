"""Samples, their summary, and one row of the results table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Samples:
    """Repeated measurements of one quantity, in its unit (seconds, bytes, KiB, cases/s)."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float]) -> Samples:
        return cls(tuple(float(value) for value in values))

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def low(self) -> float:
        return min(self.values) if self.values else float("nan")

    @property
    def high(self) -> float:
        return max(self.values) if self.values else float("nan")

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class Target:
    """What a figure must reach: ``limit`` in the figure's unit, or at most ``ratio``."""

    text: str
    limit: float | None = None
    """Upper bound (or lower bound when ``higher_is_better``) on the median."""
    ratio: float | None = None
    """Upper bound on median / baseline median."""
    higher_is_better: bool = False

    def met(self, figure: Samples, baseline: Samples | None) -> bool | None:
        verdicts: list[bool] = []
        if self.limit is not None and figure:
            verdicts.append(figure.median >= self.limit if self.higher_is_better
                            else figure.median < self.limit)
        if self.ratio is not None and figure and baseline:
            verdicts.append(figure.median <= self.ratio * baseline.median)
        return all(verdicts) if verdicts else None


@dataclass
class Row:
    """One line of RESULTS.md."""

    figure: str
    unit: str
    samples: Samples
    baseline: Samples | None = None
    baseline_label: str = ""
    target: Target | None = None
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.samples or not self.baseline or not self.baseline.median:
            return None
        return self.samples.median / self.baseline.median

    @property
    def verdict(self) -> bool | None:
        return self.target.met(self.samples, self.baseline) if self.target else None
