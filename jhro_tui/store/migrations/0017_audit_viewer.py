"""The audit viewer's indexes: an account's events, an action's, and a period's bounds.

The trail may hold millions of rows; without these, listing one account's events (or a
rare action's) walked the whole table, some 1 s for 2,000,000 rows. Each index is in
``seq`` order within its key, so a page reads in the list's order with nothing to sort.
"""


def up(migrator, db):
    db.execute_sql("CREATE INDEX IF NOT EXISTS audit_event_account ON audit_event (account)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS audit_event_action ON audit_event (action)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS audit_event_ts ON audit_event (ts)")
