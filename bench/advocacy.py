"""The Advocacy screen's services and ``jhro report advocacy`` as the Goma supervisor, on
the demo's laws (one per fifty cases: about 2,000 at 100,000 cases, 400 of them Goma's),
each beside the same queries written as plain SQL and run on the same database through
``sqlcipher3`` (``rawsql.connect``), in the same run.

The service figures are the services alone, in this process: what the board waits for
before it paints (``board.first_pages``: every count and the first page of each column
that has a law, in one read), the list's first page with its count (no filter; words of the
title; overdue only), a law's page (``laws.law``, audited as a view, for the law with the
most actions) and the report for a year with its JSON. The SQL is what a hand-written
screen would run: the office's rows, the earliest open follow-up of each law listed, the
law's history, actions with their follow-ups and the linked cases the supervisor may see.

    python -m bench.advocacy [DATA_DIR] [--repeat N]    only these figures (default: the
                                                        100,000-case caseload, built if
                                                        needed)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench import caseload, rawsql, report
from bench.justice import timed
from bench.stats import Row, Samples, Target

ACCOUNT = "supervisor"
OFFICE = "Goma"
PAGE = 40
"""The board's and the list's page (``ui/advocacy/lines.PAGE_SIZE``)."""
WORDS = "défenseurs"
"""A filter on the title's words that finds some of the office's laws."""
TARGET = Target("< 100 ms, ≤ 2× baseline", limit=0.100, ratio=2.0)

NAMES = "SELECT id, name, full_name FROM account"
NEXT_DUE = ("(SELECT min(f.due_on) FROM follow_up f JOIN advocacy_action a "
            "ON f.action_id = a.id WHERE a.law_id = l.id AND f.done_at IS NULL)")
LINE = ("SELECT l.id, l.title, l.kind, l.jurisdiction, l.province_code, l.theme, "
        f"l.priority, l.stage, l.stage_on, l.officer_id, {NEXT_DUE} FROM law l "
        "WHERE l.office = :office {where} "
        "ORDER BY l.priority DESC, l.stage_on DESC, l.id DESC LIMIT :page")
COUNT = "SELECT count(*) FROM law l WHERE l.office = :office {where}"
STAGE_COUNTS = "SELECT stage, count(*) FROM law WHERE office = :office GROUP BY stage"
BY_WORDS = "AND instr(lower(l.title), :words) > 0"
OVERDUE = ("AND EXISTS (SELECT 1 FROM follow_up f JOIN advocacy_action a "
           "ON f.action_id = a.id WHERE a.law_id = l.id AND f.done_at IS NULL "
           "AND f.due_on < :today)")


def board_sql(stages: list[str]) -> list[str]:
    """The counts, then the first page of each column that has a law."""
    return [STAGE_COUNTS, NAMES, *(LINE.format(where=f"AND l.stage = '{stage}'")
                                   for stage in stages)]


def list_sql(where: str) -> list[str]:
    return [COUNT.format(where=where), NAMES, LINE.format(where=where)]


LAW_SQL = [
    "SELECT * FROM law WHERE id = :law",
    NAMES,
    "SELECT * FROM law_stage WHERE law_id = :law ORDER BY \"on\", id",
    "SELECT a.*, f.* FROM advocacy_action a LEFT JOIN follow_up f ON f.action_id = a.id "
    "WHERE a.law_id = :law ORDER BY a.taken_on DESC, a.id DESC",
    "SELECT ac.id, c.id, c.reference, c.title, c.status, ac.action_id FROM advocacy_case ac "
    "JOIN case_file c ON c.id = ac.case_id WHERE ac.law_id = :law AND (c.office = :office "
    "OR c.officer_id = :me OR c.id IN (SELECT case_id FROM case_share "
    "WHERE account_id = :me)) ORDER BY c.reference, ac.id",
    "SELECT count(DISTINCT case_id) FROM advocacy_case WHERE law_id = :law",
]
"""A law's page: the law, its history, its actions with their follow-ups, and the linked
cases the supervisor may see with the count of the others."""

REPORT_SQL = [
    NAMES,
    "SELECT id, title, stage FROM law WHERE office = :office "
    "ORDER BY stage, priority DESC, title, id",
    "SELECT s.law_id, l.title, (SELECT b.stage FROM law_stage b WHERE b.law_id = s.law_id "
    "AND (b.\"on\" < s.\"on\" OR (b.\"on\" = s.\"on\" AND b.id < s.id)) "
    "ORDER BY b.\"on\" DESC, b.id DESC LIMIT 1), s.stage, s.\"on\", s.evidence, "
    "s.recorded_by_id FROM law_stage s JOIN law l ON l.id = s.law_id "
    "WHERE l.office = :office AND s.\"on\" BETWEEN :start AND :end ORDER BY s.\"on\", s.id",
    "SELECT kind, count(*) FROM advocacy_action WHERE office = :office "
    "AND taken_on BETWEEN :start AND :end GROUP BY kind",
    "SELECT institution, count(*) FROM advocacy_action WHERE office = :office "
    "AND taken_on BETWEEN :start AND :end GROUP BY institution",
    "SELECT a.id, a.law_id, l.title, a.taken_on, a.kind, a.institution, a.target_name, "
    "a.target_person, a.summary, a.outcome FROM advocacy_action a "
    "LEFT JOIN law l ON l.id = a.law_id WHERE a.office = :office "
    "AND a.taken_on BETWEEN :start AND :end ORDER BY a.taken_on, a.id",
    "SELECT f.id, f.action_id, a.law_id, l.title, f.description, f.due_on, f.assigned_to_id "
    "FROM follow_up f JOIN advocacy_action a ON a.id = f.action_id "
    "LEFT JOIN law l ON l.id = a.law_id WHERE f.office = :office "
    "AND f.action_id IS NOT NULL AND f.due_on < :end "
    "AND (f.done_at IS NULL OR f.done_at >= :after) ORDER BY f.due_on, f.id",
]
"""``jhro report advocacy``'s reads for a year."""


