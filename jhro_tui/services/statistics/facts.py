"""What the statistics count, kept as the supervisor validated it.

When a case becomes validated its violations, their named victims (sex and age group)
and their perpetrators' categories are copied into three narrow tables
(``counted_violation``, ``counted_victim``, ``counted_perpetrator``); when it goes back to
draft they are removed. In between the case's documentation cannot change
(``access.SECTION_STATUSES``), so the copy is the case as validated, and a year of
figures reads a few hundred small pages instead of every case's text (at 100,000 cases
the same counts joined through the case files took over 100 ms a table).

``FILL`` is the one statement set that copies them; the migration that created the
tables ran the same SQL once for the cases already validated.
"""

from __future__ import annotations

from jhro_tui.store.db import database

COUNTED_STATUSES = ("validated", "in_follow_up", "closed")
"""A case counts once a supervisor has validated it, and for as long as it lives."""

_CASES = "SELECT id FROM case_file WHERE {where}"
FILL = (
    "INSERT INTO counted_violation (violation_id, case_id, incident_id, office, day, "
    "last_day, precision, province, territory, type_code, verification, unnamed_men, "
    "unnamed_women, unnamed_boys, unnamed_girls, unnamed_unknown) "
    "SELECT v.id, v.case_id, i.id, c.office, i.date_value, "
    "CASE i.date_precision WHEN 'day' THEN i.date_value "
    "WHEN 'month' THEN date(i.date_value, '+1 month', '-1 day') "
    "ELSE date(i.date_value, '+1 year', '-1 day') END, "
    "i.date_precision, i.province_code, i.territory_code, v.type_code, "
    "v.verification_status, v.unnamed_men, v.unnamed_women, v.unnamed_boys, "
    "v.unnamed_girls, v.unnamed_unknown "
    "FROM violation v JOIN incident i ON i.id = v.incident_id "
    "JOIN case_file c ON c.id = v.case_id WHERE v.case_id IN ({cases})",
    "INSERT INTO counted_victim (violation_id, victim_id, case_id, office, day, last_day, "
    "precision, province, territory, type_code, verification, sex, age_group) "
    "SELECT DISTINCT vv.violation_id, vv.victim_id, f.case_id, f.office, f.day, f.last_day, "
    "f.precision, f.province, f.territory, f.type_code, f.verification, vic.sex, "
    "vic.age_group FROM victim_violation vv JOIN victim vic ON vic.id = vv.victim_id "
    "JOIN counted_violation f ON f.violation_id = vv.violation_id "
    "WHERE f.case_id IN ({cases})",
    "INSERT OR IGNORE INTO counted_perpetrator (violation_id, category, top) "
    "SELECT pi.violation_id, "
    "CASE WHEN instr(substr(p.category_code || '.', instr(p.category_code || '.', '.') + 1), "
    "'.') > 1 THEN substr(p.category_code, 1, instr(p.category_code || '.', '.') - 1) || '.' "
    "|| substr(substr(p.category_code || '.', instr(p.category_code || '.', '.') + 1), 1, "
    "instr(substr(p.category_code || '.', instr(p.category_code || '.', '.') + 1), '.') - 1) "
    "ELSE substr(p.category_code, 1, instr(p.category_code || '.', '.') - 1) END, "
    "substr(p.category_code, 1, instr(p.category_code || '.', '.') - 1) "
    "FROM perpetrator_involvement pi JOIN perpetrator p ON p.id = pi.perpetrator_id "
    "JOIN counted_violation f ON f.violation_id = pi.violation_id "
    "WHERE f.case_id IN ({cases})",
)


def fill(where: str, params: tuple[object, ...] = ()) -> None:
    """Copy the counted facts of the cases ``SELECT id FROM case_file WHERE {where}``."""
    cases = _CASES.format(where=where)
    for statement in FILL:
        database.execute_sql(statement.format(cases=cases), params)


def record(case_id: int) -> None:
    """The case was just validated: count it as it stands (inside the transition)."""
    forget(case_id)
    fill("id = ?", (case_id,))


def forget(case_id: int) -> None:
    """The case went back to draft: it no longer counts (its victims and perpetrators
    follow by cascade)."""
    database.execute_sql("DELETE FROM counted_violation WHERE case_id = ?", (case_id,))


def rebuild() -> None:
    """Every validated case counted afresh (after a bulk load such as the demo's)."""
    database.execute_sql("DELETE FROM counted_violation")
    marks = ", ".join("?" for _ in COUNTED_STATUSES)
    fill(f"status IN ({marks})", COUNTED_STATUSES)
