"""The statistics service (``figures.statistics``) for a year, as the Goma supervisor (their
office) and as the national supervisor (every office), each beside the same counts written
as plain SQL over the counted facts and run on the same database through ``sqlcipher3``
(``rawsql.connect``), in the same run; and the Markdown document of the office's year
(``export.render``), when that module is there.

The service figure is what the Statistics screen and ``jhro report stats`` wait for: every
table, the periods compared (the previous year and the year before, here the same), and the
tables the justice and detention modules add (timed apart too: their SQL is not in the
baseline). The SQL is ``counting.py``'s statements written out: one ``GROUP BY`` per table
over ``counted_violation``, ``counted_victim`` and ``counted_perpetrator``.

    python -m bench.statistics [DATA_DIR] [--repeat N]    only these figures (default: the
                                                          100,000-case caseload, built if
                                                          needed)
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from typing import Any

from bench import caseload, rawsql, report
from bench.justice import timed
from bench.stats import Row, Samples, Target

SUPERVISOR = "supervisor"
NATIONAL = "national.supervisor"
OFFICE = "Goma"
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
"""A whole year inside the demo's window (2019 to October 2026)."""
TARGET = Target("< 100 ms", limit=0.100)

_WHERE = ("f.day BETWEEN :start AND :end AND f.last_day <= :end "
          "AND f.verification != 'not_a_violation'{office}")
COUNTED = f"WITH counted AS (SELECT f.* FROM counted_violation f WHERE {_WHERE})"
NAMED = f"{COUNTED}, named AS (SELECT f.* FROM counted_victim f WHERE {_WHERE})"
OFFICE_ONLY = " AND f.office = :office"

MONTH = "CASE precision WHEN 'year' THEN 'year' ELSE substr(day, 1, 7) END"
TALLIED = "unnamed_men + unnamed_women + unnamed_boys + unnamed_girls + unnamed_unknown"
KILLING = "type_code IN ('LIFE.EXTRAJUDICIAL_KILLING', 'LIFE.SUMMARY_EXECUTION')"
SEX = "CASE WHEN sex IN ('female', 'male') THEN sex ELSE 'unknown' END"
AGE = "CASE WHEN age_group IN ('adult', 'child') THEN age_group ELSE 'unknown' END"
PERPETRATORS = " LEFT JOIN counted_perpetrator p ON p.violation_id = counted.violation_id"

HEADLINE = [
    f"{COUNTED} SELECT count(DISTINCT incident_id), count(*), "
    "coalesce(sum(verification = 'verified'), 0), "
    f"coalesce(sum({TALLIED}), 0), coalesce(sum(unnamed_boys + unnamed_girls), 0), "
    f"coalesce(sum(CASE WHEN {KILLING} THEN {TALLIED} END), 0) FROM counted",
    f"{NAMED} SELECT count(DISTINCT victim_id), "
    f"count(DISTINCT CASE WHEN {AGE} = 'child' THEN victim_id END), "
    f"count(DISTINCT CASE WHEN {KILLING} THEN victim_id END) FROM named",
]
"""The summary's figures: run for the year, the previous one and a year earlier."""


def _named_by(key: str) -> str:
    return f"{NAMED} SELECT {key} AS k, count(DISTINCT victim_id) FROM named GROUP BY k"


def _violations_by(key: str) -> str:
    return (f"{COUNTED} SELECT {key} AS k, count(DISTINCT counted.violation_id) "
            f"FROM counted{PERPETRATORS} GROUP BY k")


TABLES = [
    f"{COUNTED} SELECT {MONTH} AS m, type_code, province, territory, count(*), "
    "sum(verification = 'verified'), sum(unnamed_men), sum(unnamed_women), "
    "sum(unnamed_boys), sum(unnamed_girls), sum(unnamed_unknown) FROM counted "
    "GROUP BY m, type_code, province, territory",
    f"{COUNTED} SELECT {MONTH} AS m, province, territory, count(DISTINCT incident_id) "
    "FROM counted GROUP BY m, province, territory",
    _named_by(MONTH),
    _named_by("type_code"),
    _named_by("substr(type_code, 1, instr(type_code || '.', '.') - 1)"),
    _violations_by("coalesce(p.top, '')"),
    _violations_by("coalesce(p.category, '')"),
    _named_by("province"),
    _named_by("province || '/' || territory"),
    _named_by(f"{SEX} || '/' || {AGE}"),
]
"""By month, type and place (rolled up in Python), incidents, and what does not add up:
named victims by month, type, category, province, territory, sex and age; violations by
perpetrator category."""


