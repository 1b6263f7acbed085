"""The Justice screen's service (``overview.overview``) and ``jhro report justice`` for a
year, as the Goma supervisor, each beside the same counts written as plain SQL and run on
the same database through ``sqlcipher3`` (``rawsql.connect``), in the same run.

The service figures are the services alone, in this process: what the screen waits for
before it paints, and what the command does between its login and its output (the report
and its JSON). The SQL is what a hand-written report would run: the visibility rule of a
supervisor (cases of the office, assigned, or shared), then each count.

    python -m bench.justice [DATA_DIR] [--repeat N]    only these figures (default: the
                                                       100,000-case caseload, built if needed)
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import caseload, rawsql, report
from bench.stats import Row, Samples, Target

ACCOUNT = "supervisor"
OFFICE = "Goma"
TARGET = Target("< 100 ms, ≤ 2× baseline", limit=0.100, ratio=2.0)

VISIBLE = """
    SELECT proceeding_id FROM proceeding_case WHERE case_id IN (
        SELECT id FROM case_file WHERE office = :office OR officer_id = :me
        OR id IN (SELECT case_id FROM case_share WHERE account_id = :me))"""
"""The supervisor's visible proceedings, from the case indexes (office, officer, shares)
alone, as a hand-written query would find them; each list below checks it again."""

OVERVIEW_SQL = [
    f"SELECT * FROM proceeding WHERE id IN ({VISIBLE}) "
    "AND next_hearing_on BETWEEN :today AND :horizon ORDER BY next_hearing_on, id LIMIT 200",
    f"SELECT stage, count(*) FROM proceeding WHERE id IN ({VISIBLE}) GROUP BY stage",
    f"SELECT * FROM proceeding WHERE id IN ({VISIBLE}) "
    "AND stage NOT IN ('closed', 'enforcement') "
    "AND coalesce(last_hearing_on, opened_on) < :quiet "
    "AND (next_hearing_on IS NULL OR next_hearing_on < :today) "
    "ORDER BY coalesce(last_hearing_on, opened_on), id LIMIT 200",
    f"SELECT count(*) FROM proceeding WHERE id IN ({VISIBLE}) "
    "AND stage NOT IN ('closed', 'enforcement') "
    "AND coalesce(last_hearing_on, opened_on) < :quiet "
    "AND (next_hearing_on IS NULL OR next_hearing_on < :today)",
    f"""SELECT r.id, r.proceeding_id, r.amount, r.currency, r.ordered_on, a.code,
               coalesce(paid.total, 0), p.docket, p.court_code
        FROM reparation r JOIN accused a ON a.id = r.accused_id
        JOIN proceeding p ON p.id = r.proceeding_id
        LEFT JOIN (SELECT reparation_id, sum(amount) AS total FROM reparation_payment
                   GROUP BY reparation_id) paid ON paid.reparation_id = r.id
        WHERE p.id IN ({VISIBLE}) AND coalesce(paid.total, 0) < r.amount
        ORDER BY r.ordered_on, r.id""",
    "SELECT * FROM mobile_session WHERE office = :office ORDER BY start_on DESC LIMIT 200",
]
"""The Justice screen's lists and counts."""

