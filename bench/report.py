"""RESULTS.md: the figures table, the SQLCipher table and the growth table, as Markdown."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import caseload
from bench.stats import Row, Samples

GROWTH_START = "<!-- growth table: python -m bench.run --scale N adds a row -->"
GROWTH_END = "<!-- end of growth table -->"


def number(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "s":
        milliseconds = value * 1000
        if milliseconds >= 1000:
            return f"{value:.2f} s"
        return f"{milliseconds:.0f} ms" if milliseconds >= 10 else f"{milliseconds:.1f} ms"
    if unit == "B":
        return f"{value:,.0f} B"
    if unit == "KiB":
        return f"{value / 1024:.0f} MiB"
    if unit == "cases/s":
        return f"{value:,.0f}/s"
    return f"{value:g} {unit}"


def verdict(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: ""}[met]


def figures_table(rows: Sequence[Row], machine_tag: str) -> str:
    lines = ["| Figure | Median | Min | Max | Baseline (median) | Ratio | Target | Met | "
             "Machine |",
             "|---|---:|---:|---:|---|---:|---|:---:|---|"]
    for row in rows:
        samples = row.samples
        if not samples:
            lines.append(f"| {row.figure} | — | — | — | {row.baseline_label or '—'} | — | "
                         f"{row.target.text if row.target else ''} | | {machine_tag} |")
            continue
        baseline = "—"
        if row.baseline:
            baseline = f"{number(row.baseline.median, row.unit)} {row.baseline_label}".strip()
        elif row.baseline_label:
            baseline = row.baseline_label
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        lines.append(
            f"| {row.figure} | {number(samples.median, row.unit)} | "
            f"{number(samples.low, row.unit)} | {number(samples.high, row.unit)} | "
            f"{baseline} | {ratio} | {row.target.text if row.target else ''} | "
            f"{verdict(row.verdict)} | {machine_tag} |")
    return "\n".join(lines)


def growth_table(growth: dict[str, dict[str, object]]) -> str:
    lines = [GROWTH_START,
             "| Cases | List, first page | Search keystroke | Open a case | Peak RSS | "
             "Measured |",
             "|---:|---:|---:|---:|---:|---|"]

    def cell(entry: dict[str, object], name: str, unit: str = "s") -> str:
        values = entry.get(name)
        if not isinstance(values, list) or not values:
            return "—"
        samples = Samples.of(values)
        raw = entry.get(name + ".raw")
        text = number(samples.median, unit)
        if isinstance(raw, list) and raw:
            text += f" (SQL {number(Samples.of(raw).median, unit)})"
        return text

    for cases in sorted(growth, key=int):
        entry = growth[cases]
        rss = entry.get("peak_rss_kib")
        lines.append(
            f"| {int(cases):,} | {cell(entry, 'list.first_page')} | "
            f"{cell(entry, 'list.search_keystroke')} | {cell(entry, 'case.open')} | "
            f"{number(float(rss), 'KiB') if isinstance(rss, int | float) else '—'} | "
            f"{entry.get('measured', '')} |")
    lines.append(GROWTH_END)
    return "\n".join(lines)


def replace_growth(text: str, table: str) -> str:
    start = text.find(GROWTH_START)
    end = text.find(GROWTH_END)
    if start < 0 or end < 0:
        return text.rstrip() + "\n\n" + table + "\n"
    return text[:start] + table + text[end + len(GROWTH_END):]


def run_alone(measure: Callable[[Path, int], Sequence[Row]], description: str | None,
              argv: list[str] | None = None) -> int:
    """A bench module run by itself (``python -m bench.justice [DATA_DIR]``): its rows
    measured on the 100,000-case caseload (built if missing), printed one a line."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or caseload.ensure(100_000, 1)[0]
    for row in measure(data_dir, args.repeat):
        baseline = row.baseline or Samples(())
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        print(f"{row.figure}: median {number(row.samples.median, row.unit)}, "
              f"min {number(row.samples.low, row.unit)}; SQL "
              f"{number(baseline.median, row.unit)}; ratio {ratio}")
    return 0
