"""Full-text search text, kept in ``case_search`` and indexed by the ``case_fts`` table.

Triggers (migration 0002) keep one search row per case current as its title, narrative,
incidents, victims' codes and notes change. A bulk loader that has flagged ``bulk_load``
writes the rows of the cases it added with ``index_cases`` instead, once per batch.
"""

from __future__ import annotations

from jhro_tui.store.db import database

BODY_SQL = """coalesce(c.narrative, '')
    || ' ' || coalesce((SELECT group_concat(locality || ' ' || description, ' ')
                        FROM incident WHERE case_id = c.id), '')
    || ' ' || coalesce((SELECT group_concat(code, ' ') FROM victim
                        WHERE case_id = c.id), '')
    || ' ' || coalesce((SELECT group_concat(body, ' ') FROM note
                        WHERE case_id = c.id), '')"""


def index_cases(first_id: int, last_id: int) -> int:
    """Write the search rows of cases ``first_id``..``last_id``, which must have none yet;
    return how many."""
    cursor = database.execute_sql(
        "INSERT INTO case_search (case_id, reference, title, body) "
        f"SELECT c.id, c.reference, c.title, {BODY_SQL} FROM case_file AS c "
        "WHERE c.id BETWEEN ? AND ?", (first_id, last_id))
    return int(cursor.rowcount)