REPORT_SQL = [
    "SELECT stage, count(*) FROM proceeding WHERE office = :office AND opened_on <= :end "
    "GROUP BY stage",
    # Per accused judged in the period: convicted (of at least one charge), of sexual
    # violence, acquitted or dismissed (every charge judged, none convicted), pending.
    """SELECT a.id,
              max(ch.verdict IN ('convicted', 'requalified')),
              max(ch.verdict IN ('convicted', 'requalified') AND
                  (CASE ch.verdict WHEN 'requalified' THEN ch.requalified_code
                   ELSE ch.charge_code END) IN (SELECT code FROM sv_charges)),
              max(ch.verdict = '' OR ch.verdict IS NULL), max(ch.verdict = 'acquitted')
       FROM accused a JOIN proceeding p ON p.id = a.proceeding_id
       LEFT JOIN charge ch ON ch.accused_id = a.id
       WHERE p.office = :office AND a.judged_on BETWEEN :start AND :end GROUP BY a.id""",
    "SELECT r.currency, sum(r.amount) FROM reparation r JOIN proceeding p "
    "ON p.id = r.proceeding_id WHERE p.office = :office "
    "AND r.ordered_on BETWEEN :start AND :end GROUP BY r.currency",
    "SELECT r.currency, sum(pay.amount) FROM reparation_payment pay JOIN reparation r "
    "ON r.id = pay.reparation_id JOIN proceeding p ON p.id = r.proceeding_id "
    "WHERE p.office = :office AND pay.paid_on BETWEEN :start AND :end GROUP BY r.currency",
    # Each session sitting in the period: proceedings heard, accused by outcome, releases.
    """SELECT s.id,
              (SELECT count(*) FILTER (WHERE appeal_of_id IS NULL) FROM proceeding
               WHERE session_id = s.id),
              (SELECT count(*) FILTER (WHERE appeal_of_id IS NOT NULL) FROM proceeding
               WHERE session_id = s.id),
              (SELECT coalesce(sum(released), 0) FROM session_release
               WHERE session_id = s.id)
       FROM mobile_session s WHERE s.office = :office AND s.start_on <= :end
       AND s.end_on >= :start ORDER BY s.start_on""",
    """SELECT a.id, p.session_id, group_concat(ch.verdict), group_concat(ch.charge_code)
       FROM mobile_session s JOIN proceeding p ON p.session_id = s.id
       JOIN accused a ON a.proceeding_id = p.id LEFT JOIN charge ch ON ch.accused_id = a.id
       WHERE s.office = :office AND s.start_on <= :end AND s.end_on >= :start
       GROUP BY a.id""",
]
"""``jhro report justice``'s counts."""


def timed(work: Callable[[], Any], repeat: int) -> list[float]:
    work()  # warm: the first run reads pages from disk and fills the caches
    times = []
    for _run in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def measure(data_dir: Path, repeat: int) -> list[Row]:
    from jhro_tui import cli_report
    from jhro_tui.config import Paths, Settings
    from jhro_tui.services.dates import today
    from jhro_tui.services.justice import overview
    from jhro_tui.services.justice.figures import sexual_violence_codes
    from jhro_tui.services.reference import load_catalog
    from jhro_tui.services.session import login

    session = login(Paths(data_dir), Settings(), ACCOUNT, caseload.PASSPHRASE)
    try:
        day = today(session.settings)
        start, end = dt.date(day.year - 1, day.month, day.day) + dt.timedelta(days=1), day
        screen = timed(lambda: overview.overview(session), repeat)
        lines = timed(lambda: cli_report.as_json(overview.report(session, start, end)),
                      repeat)
        quiet_days = session.settings.justice_quiet_days
    finally:
        session.close()
    monday = day - dt.timedelta(days=day.weekday())
    values = {"office": OFFICE, "today": day.isoformat(),
              "horizon": (monday + dt.timedelta(days=13)).isoformat(),
              "quiet": (day - dt.timedelta(days=quiet_days)).isoformat(),
              "start": start.isoformat(), "end": end.isoformat()}
    key = rawsql.database_key(data_dir, ACCOUNT, caseload.PASSPHRASE)
    conn = rawsql.connect(Path(data_dir) / "jhro.db", key)
    try:
        values["me"] = conn.execute("SELECT id FROM account WHERE name = ?",
                                    (ACCOUNT,)).fetchone()[0]
        conn.execute("CREATE TEMP TABLE sv_charges (code TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO sv_charges VALUES (?)",
                         [(code,) for code in sexual_violence_codes(load_catalog())])

        def run(statements: list[str]) -> None:
            for sql in statements:
                conn.execute(sql, {name: value for name, value in values.items()
                                   if f":{name}" in sql}).fetchall()

        raw_screen = timed(lambda: run(OVERVIEW_SQL), repeat)
        raw_report = timed(lambda: run(REPORT_SQL), repeat)
    finally:
        conn.close()
    return [
        Row("Justice screen's service (`overview.overview`, supervisor)", "s",
            Samples.of(screen), Samples.of(raw_screen), "(the same lists and counts in SQL)",
            TARGET),
        Row(f"`jhro report justice` for a year ({start} to {end}): report and JSON", "s",
            Samples.of(lines), Samples.of(raw_report), "(the same counts in SQL)", TARGET),
    ]


def main(argv: list[str] | None = None) -> int:
    return report.run_alone(measure, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
