"""The SQL that counts, over the counted facts (``facts.py``): a handful of GROUP BY
queries per period, never a case loaded.

What adds up is counted once at the finest grain and rolled up in Python from the
grouped rows (a few hundred): violations, verified violations and the victims recorded
as a number, by month × type × place; incidents by month × place (an incident has one
date and one place, but may hold violations of several types). What does not add up,
named victims (one person across several violations) and perpetrators (a violation may
have several), is counted distinct by SQL for each way of splitting it.

A ``Dimension`` is one way of splitting, as an SQL expression over ``counted``: the
figure and the list of cases behind it use the same expression.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jhro_tui.store.db import database

NOT_A_VIOLATION = "not_a_violation"
YEAR_ONLY = "year"
"""The month key of an incident known only to its year."""
NO_PERPETRATOR = ""

KILLING_TYPES = ("LIFE.EXTRAJUDICIAL_KILLING", "LIFE.SUMMARY_EXECUTION")
"""Extrajudicial killings by State agents and summary executions by others (BCNUDH usage,
see violation_types.csv)."""

TALLIES = ("unnamed_men", "unnamed_women", "unnamed_boys", "unnamed_girls", "unnamed_unknown")
TALLY_SEX_AGE = (("male", "adult"), ("female", "adult"), ("male", "child"),
                 ("female", "child"), ("unknown", "unknown"))
"""The sex and age group of each tally, in the order of ``TALLIES``."""


@dataclass(frozen=True)
class Population:
    """The violations that count: of validated cases of ``offices`` (None: every office)
    whose incident's date, at its precision, lies within ``start``…``end``."""

    start: dt.date
    end: dt.date
    offices: tuple[str, ...] | None
    consent_only: bool = False
    """Count a named victim only with their consent to statistics in force."""

    def shifted(self, start: dt.date, end: dt.date) -> Population:
        return Population(start, end, self.offices, self.consent_only)

    def counted(self, *, named: bool = False) -> tuple[str, list[Any]]:
        """``WITH counted AS (…)`` (and ``named``: a named victim on a counted violation,
        as validated), with its parameters."""
        params: list[Any] = [self.start.isoformat(), self.end.isoformat(),
                             self.end.isoformat(), NOT_A_VIOLATION]
        office = ""
        if self.offices is not None:
            office = f" AND f.office IN ({', '.join('?' for _ in self.offices) or 'NULL'})"
            params += list(self.offices)
        where = f"f.day BETWEEN ? AND ? AND f.last_day <= ? AND f.verification != ?{office}"
        sql = f"WITH counted AS (SELECT f.* FROM counted_violation f WHERE {where})"
        if named:
            consent = ""
            if self.consent_only:
                consent = (" AND EXISTS (SELECT 1 FROM consent k WHERE k.id = (SELECT "
                           "max(id) FROM consent WHERE victim_id = f.victim_id AND "
                           "purpose = 'statistics') AND k.given AND k.revoked_at IS NULL)")
            sql += f", named AS (SELECT f.* FROM counted_victim f WHERE {where}{consent})"
            params += params
        return sql + " ", params


@dataclass(frozen=True)
class Dimension:
    """A way of splitting the violations that count: an SQL expression over a row of
    ``counted`` (or, ``named``, of a named victim on it) giving a row's key; ``join``
    what it needs. ``tally`` gives the key of the victims recorded as a number of a
    sex and age group, for a split by who the victim is."""

    key: str
    join: str = ""
    named: bool = False
    tally: Callable[[str, str], str] | None = None


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN '1' ELSE '0' END"


_SEX = "CASE WHEN sex IN ('female', 'male') THEN sex ELSE 'unknown' END"
_AGE = "CASE WHEN age_group IN ('adult', 'child') THEN age_group ELSE 'unknown' END"

TOTAL = Dimension("''")
MONTH = Dimension(f"CASE precision WHEN 'year' THEN '{YEAR_ONLY}' "
                  "ELSE substr(day, 1, 7) END")
CATEGORY = Dimension("substr(type_code, 1, instr(type_code || '.', '.') - 1)")
TYPE = Dimension("type_code")
PROVINCE = Dimension("province")
TERRITORY = Dimension("province || '/' || territory")
VERIFIED = Dimension(_flag("verification = 'verified'"))
KILLING = Dimension(_flag(f"type_code IN ({', '.join(repr(code) for code in KILLING_TYPES)})"))
_PERPETRATORS = (" LEFT JOIN counted_perpetrator p "
                 "ON p.violation_id = counted.violation_id")
PERPETRATOR = Dimension(f"coalesce(p.category, '{NO_PERPETRATOR}')", _PERPETRATORS)
"""A perpetrator's category at its first two levels; '' for none recorded."""
PERPETRATOR_TOP = Dimension(f"coalesce(p.top, '{NO_PERPETRATOR}')", _PERPETRATORS)
SEX = Dimension(_SEX, named=True, tally=lambda sex, age: sex)
AGE = Dimension(_AGE, named=True, tally=lambda sex, age: age)
SEX_AGE = Dimension(f"{_SEX} || '/' || {_AGE}", named=True,
                    tally=lambda sex, age: f"{sex}/{age}")


