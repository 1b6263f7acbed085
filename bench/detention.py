"""The Detention screen's service (``overview.overview``) as the Goma supervisor and one of
its officers, the home line (``overview.held_past_limit``) and ``jhro report detention``
for a year, each beside the same counts written as plain SQL and run on the same database
through ``sqlcipher3`` (``rawsql.connect``), in the same run.

The service figures are the services alone, in this process: what the screen waits for
before it paints, what the home adds for its line, and what the command does between its
login and its output (the report and its JSON). The SQL is what a hand-written report
would run: the office's rows (a facility and all recorded there belong to the office that
monitors it), then each count.

    python -m bench.detention [DATA_DIR] [--repeat N]    only these figures (default: the
                                                         100,000-case caseload, built if
                                                         needed)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench import caseload, rawsql, report
from bench.justice import timed
from bench.stats import Row, Samples, Target

SUPERVISOR = "supervisor"
OFFICER = "officer"
OFFICE = "Goma"
TARGET = Target("< 100 ms, ≤ 2× baseline", limit=0.100, ratio=2.0)

FLAGGED = ("d.released_at IS NULL AND d.lawful_until <= :now "
           "AND d.review != 'overridden'")

OVERVIEW_SQL = [
    "SELECT facility_id, count(*), sum(lawful_until <= :now AND review != 'overridden') "
    "FROM detainee WHERE office = :office AND released_at IS NULL GROUP BY facility_id",
    "SELECT facility_id, max(visited_on) FROM detention_visit WHERE office = :office "
    "GROUP BY facility_id",
    "SELECT * FROM facility WHERE office = :office ORDER BY name, id",
    "SELECT d.id, d.code, d.facility_id, f.name, d.sex, d.age_group, d.arrested_at, "
    "d.released_at, d.lawful_until, d.lapsed_step, d.review FROM detainee d "
    f"JOIN facility f ON f.id = d.facility_id WHERE d.office = :office AND {FLAGGED} "
    "ORDER BY d.lawful_until, d.id LIMIT 200",
    "SELECT v.id, v.facility_id, f.name, v.visited_on, v.access, v.men, v.women, v.boys, "
    "v.girls, v.case_id FROM detention_visit v JOIN facility f ON f.id = v.facility_id "
    "WHERE v.office = :office AND v.visited_on BETWEEN :start AND :end "
    "ORDER BY v.visited_on DESC, v.id DESC LIMIT 200",
    "SELECT count(*), sum(access = 'refused') FROM detention_visit WHERE office = :office "
    "AND visited_on BETWEEN :start AND :end",
    "SELECT s.basis, count(*) FROM detention_step s JOIN detainee d ON d.id = s.detainee_id "
    "WHERE d.office = :office AND d.released_at BETWEEN :first AND :last "
    "AND s.kind = 'release' GROUP BY s.basis",
    "SELECT count(s.session_id) FROM detention_step s JOIN detainee d "
    "ON d.id = s.detainee_id WHERE d.office = :office "
    "AND d.released_at BETWEEN :first AND :last AND s.kind = 'release'",
]
"""The Detention screen's lists and counts (the period: the last 30 days)."""

HOME_SQL = [f"SELECT count(*) FROM detainee d WHERE d.office = :office AND {FLAGGED}"]

REPORT_SQL = [
    "SELECT access, count(*) FROM detention_visit WHERE office = :office "
    "AND visited_on BETWEEN :year_start AND :end GROUP BY access",
    f"SELECT d.facility_id, count(*), sum({FLAGGED}) FROM detainee d "
    "WHERE d.office = :office AND d.arrested_at <= :now "
    "AND (d.released_at IS NULL OR d.released_at > :now) GROUP BY d.facility_id",
    "SELECT * FROM facility WHERE office = :office ORDER BY name, id",
    "SELECT s.basis, count(*) FROM detention_step s JOIN detainee d ON d.id = s.detainee_id "
    "WHERE d.office = :office AND d.released_at BETWEEN :year_first AND :last "
    "AND s.kind = 'release' GROUP BY s.basis",
    "SELECT m.*, n FROM mobile_session m JOIN (SELECT s.session_id, count(*) AS n "
    "FROM detention_step s JOIN detainee d ON d.id = s.detainee_id "
    "WHERE d.office = :office AND s.kind = 'release' "
    "AND d.released_at BETWEEN :year_first AND :last GROUP BY s.session_id) r "
    "ON r.session_id = m.id ORDER BY m.start_on, m.id",
]
"""``jhro report detention``'s counts for a year, held as at now."""


