"""Full-text search text, kept in ``case_search`` and indexed by the ``case_fts`` table.

Triggers (migrations 0002 and 0007) keep one search row per case current as its title,
narrative, incidents, victims' codes, notes and violations change. The violations' types
are there by their labels in both languages, so a search in one finds the other. A bulk
loader that has flagged ``bulk_load`` writes the rows of the cases it added with
``index_cases`` instead, once per batch.
"""

from __future__ import annotations

from jhro_tui.store.db import database

BODY_SQL = """coalesce(c.narrative, '')
    || ' ' || coalesce((SELECT group_concat(locality || ' ' || description, ' ')
                        FROM incident WHERE case_id = c.id), '')
    || ' ' || coalesce((SELECT group_concat(code, ' ') FROM victim
                        WHERE case_id = c.id), '')
    || ' ' || coalesce((SELECT group_concat(body, ' ') FROM note
                        WHERE case_id = c.id), '')
    || ' ' || coalesce((SELECT group_concat(label_en || ' ' || label_fr, ' ')
                        FROM reference_term WHERE vocabulary = 'violation_type'
                        AND code IN (SELECT type_code FROM violation
                                     WHERE case_id = c.id)), '')"""


def index_cases(first_id: int, last_id: int) -> int:
    """Write the search rows of cases ``first_id``..``last_id``, which must have none yet;
    return how many."""
    cursor = database.execute_sql(
        "INSERT INTO case_search (case_id, reference, title, body) "
        f"SELECT c.id, c.reference, c.title, {BODY_SQL} FROM case_file AS c "
        "WHERE c.id BETWEEN ? AND ?", (first_id, last_id))
    return int(cursor.rowcount)


# FTS5's defaults (https://sqlite.org/fts5.html#the_automerge_configuration_option).
AUTOMERGE = 4
CRISISMERGE = 16


def hold_merges() -> None:
    """Let a bulk load leave the index in one segment per transaction; ``merge_all`` then
    makes them one.

    FTS5 merges segments as they accumulate, four of a size into one, so a load rewrote
    its words several times over; merged once at the end, twice. The end's merge costs
    about what the merges on the way did (100,000 cases: 18.3 to 19.6 s either way).
    The setting is stored in the index: ``merge_all`` puts the defaults back. A load cut
    short keeps it, in a demo directory marked unfinished.
    """
    # Past 64 segments FTS5 merges them anyway, which bounds the segments a million cases
    # leave (FTS5 refuses a 2,001st).
    _configure("automerge", 0)
    _configure("crisismerge", 64)


def merge_all() -> None:
    """Merge the whole index into one segment, and let it merge as it grows again.

    Secure-delete looks for each word of a changed case in every segment: on 100,000
    cases, a title edit's commit took 12 to 50 ms (median 17) against the segments a load
    left, 5 to 11 ms (median 7) against one.
    """
    database.execute_sql("INSERT INTO case_fts(case_fts) VALUES ('optimize')")
    _configure("automerge", AUTOMERGE)
    _configure("crisismerge", CRISISMERGE)


def _configure(option: str, value: int) -> None:
    database.execute_sql("INSERT INTO case_fts(case_fts, rank) VALUES (?, ?)", (option, value))