def _rows(sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    yield from database.execute_sql(sql, params).fetchall()


@dataclass(frozen=True)
class Detail:
    """Violations of one month, type and place: what adds up."""

    month: str
    type_code: str
    province: str
    territory: str
    violations: int
    verified: int
    tallies: tuple[int, ...]
    """Victims recorded as a number, in the order of ``TALLIES``."""


def details(population: Population) -> list[Detail]:
    """Violations by month × type × place (a few hundred grouped rows)."""
    head, params = population.counted()
    sums = ", ".join(f"sum({column})" for column in TALLIES)
    sql = (f"{head}SELECT {MONTH.key} AS m, type_code, province, territory, count(*), "
           f"sum(verification = 'verified'), {sums} FROM counted "
           "GROUP BY m, type_code, province, territory")
    return [Detail(month, type_code, province, territory, int(count), int(verified),
                   tuple(int(value) for value in tallies))
            for month, type_code, province, territory, count, verified, *tallies
            in _rows(sql, params)]


def incidents(population: Population) -> dict[tuple[str, str, str], int]:
    """(month, province, territory) -> incidents."""
    head, params = population.counted()
    sql = (f"{head}SELECT {MONTH.key} AS m, province, territory, "
           "count(DISTINCT incident_id) FROM counted GROUP BY m, province, territory")
    return {(month, province, territory): int(count)
            for month, province, territory, count in _rows(sql, params)}


@dataclass(frozen=True)
class Headline:
    incidents: int
    violations: int
    verified: int
    victims: int
    children: int
    killed: int


def headline(population: Population) -> Headline:
    """The summary's figures, in two queries (for the periods compared with this one)."""
    head, params = population.counted()
    children = " + ".join(column for column, (_sex, age) in zip(TALLIES, TALLY_SEX_AGE,
                                                                 strict=True) if age == "child")
    tallied = " + ".join(TALLIES)
    sql = (f"{head}SELECT count(DISTINCT incident_id), count(*), "
           f"coalesce(sum(verification = 'verified'), 0), coalesce(sum({tallied}), 0), "
           f"coalesce(sum({children}), 0), "
           f"coalesce(sum(CASE WHEN {KILLING.key} = '1' THEN {tallied} END), 0) FROM counted")
    incidents, violations, verified, victims, young, killed = next(_rows(sql, params))
    head, params = population.counted(named=True)
    sql = (f"{head}SELECT count(DISTINCT victim_id), "
           f"count(DISTINCT CASE WHEN {AGE.key} = 'child' THEN victim_id END), "
           f"count(DISTINCT CASE WHEN {KILLING.key} = '1' THEN victim_id END) FROM named")
    named, named_young, named_killed = next(_rows(sql, params))
    return Headline(int(incidents), int(violations), int(verified), int(victims + named),
                    int(young + named_young), int(killed + named_killed))


def violations(population: Population, dimension: Dimension) -> dict[str, int]:
    """Key -> distinct violations (for a split where one violation may fall in several
    rows: its perpetrators' categories)."""
    head, params = population.counted()
    sql = (f"{head}SELECT {dimension.key} AS k, count(DISTINCT counted.violation_id) "
           f"FROM counted{dimension.join} GROUP BY k")
    return {key: int(count) for key, count in _rows(sql, params)}


def named_victims(population: Population, dimension: Dimension) -> dict[str, int]:
    """Key -> named victims, each counted once in a row however many of its violations
    fall in it."""
    head, params = population.counted(named=True)
    sql = (f"{head}SELECT {dimension.key} AS k, count(DISTINCT victim_id) FROM named "
           "GROUP BY k")
    return {str(key): int(count) for key, count in _rows(sql, params)}


def cases_behind(population: Population, dimension: Dimension, key: str, *,
                 victims: bool = False) -> tuple[str, list[Any]]:
    """``SELECT case_id …``: the cases with a violation that counts in the row ``key`` of
    ``dimension``; with ``victims``, only those where a victim counts in it (a named one,
    or one recorded as a number)."""
    if not (victims or dimension.named):
        head, params = population.counted()
        return (f"{head}SELECT DISTINCT counted.case_id FROM counted{dimension.join} "
                f"WHERE {dimension.key} = ?", [*params, key])
    head, params = population.counted(named=True)
    named = f"{head}SELECT case_id FROM named WHERE {dimension.key} = ?"
    if dimension.tally is not None:
        tallied = [column for column, (sex, age) in zip(TALLIES, TALLY_SEX_AGE, strict=True)
                   if dimension.tally(sex, age) == key]
        if not tallied:
            return named, [*params, key]
        return (f"{named} UNION SELECT case_id FROM counted WHERE "
                + " OR ".join(f"{column} > 0" for column in tallied), [*params, key])
    return (f"{named} UNION SELECT case_id FROM counted WHERE {dimension.key} = ? "
            f"AND {' + '.join(TALLIES)} > 0", [*params, key, key])