def raw_counts(conn: Any, office: str | None) -> list[list[tuple[Any, ...]]]:
    """Every statement of the service's counts, for the year and (headline) the periods it
    is compared with; ``office`` None: every office."""
    where = {"office": OFFICE_ONLY if office else ""}
    year = {"start": YEAR[0].isoformat(), "end": YEAR[1].isoformat()}
    before = {"start": YEAR[0].replace(year=YEAR[0].year - 1).isoformat(),
              "end": YEAR[1].replace(year=YEAR[1].year - 1).isoformat()}
    if office:
        year["office"] = before["office"] = office
    results = []
    for sql in [*HEADLINE, *TABLES]:
        results.append(conn.execute(sql.format(**where), year).fetchall())
    for period in (before, before):  # the previous year, and the same year a year earlier
        for sql in HEADLINE:
            results.append(conn.execute(sql.format(**where), period).fetchall())
    return results


def _summary(found: Any) -> tuple[int, int, int]:
    values = {row.key: row.values[0] for row in found.table("summary").rows}
    return int(values["incidents"]), int(values["violations"]), int(values["victims"])


def _raw_summary(results: list[list[tuple[Any, ...]]]) -> tuple[int, int, int]:
    (incidents, violations, _verified, tallied, _young, _killed), = results[0]
    (named, _named_young, _named_killed), = results[1]
    return int(incidents), int(violations), int(tallied) + int(named)


def measure(data_dir: Path, repeat: int) -> list[Row]:
    from jhro_tui.config import Paths, Settings
    from jhro_tui.services import access
    from jhro_tui.services.reference import load_catalog
    from jhro_tui.services.session import login
    from jhro_tui.services.statistics import figures
    from jhro_tui.services.statistics.counting import Population
    from jhro_tui.store.models import CountedViolation

    has_export = importlib.util.find_spec("jhro_tui.services.statistics.export") is not None
    session = login(Paths(data_dir), Settings(), SUPERVISOR, caseload.PASSPHRASE)
    try:
        office_year = timed(lambda: figures.statistics(session, *YEAR), repeat)
        found = figures.statistics(session, *YEAR)

        def cases() -> None:
            with access.reading(session):
                figures.case_tables(Population(*YEAR, (OFFICE,)), load_catalog())

        def modules() -> None:
            with access.reading(session):
                figures.module_tables(Population(*YEAR, (OFFICE,)), load_catalog(), session)

        case_year = timed(cases, repeat)
        module_year = timed(modules, repeat)
        markdown: list[float] = []
        if has_export:
            from jhro_tui.services.statistics import export

            small = session.settings.statistics_small_cells
            markdown = timed(lambda: export.render(found, "md", small), repeat)
        with access.reading(session):
            facts = CountedViolation.select().count()
    finally:
        session.close()
    national = login(Paths(data_dir), Settings(), NATIONAL, caseload.PASSPHRASE)
    try:
        national_year = timed(lambda: figures.statistics(national, *YEAR,
                                                         office=figures.ALL_OFFICES), repeat)
        found_all = figures.statistics(national, *YEAR, office=figures.ALL_OFFICES)
    finally:
        national.close()

    key = rawsql.database_key(data_dir, SUPERVISOR, caseload.PASSPHRASE)
    conn = rawsql.connect(Path(data_dir) / "jhro.db", key)
    try:
        # The SQL counts what the service counts, or the comparison means nothing.
        for service, office in ((found, OFFICE), (found_all, None)):
            if _summary(service) != _raw_summary(raw_counts(conn, office)):
                raise SystemExit(f"bench.statistics: the raw SQL counts "
                                 f"{_raw_summary(raw_counts(conn, office))}, the service "
                                 f"{_summary(service)} ({office or 'all offices'})")
        raw_office = timed(lambda: raw_counts(conn, OFFICE), repeat)
        raw_all = timed(lambda: raw_counts(conn, None), repeat)
    finally:
        conn.close()
    scale = f"{facts:,} counted violations in all"
    label = "(the same counts in SQL, without the justice and detention tables)"
    rows = [
        Row(f"Statistics of a year's cases, Goma supervisor (`figures.case_tables`: "
            f"violations, victims, trends; {scale})", "s", Samples.of(case_year),
            Samples.of(raw_office), "(the same counts in SQL)", TARGET),
        Row("The justice and detention tables of that year (`figures.module_tables`: "
            "who was held past the limit on 31 December is assessed again from the facts "
            "known then)", "s", Samples.of(module_year)),
        Row("The whole of it, as the screen and the report wait for it "
            "(`figures.statistics`)", "s", Samples.of(office_year), Samples.of(raw_office),
            label),
        Row("Statistics for a year, national supervisor, every office "
            "(`figures.statistics`, office `*`)", "s", Samples.of(national_year),
            Samples.of(raw_all), label),
    ]
    if has_export:
        rows.append(Row("Markdown document of the Goma year (`export.render(…, \"md\")`, "
                        "the figures already counted)", "s", Samples.of(markdown)))
    return rows


def main(argv: list[str] | None = None) -> int:
    return report.run_alone(measure, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