def measure(data_dir: Path, repeat: int) -> list[Row]:
    from peewee import fn

    from jhro_tui import cli_report_advocacy
    from jhro_tui.config import Paths, Settings
    from jhro_tui.services.advocacy import board, laws
    from jhro_tui.services.advocacy import report as advocacy_report
    from jhro_tui.services.advocacy.board import LawFilter
    from jhro_tui.services.dates import today
    from jhro_tui.services.detention.legal import day_start
    from jhro_tui.services.session import login
    from jhro_tui.store.models import AdvocacyAction, Law

    session = login(Paths(data_dir), Settings(), ACCOUNT, caseload.PASSPHRASE)
    try:
        day = today(session.settings)
        start = dt.date(day.year - 1, day.month, day.day) + dt.timedelta(days=1)
        after = day_start(day + dt.timedelta(days=1), session.settings.zone)
        counts = board.stage_counts(session)
        stages = [count.stage for count in counts if count.laws]

        def whole_board() -> None:
            board.first_pages(session, PAGE)

        def listed(filters: LawFilter) -> None:
            board.count_laws(session, filters)
            board.laws_page(session, filters, 0, PAGE)

        board_times = timed(whole_board, repeat)
        plain = timed(lambda: listed(LawFilter()), repeat)
        by_words = timed(lambda: listed(LawFilter(text=WORDS)), repeat)
        overdue = timed(lambda: listed(LawFilter(overdue=True)), repeat)
        busiest, actions = (Law.select(Law.id, fn.COUNT(AdvocacyAction.id))
                            .join(AdvocacyAction, on=(AdvocacyAction.law == Law.id))
                            .where(Law.office == OFFICE).group_by(Law.id)
                            .order_by(fn.COUNT(AdvocacyAction.id).desc()).limit(1)
                            .tuples().get())
        page = timed(lambda: laws.law(session, busiest), repeat)
        lines = timed(lambda: cli_report_advocacy.as_json(
            advocacy_report.report(session, start, day)), repeat)
        total = Law.select().count()
        office_laws = sum(count.laws for count in counts)
    finally:
        session.close()
    values = {"office": OFFICE, "page": PAGE, "words": WORDS, "today": day.isoformat(),
              "law": busiest, "start": start.isoformat(), "end": day.isoformat(),
              "after": after.isoformat(" ")}
    key = rawsql.database_key(data_dir, ACCOUNT, caseload.PASSPHRASE)
    conn = rawsql.connect(Path(data_dir) / "jhro.db", key)
    try:
        values["me"] = conn.execute("SELECT id FROM account WHERE name = ?",
                                    (ACCOUNT,)).fetchone()[0]

        def run(statements: list[str]) -> None:
            for sql in statements:
                conn.execute(sql, {name: value for name, value in values.items()
                                   if f":{name}" in sql}).fetchall()

        raw_board = timed(lambda: run(board_sql(stages)), repeat)
        raw_plain = timed(lambda: run(list_sql("")), repeat)
        raw_words = timed(lambda: run(list_sql(BY_WORDS)), repeat)
        raw_overdue = timed(lambda: run(list_sql(OVERDUE)), repeat)
        raw_page = timed(lambda: run(LAW_SQL), repeat)
        raw_report = timed(lambda: run(REPORT_SQL), repeat)
    finally:
        conn.close()
    scale = f"{office_laws:,} of {total:,} laws"
    same = "(the same queries in SQL)"
    return [
        Row(f"Advocacy board: `board.first_pages`, every count and each column's first page "
            f"in one read ({scale})",
            "s", Samples.of(board_times), Samples.of(raw_board), same, TARGET),
        Row(f"Advocacy list: count and first page, no filter ({scale})", "s",
            Samples.of(plain), Samples.of(raw_plain), same, TARGET),
        Row(f"Advocacy list: count and first page, words of the title ({scale})", "s",
            Samples.of(by_words), Samples.of(raw_words), same, TARGET),
        Row(f"Advocacy list: count and first page, overdue only ({scale})", "s",
            Samples.of(overdue), Samples.of(raw_overdue), same, TARGET),
        Row(f"A law's page (`laws.law`, {actions} actions; audited as a view)", "s",
            Samples.of(page), Samples.of(raw_page), "(the same reads in SQL, no audit)",
            TARGET),
        Row(f"`jhro report advocacy` for a year ({start} to {day}): report and JSON", "s",
            Samples.of(lines), Samples.of(raw_report), "(the same reads in SQL)", TARGET),
    ]


def main(argv: list[str] | None = None) -> int:
    return report.run_alone(measure, __doc__, argv)


if __name__ == "__main__":
    raise SystemExit(main())
