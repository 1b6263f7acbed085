"""The Statistics screen and the monthly report: an office's figures for a period, their
trends, and the cases behind any figure.

Supervisors only: an officer reaches no figure (they could count cases they may not see).
A supervisor's figures are their office's; one whose scope is ``national`` may ask for any
office or all of them, and still opens only the cases Visibility lets them see.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from peewee import SQL

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services import access
from jhro_tui.services.listing import summaries
from jhro_tui.services.reference import Catalog, load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.statistics import counting
from jhro_tui.services.statistics.counting import Dimension, Population
from jhro_tui.services.statistics.tables import (
    DIFFERENCE,
    TOTAL_ROW,
    Column,
    Drill,
    Row,
    Table,
)
from jhro_tui.services.views import CaseSummary
from jhro_tui.store.models import Account, Case, Office

NATIONAL = "national"
SCOPES = {"office": N_("Their office"), NATIONAL: N_("Every office (national)")}
ALL_OFFICES = "*"
"""What a national supervisor asks for to see every office together."""


@dataclass(frozen=True)
class Statistics:
    start: dt.date
    end: dt.date
    office: str
    """The office counted, or ``ALL_OFFICES``."""
    previous: tuple[dt.date, dt.date]
    year_earlier: tuple[dt.date, dt.date]
    tables: tuple[Table, ...]
    consent_only: bool

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


@dataclass(frozen=True)
class CasesBehind:
    """The cases behind one figure: those this account may open, a page of them."""

    title: str
    total: int
    """Cases behind the figure."""
    visible: int
    """Of them, those this account may open (the others are of another office)."""
    page: tuple[CaseSummary, ...]


# --- who may see which office's figures ---------------------------------------------------------

def scope(session: Session, action: str, office: str, start: dt.date, end: dt.date
          ) -> tuple[access.Actor, tuple[str, ...] | None, str]:
    """The preamble of every statistics service: a supervisor, of their own office unless
    their scope is national, for a period that does not end before it starts and is not
    in the future. Returns the account, the offices counted (None: all) and the office
    as named (``ALL_OFFICES`` for all). A refusal is a ``Denied``."""
    target = f"statistics:{office or 'own'}"
    who = access.case_actor(session, action, target)
    if not who.is_supervisor:
        raise access.Denied(action, target, f"role={who.role}", PermissionDenied())
    national = (Account.select(Account.scope).where(Account.id == who.id).scalar()
                == NATIONAL)
    office = office or (ALL_OFFICES if national and not who.office else who.office)
    if office != who.office and not national:
        raise access.Denied(action, target, "another office", PermissionDenied())
    if office != ALL_OFFICES and not Office.select().where(Office.name == office).exists():
        raise ValidationError("office", N_("Unknown office {office}."), office=office)
    if end < start:
        raise ValidationError("to", N_("The end ({end}) is before the start ({start})."),
                              end=end, start=start)
    return who, (None if office == ALL_OFFICES else (office,)), office


# --- the periods compared ------------------------------------------------------------------------

def _months(start: dt.date, end: dt.date) -> int | None:
    """How many whole calendar months the period is, or None if it is not whole months."""
    if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period just before, as long: as many months before a run of whole months,
    otherwise as many days."""
    months = _months(start, end)
    if months is not None:
        return _add_months(start, -months), start - dt.timedelta(days=1)
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)