def measure(data_dir: Path, repeat: int) -> list[Row]:
    from jhro_tui import cli_report_detention
    from jhro_tui.config import Paths, Settings
    from jhro_tui.services import access
    from jhro_tui.services.detention import legal, overview
    from jhro_tui.services.session import login
    from jhro_tui.store.models import Detainee, utc_now

    session = login(Paths(data_dir), Settings(), SUPERVISOR, caseload.PASSPHRASE)
    try:
        screen = timed(lambda: overview.overview(session), repeat)

        def home_line() -> int:
            with access.reading(session):
                who = access.case_actor(session, "home", "home")
                return overview.held_past_limit(who, utc_now())

        home = timed(home_line, repeat)
        zone = session.settings.zone
        day = legal.local_day(utc_now(), zone)
        year_start = dt.date(day.year - 1, day.month, day.day) + dt.timedelta(days=1)
        lines = timed(lambda: cli_report_detention.as_json(
            overview.report(session, year_start, day)), repeat)
        detainees = Detainee.select().count()
    finally:
        session.close()
    officer = login(Paths(data_dir), Settings(), OFFICER, caseload.PASSPHRASE)
    try:
        officer_screen = timed(lambda: overview.overview(officer), repeat)
    finally:
        officer.close()
    now = utc_now()
    start = day - dt.timedelta(days=29)
    after = legal.day_start(day + dt.timedelta(days=1), zone) - dt.timedelta(microseconds=1)
    values = {"office": OFFICE, "now": now.isoformat(" "), "start": start.isoformat(),
              "end": day.isoformat(), "year_start": year_start.isoformat(),
              "first": legal.day_start(start, zone).isoformat(" "),
              "year_first": legal.day_start(year_start, zone).isoformat(" "),
              "last": after.isoformat(" ")}
    key = rawsql.database_key(data_dir, SUPERVISOR, caseload.PASSPHRASE)
    conn = rawsql.connect(Path(data_dir) / "jhro.db", key)
    try:
        def run(statements: list[str]) -> None:
            for sql in statements:
                conn.execute(sql, {name: value for name, value in values.items()
                                   if f":{name}" in sql}).fetchall()

        raw_screen = timed(lambda: run(OVERVIEW_SQL), repeat)
        raw_home = timed(lambda: run(HOME_SQL), repeat)
        raw_report = timed(lambda: run(REPORT_SQL), repeat)
    finally:
        conn.close()
    scale = f"{detainees:,} detainees"
    return [
        Row(f"Detention screen's service (`overview.overview`, supervisor; {scale})", "s",
            Samples.of(screen), Samples.of(raw_screen),
            "(the same lists and counts in SQL)", TARGET),
        Row(f"Detention screen's service (`overview.overview`, officer; {scale})", "s",
            Samples.of(officer_screen), Samples.of(raw_screen),
            "(the same lists and counts in SQL)", TARGET),
        Row("Home line: held past the legal limit (`overview.held_past_limit`)", "s",
            Samples.of(home), Samples.of(raw_home), "(the same count in SQL)", TARGET),
        Row(f"`jhro report detention` for a year ({year_start} to {day}): report and JSON",
            "s", Samples.of(lines), Samples.of(raw_report), "(the same counts in SQL)",
            TARGET),
    ]


def main(argv: list[str] | None = None) -> int:
    return report.run_alone(measure, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