def year_earlier(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same period a year before (whole months stay whole: February ends on its own
    last day)."""
    months = _months(start, end)
    if months is not None:
        first = _add_months(start, -12)
        return first, _add_months(first, months) - dt.timedelta(days=1)
    return _minus_year(start), _minus_year(end)


def _minus_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# --- the service ----------------------------------------------------------------------------------

MODULES = ("jhro_tui.services.justice.statistics", "jhro_tui.services.detention.statistics")
"""The modules whose figures join the statistics: each has ``tables(population, catalog,
session) -> list[Table]``, run in the same unit of work. A new module adds its line."""


def module_tables(population: Population, catalog: Catalog, session: Session
                  ) -> list[Table]:
    found: list[Table] = []
    for name in MODULES:
        found.extend(importlib.import_module(name).tables(population, catalog, session))
    return found


def statistics(session: Session, start: dt.date, end: dt.date, office: str = ""
               ) -> Statistics:
    """The figures of ``office`` (default: the supervisor's own) for ``start``…``end``,
    audited as a view of statistics (no case is named in them)."""
    action = "statistics.view"
    with access.unit(session) as audit:
        _who, offices, office = scope(session, action, office, start, end)
        found = compute(session, Population(start, end, offices, _consent_only(session)))
        audit(action, f"statistics:{office}", f"from={start} to={end}")
    return found


def _consent_only(session: Session) -> bool:
    return session.settings.statistics_victims == "consent"


def compute(session: Session, population: Population) -> Statistics:
    """Every table (inside the caller's unit of work)."""
    catalog = load_catalog()
    start, end = population.start, population.end
    tables = case_tables(population, catalog)
    tables.extend(module_tables(population, catalog, session))
    office = ALL_OFFICES if population.offices is None else population.offices[0]
    return Statistics(start, end, office, previous_period(start, end),
                      year_earlier(start, end), tuple(tables), population.consent_only)


def case_tables(population: Population, catalog: Catalog) -> list[Table]:
    """The tables of the validated cases' violations and victims (the modules' apart)."""
    start, end = population.start, population.end
    details = counting.details(population)
    incidents = counting.incidents(population)
    now = counting.headline(population)
    return [summary(population, now, previous_period(start, end), year_earlier(start, end)),
            by_month(population, details, incidents, now.victims),
            by_type(population, details, now.victims, catalog),
            by_perpetrator(population, details, catalog),
            by_place(population, details, incidents, now.victims, catalog),
            by_sex_age(population, details)]


# --- the tables -----------------------------------------------------------------------------------

UNIT_INCIDENTS = N_("incidents")
UNIT_VIOLATIONS = N_("violations")
UNIT_VICTIMS = N_("victims")
VICTIMS_NOTE = N_("A victim of several violations counts once in each row they fall in, "
                  "and once in the total: victims do not add up across rows.")
PRECISION_NOTE = N_("An incident counts by its date at its precision: a month-precision "
                    "incident in its month, a year-precision one only in figures for the "
                    "whole year.")
STATUS_NOTE = N_("Validated cases only (validated, in follow-up, closed); drafts and cases "
                 "waiting for validation never count.")


def _columns(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(key, _(label), _(unit), measure=key) for key, label, unit in specs)


INCIDENTS = ("incidents", N_("Incidents"), UNIT_INCIDENTS)
VIOLATIONS = ("violations", N_("Violations"), UNIT_VIOLATIONS)
VICTIMS = ("victims", N_("Victims"), UNIT_VICTIMS)


def _tally(details: Iterable[counting.Detail], key: Callable[[counting.Detail], str]
           ) -> tuple[dict[str, int], dict[str, int]]:
    """Violations and victims recorded as a number, rolled up by ``key``."""
    violations: dict[str, int] = {}
    tallied: dict[str, int] = {}
    for detail in details:
        group = key(detail)
        violations[group] = violations.get(group, 0) + detail.violations
        tallied[group] = tallied.get(group, 0) + sum(detail.tallies)
    return violations, tallied


def _victims(population: Population, dimension: Dimension, tallied: dict[str, int]
             ) -> dict[str, int]:
    named = counting.named_victims(population, dimension)
    return {key: named.get(key, 0) + tallied.get(key, 0) for key in named.keys() | tallied}


def summary(population: Population, now: counting.Headline,
            previous: tuple[dt.date, dt.date], earlier: tuple[dt.date, dt.date]) -> Table:
    """Headline figures of the period, against the previous period and a year earlier."""
    before = counting.headline(population.shifted(*previous))
    # For a year, the previous period is the year before: counted once.
    year_ago = before if earlier == previous else counting.headline(
        population.shifted(*earlier))
    rows = []
    for measure, (label, unit, drill) in HEADLINES.items():
        this, prior, then = (getattr(now, measure), getattr(before, measure),
                             getattr(year_ago, measure))
        rows.append(Row(measure, _(label), (this, prior, this - prior, then, this - then),
                        unit=_(unit), measure=measure, drills=(drill,)))
    # Short headings, so that the five columns fit 80 columns beside their labels; the
    # periods themselves are said in the sentence above the table.
    columns = (Column("period", _("This period"), ""),
               Column("previous", _("Previous"), ""),
               Column("change_previous", _("Difference"), "", kind=DIFFERENCE),
               Column("year_earlier", _("A year before"), ""),
               Column("change_year", _("Difference"), "", kind=DIFFERENCE))
    return Table("summary", _("Summary and trends"),
                 _("Each row says what it counts. This period: {period}; previous: "
                   "{previous}; a year before: {earlier}.").format(
                     period=_period_label(population.start, population.end),
                     previous=_period_label(*previous), earlier=_period_label(*earlier)),
                 columns, tuple(rows), None, (_(STATUS_NOTE), _(PRECISION_NOTE)),
                 chart=0, differences=((2, 0, 1), (4, 0, 3)))


HEADLINES: dict[str, tuple[str, str, Drill]] = {
    "incidents": (N_("Incidents"), UNIT_INCIDENTS, Drill("total", "")),
    "violations": (N_("Violations"), UNIT_VIOLATIONS, Drill("total", "")),
    "verified": (N_("Violations verified"), UNIT_VIOLATIONS, Drill("verified", "1")),
    "victims": (N_("Victims"), UNIT_VICTIMS, Drill("total", "", victims=True)),
    "children": (N_("Victims under 18"), UNIT_VICTIMS, Drill("age", "child", victims=True)),
    "killed": (N_("Killed in extrajudicial or summary executions"), UNIT_VICTIMS,
               Drill("killing", "1", victims=True)),
}
"""The summary's rows: what each counts, and its cases (those of the period only)."""


def _period_label(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


Incidents = dict[tuple[str, str, str], int]


def by_month(population: Population, details: list[counting.Detail], incidents_at: Incidents,
             all_victims: int) -> Table:
    incidents: dict[str, int] = {}
    for (month, _province, _territory), count in incidents_at.items():
        incidents[month] = incidents.get(month, 0) + count
    violations, tallied = _tally(details, lambda detail: detail.month)
    victims = _victims(population, counting.MONTH, tallied)
    months = []
    day = dt.date(population.start.year, population.start.month, 1)
    while day <= population.end:
        months.append(day.strftime("%Y-%m"))
        day = _add_months(day, 1)
    keys = months + ([counting.YEAR_ONLY] if counting.YEAR_ONLY in violations else [])
    rows = tuple(Row(key, key if key != counting.YEAR_ONLY else _("Month not known"),
                     (incidents.get(key, 0), violations.get(key, 0), victims.get(key, 0)),
                     drills=_drills("month", key, VIOLATIONS_THEN_VICTIMS)) for key in keys)
    total = Row(TOTAL_ROW, _("Total"), (sum(incidents.values()), sum(violations.values()),
                                        all_victims),
                drills=_drills("total", "", VIOLATIONS_THEN_VICTIMS))
    return Table("by_month", _("By month"), _("Counts incidents, violations and victims."),
                 _columns(INCIDENTS, VIOLATIONS, VICTIMS), rows, total,
                 (_(PRECISION_NOTE), _(VICTIMS_NOTE)), chart=1)


def by_type(population: Population, details: list[counting.Detail], all_victims: int,
            catalog: Catalog) -> Table:
    types, type_tallies = _tally(details, lambda detail: detail.type_code)
    categories, category_tallies = _tally(details, lambda detail: _first(detail.type_code))
    type_victims = _victims(population, counting.TYPE, type_tallies)
    category_victims = _victims(population, counting.CATEGORY, category_tallies)
    rows: list[Row] = []
    for category in _ordered(categories, catalog, "violation_type"):
        rows.append(Row(category, catalog.label("violation_type", category),
                        (categories[category], category_victims.get(category, 0)),
                        drills=_drills("category", category, (False, True))))
        rows.extend(Row(code, catalog.label("violation_type", code),
                        (types[code], type_victims.get(code, 0)), parent=category,
                        drills=_drills("type", code, (False, True)))
                    for code in _ordered(types, catalog, "violation_type")
                    if _first(code) == category and code != category)
    total = Row(TOTAL_ROW, _("Total"), (sum(types.values()), all_victims),
                drills=_drills("total", "", (False, True)))
    return Table("by_type", _("By category and type of violation"),
                 _("Counts violations and victims."), _columns(VIOLATIONS, VICTIMS),
                 tuple(rows), total, (_(VICTIMS_NOTE),), chart=0)


def by_perpetrator(population: Population, details: list[counting.Detail], catalog: Catalog
                   ) -> Table:
    tops = counting.violations(population, counting.PERPETRATOR_TOP)
    categories = counting.violations(population, counting.PERPETRATOR)
    rows: list[Row] = []
    for top in _ordered(tops, catalog, "perpetrator_category"):
        label = (catalog.label("perpetrator_category", top) if top
                 else _("No perpetrator recorded"))
        rows.append(Row(top or "-", label, (tops[top],),
                        drills=_drills("perpetrator_top", top, (False,))))
        if not top:
            continue
        # The category itself, unspecified, is a row of its own under it: keyed apart.
        rows.extend(Row(code if code != top else f"{top}.",
                        catalog.label("perpetrator_category", code) if code != top
                        else _("{category}, not specified further").format(category=label),
                        (categories[code],), parent=top,
                        drills=_drills("perpetrator", code, (False,)))
                    for code in _ordered(categories, catalog, "perpetrator_category")
                    if code and _first(code) == top)
    total = Row(TOTAL_ROW, _("Total"),
                (sum(detail.violations for detail in details),),
                drills=_drills("total", "", (False,)))
    return Table("by_perpetrator", _("By alleged perpetrator"), _("Counts violations."),
                 _columns(VIOLATIONS), tuple(rows), total,
                 (_("A violation with perpetrators of several categories counts under each; "
                    "the total counts it once."),), chart=0)


def by_place(population: Population, details: list[counting.Detail], incidents_at: Incidents,
             all_victims: int, catalog: Catalog) -> Table:
    incidents: dict[str, int] = {}
    for (_month, province, territory), count in incidents_at.items():
        for key in (province, f"{province}/{territory}"):
            incidents[key] = incidents.get(key, 0) + count
    provinces, province_tallies = _tally(details, lambda detail: detail.province)
    territories, territory_tallies = _tally(
        details, lambda detail: f"{detail.province}/{detail.territory}")
    province_victims = _victims(population, counting.PROVINCE, province_tallies)
    territory_victims = _victims(population, counting.TERRITORY, territory_tallies)
    rows: list[Row] = []
    for province in _ordered(provinces, catalog, "province"):
        rows.append(Row(province, catalog.label("province", province),
                        (incidents.get(province, 0), provinces[province],
                         province_victims.get(province, 0)),
                        drills=_drills("province", province, VIOLATIONS_THEN_VICTIMS)))
        for key in sorted((key for key in territories if key.startswith(province + "/")),
                          key=lambda key: catalog.label("territory", key.split("/", 1)[1])
                          or "\uffff"):
            territory = key.split("/", 1)[1]
            rows.append(Row(key, catalog.label("territory", territory) if territory
                            else _("Territory not recorded"),
                            (incidents.get(key, 0), territories[key],
                             territory_victims.get(key, 0)), parent=province,
                            drills=_drills("territory", key, VIOLATIONS_THEN_VICTIMS)))
    total = Row(TOTAL_ROW, _("Total"), (sum(incidents_at.values()), sum(provinces.values()),
                                        all_victims),
                drills=_drills("total", "", VIOLATIONS_THEN_VICTIMS))
    return Table("by_place", _("By province and territory"),
                 _("Counts incidents, violations and victims, where the incident happened."),
                 _columns(INCIDENTS, VIOLATIONS, VICTIMS), tuple(rows), total,
                 (_(VICTIMS_NOTE),), chart=1)


SEX_ROWS = {"female": N_("Women and girls"), "male": N_("Men and boys"),
            "unknown": N_("Sex other or not recorded")}
AGE_COLUMNS = {"adult": N_("Adults"), "child": N_("Children (under 18)"),
               "unknown": N_("Age not recorded")}


def by_sex_age(population: Population, details: list[counting.Detail]) -> Table:
    named = counting.named_victims(population, counting.SEX_AGE)
    for index, (sex, age) in enumerate(counting.TALLY_SEX_AGE):
        key = f"{sex}/{age}"
        named[key] = named.get(key, 0) + sum(detail.tallies[index] for detail in details)
    rows = []
    for sex, label in SEX_ROWS.items():
        values = tuple(named.get(f"{sex}/{age}", 0) for age in AGE_COLUMNS)
        rows.append(Row(sex, _(label), (*values, sum(values)), drills=tuple(
            Drill("sex_age", f"{sex}/{age}", victims=True) for age in AGE_COLUMNS)
            + (Drill("sex", sex, victims=True),)))
    totals = tuple(sum(row.values[index] for row in rows) for index in range(4))
    columns = tuple(Column(age, _(label), _(UNIT_VICTIMS)) for age, label in
                    AGE_COLUMNS.items()) + (Column("total", _("Total"), _(UNIT_VICTIMS),
                                                   measure="victims", row_total=True),)
    return Table("by_sex_age", _("Victims by sex and age"),
                 _("Counts victims, each once."), columns, tuple(rows),
                 Row(TOTAL_ROW, _("Total"), totals, drills=tuple(
                     Drill("age", age, victims=True) for age in AGE_COLUMNS)
                     + (Drill("total", "", victims=True),)),
                 (_("Victims recorded as a number (\"12 women\") count with their sex and "
                    "age group."),), chart=3)


VIOLATIONS_THEN_VICTIMS = (False, False, True)
"""Incidents and violations open the cases of their violations; victims, of their victims."""


def _drills(dimension: str, key: str, victims: tuple[bool, ...]) -> tuple[Drill, ...]:
    return tuple(Drill(dimension, key, counts_victims) for counts_victims in victims)


def _first(code: str) -> str:
    return code.split(".", 1)[0]


def _ordered(found: dict[str, int], catalog: Catalog, vocabulary: str) -> list[str]:
    """Codes in the reference file's order, unknown ones (a retired code) last."""
    order = {term.code: index for index, term in
             enumerate(catalog.terms(vocabulary, include_inactive=True))}
    return sorted(found, key=lambda code: (code == "", order.get(code, len(order)), code))


# --- the cases behind a figure -------------------------------------------------------------------

DIMENSIONS: dict[str, Dimension] = {
    "total": counting.TOTAL, "month": counting.MONTH, "category": counting.CATEGORY,
    "type": counting.TYPE, "province": counting.PROVINCE, "territory": counting.TERRITORY,
    "perpetrator_top": counting.PERPETRATOR_TOP, "perpetrator": counting.PERPETRATOR,
    "verified": counting.VERIFIED, "killing": counting.KILLING, "age": counting.AGE,
    "sex": counting.SEX, "sex_age": counting.SEX_AGE,
}


def cases_behind(session: Session, start: dt.date, end: dt.date, office: str, drill: Drill,
                 title: str = "", *, offset: int = 0, limit: int = 50) -> CasesBehind:
    """The cases behind a figure of the period (``drill``, from its table's row), and a
    page of those this account may open. Audited like a list of cases."""
    action = "statistics.cases"
    dimension = DIMENSIONS.get(drill.dimension)
    with access.unit(session) as audit:
        who, offices, office = scope(session, action, office, start, end)
        if dimension is None:
            raise ValidationError("row", N_("This figure opens no list of cases."))
        population = Population(start, end, offices, _consent_only(session))
        sql, params = counting.cases_behind(population, dimension, drill.key,
                                            victims=drill.victims)
        behind = Case.id.in_(SQL(f"(SELECT case_id FROM ({sql}))", params))
        total = Case.select().where(behind).count()
        mine = [behind, access.Visibility(who).sql()]
        visible = Case.select().where(*mine).count()
        page = summaries(mine, limit, offset=offset)
        audit(action, f"statistics:{office}",
              f"from={start} to={end} {drill.dimension}={drill.key} victims={drill.victims}")
    return CasesBehind(title, total, visible, tuple(page))


def scope_label(code: str) -> str:
    return _(SCOPES.get(code, code))
